/**
 * `npm start`: the whole hub in the foreground with the Ningbo demo seeded, then the URL, an
 * example query and a demo token per role. Ctrl-C stops everything cleanly.
 */
import { createLogger, exitOnSignal, loadConfig, ROLES, runMain, type Claims, type Role } from '@hub/platform';
import { EXAMPLE_QUERY, signDevToken } from '@hub/gateway';
import { startHub } from './hub';
import { DEMO_IDS, DEMO_REGIONS, demoId } from './demo-data';

/** One demo caller per role, scoped to the demo data so every token shows something. */
export function demoClaims(role: Exclude<Role, 'ANONYMOUS'>): Claims & { sub: string } {
  const scope: Partial<Claims> = {
    OFFICIAL: { regions: [DEMO_REGIONS.shiqi] },
    PARTY_ORGANISATION: { regions: [DEMO_REGIONS.dongfang] },
    OWNERS_COMMITTEE: { compounds: [DEMO_IDS.guangchangShangsha] },
    PROPERTY_FIRM: { firm: DEMO_IDS.chunjiangFirm },
    // An owner of the Guangchang Shangsha area on the register, so that `me` and `myRequests` show the seeded rows.
    RESIDENT: { compounds: [DEMO_IDS.guangchangShangsha], units: [demoId('unit/gcss/1/201')] },
    INTEGRATION: { source: 'demo-erp', compounds: [DEMO_IDS.guangchangShangsha] },
    PARTNER: { regions: [DEMO_REGIONS.haishu] },
  }[role as string] ?? {};
  const sub = role === 'RESIDENT' ? demoId('person/gcss/0') : `demo-${role.toLowerCase().replace(/_/g, '-')}`;
  return { ...scope, sub, role };
}

runMain(async () => {
  const config = loadConfig();
  const log = createLogger('hub', config.logLevel);
  const hub = await startHub(config, { seed: true });
  exitOnSignal(log, config.shutdownGraceMs, [() => hub.stop()]);
  if (!config.jwt.secret) return;
  const tokens = ROLES.map((role) => `  ${role.padEnd(19)} ${signDevToken(config.jwt.secret!, demoClaims(role))}`);
  const graphiql = hub.gateway.url;
  process.stdout.write(
    [
      '',
      `The hub is running. GraphQL and GraphiQL: ${graphiql}`,
      '',
      'Example query (GraphiQL opens with it):',
      EXAMPLE_QUERY.replace(/^/gm, '  '),
      'Demo tokens (7 days); in GraphiQL set the header {"Authorization": "Bearer <token>"}:',
      ...tokens,
      '',
      'Without a token you are an anonymous caller and see public fields only.',
      'Ctrl-C stops the hub.',
      '',
    ].join('\n'),
  );
});
