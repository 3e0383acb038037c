/**
 * `npm start`: the whole hub in the foreground with the Ningbo demo seeded, then the URL, an
 * example query and a demo token per role. Ctrl-C stops everything cleanly.
 */
import { createLogger, exitOnSignal, loadConfig, ROLES, runMain, type Claims, type Role } from '@hub/platform';
import { EXAMPLE_QUERY, signDevToken } from '@hub/gateway';
import { ensureDemoIngestionSources } from '@hub/property';
import { startErpSimulator, startUtilitySimulator } from '@hub/simulators';
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
  const feeds = await startDemoFeeds(hub.subgraphs.property.ds);
  exitOnSignal(log, config.shutdownGraceMs, [() => hub.stop(), feeds.stop]);
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
      feeds.line,
      'Without a token you are an anonymous caller and see public fields only.',
      'Ctrl-C stops the hub.',
      '',
    ].join('\n'),
  );
});

/**
 * Ingestion from the first minute: a simulated Chunjiang ERP (vendor A) and a utility feed, slow
 * and with a few malformed records, registered as the sources `demo-erp` (the demo INTEGRATION
 * token's source) and `demo-utility`; the ERP keeps producing a few records a minute.
 */
async function startDemoFeeds(ds: import('typeorm').DataSource): Promise<{ line: string; stop(): Promise<void> }> {
  // Bearer token of the pulls and Standard Webhooks secret of pushes to /ingest/demo-erp.
  process.env.DEMO_INGEST_SECRET ||= 'whsec_ZGVtby1pbmdlc3Qtc2VjcmV0LTAxMjM0NTY3';
  const token = process.env.DEMO_INGEST_SECRET;
  const gcss = DEMO_IDS.guangchangShangsha;
  const inspection = { planId: demoId('property/inspection/guangchang'), checkpoints: [1, 2, 3, 4, 5].map((n) => `${n}号出入口道闸`) };
  const erp = await startErpSimulator({ shape: 'erp-a', seed: 'demo', firmId: DEMO_IDS.chunjiangFirm, compounds: [{ id: gcss, gates: [1, 2, 3, 4, 5].map((n) => `GCSS-${n}`), inspection }], records: 120, token, knobs: { latencyMs: 200, malformedRate: 0.03 } });
  const grid = await startUtilitySimulator({ seed: 'demo', compounds: [gcss, DEMO_IDS.mengda], records: 30, token, knobs: { latencyMs: 200 } });
  const common = { credentialsRef: 'env:DEMO_INGEST_SECRET', scheduleSeconds: 10, pageSize: 50, rateLimitPerSecond: 2 };
  await ensureDemoIngestionSources(ds, [
    { id: 'demo-erp', kind: 'ERP', adapter: 'erp-a', baseUrl: erp.url, firmId: DEMO_IDS.chunjiangFirm, ...common },
    { id: 'demo-utility', kind: 'UTILITY', adapter: 'utility-grid', baseUrl: grid.url, firmId: null, ...common },
  ]);
  const live = setInterval(() => erp.extend(3), 20_000);
  live.unref();
  return {
    line: `Ingestion: sources demo-erp (simulated Chunjiang ERP at ${erp.url}) and demo-utility (${grid.url}) are pulled every 10 s; see ingestionStatus(sourceId: "demo-erp") as ADMIN.`,
    async stop() {
      clearInterval(live);
      await Promise.all([erp.stop(), grid.stop()]);
    },
  };
}
