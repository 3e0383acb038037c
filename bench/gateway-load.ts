import { fork } from 'node:child_process';
import { join } from 'node:path';
import autocannon = require('autocannon');

/**
 * Load for the gateway comparison: autocannon in a process of its own, so that building requests
 * and reading answers is charged to neither the gateway nor the subgraphs.
 */
export interface LoadCommand {
  url: string;
  /** Taken in turn across all connections, so that requests in flight at once ask for different things. */
  requests: { body: string; headers: Record<string, string> }[];
  connections: number;
  seconds: number;
}

export interface LoadSample {
  requests: number;
  seconds: number;
  /** Answers not 200, answers carrying GraphQL errors, and socket errors or timeouts. */
  failed: number;
  /** Latency percentiles over the run, in ms. */
  p50: number;
  p99: number;
}

export type LoadReply = { ok: true; sample: LoadSample } | { ok: false; error: string };

async function runLoad({ url, requests, connections, seconds }: LoadCommand): Promise<LoadSample> {
  let next = 0;
  let withErrors = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (request) => {
          const r = requests[next++ % requests.length];
          return { ...request, method: 'POST', body: r.body, headers: { 'content-type': 'application/json', ...r.headers } };
        },
        onResponse: (status, body) => {
          if (status === 200 && body.includes('"errors"')) withErrors++;
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    seconds: result.duration,
    failed: result.non2xx + result.errors + result.timeouts + withErrors,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

export interface LoadProcess {
  run(command: LoadCommand): Promise<LoadSample>;
  close(): void;
}

export function startLoadProcess(): LoadProcess {
  // Inherits the parent's execArgv, so the TypeScript loader the parent runs under applies too.
  const child = fork(join(__dirname, 'gateway-load.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  return {
    run(command) {
      return new Promise<LoadSample>((resolve, reject) => {
        if (exited) return reject(new Error('load process has exited'));
        const timer = setTimeout(() => finish(new Error('load process did not answer in time')), command.seconds * 1000 + 30_000);
        const onExit = (code: number | null) => finish(new Error(`load process exited (${code})`));
        const onMessage = (reply: LoadReply) => finish(reply.ok ? null : new Error(reply.error), reply.ok ? reply.sample : undefined);
        function finish(error: Error | null, sample?: LoadSample) {
          clearTimeout(timer);
          child.off('exit', onExit);
          child.off('message', onMessage);
          if (error) reject(error);
          else resolve(sample!);
        }
        child.on('exit', onExit);
        child.on('message', onMessage);
        child.send(command);
      });
    },
    close() {
      if (!exited) child.kill();
    },
  };
}

if (require.main === module) {
  process.on('message', (command: LoadCommand) => {
    runLoad(command).then(
      (sample) => process.send!({ ok: true, sample } satisfies LoadReply),
      (error: unknown) => process.send!({ ok: false, error: String(error) } satisfies LoadReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
