import { closedLoop, HttpClient, iterationFor, type LoadCommand, type LoadReply } from './load';

/** Child-process entry of the load generator: runs one case per message and answers with its figures. */
let client: HttpClient | null = null;

process.on('message', (command: LoadCommand) => {
  client ??= new HttpClient(command.connections);
  closedLoop(iterationFor(command.spec, client), command.connections, command.durationMs).then(
    (sample) => process.send!({ ok: true, sample } satisfies LoadReply),
    (error: unknown) => process.send!({ ok: false, error: String(error) } satisfies LoadReply),
  );
});

process.on('disconnect', () => {
  client?.close();
  process.exit(0);
});
