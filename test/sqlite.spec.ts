import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { gql, tokenFor } from './client';

/** The embedded path `npm start` uses by default: SQLite files, same query, same answer. */
let env: TestEnvironment;
let hub: Hub;
const dir = mkdtempSync(join(tmpdir(), 'hub-sqlite-'));

beforeAll(async () => {
  env = testEnvironment({ DATABASE_URL: `sqlite:${dir}` });
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle();
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps one SQLite file per subgraph', () => {
  for (const name of ['community', 'property', 'finance', 'rating']) expect(existsSync(join(dir, `${name}.sqlite`))).toBe(true);
});

it('answers the cross-subgraph query from SQLite', async () => {
  const token = tokenFor({ sub: 'official', role: 'OFFICIAL', regions: [DEMO_REGIONS.shiqi] });
  const { body } = await gql(
    hub.gateway.url,
    `query($id: ID!) { compound(id: $id) { name households district { name } propertyContract { model firm { name } } publicRevenueBalanceFen latestRating { period score } } }`,
    { token, variables: { id: DEMO_IDS.guangchangShangsha } },
  );
  expect(body.errors).toBeUndefined();
  expect(body.data.compound).toEqual({
    name: '广场商厦区域',
    households: 148,
    district: { name: '海曙区' },
    propertyContract: { model: 'STANDARD', firm: { name: '春江物业' } },
    publicRevenueBalanceFen: 3_472_800,
    latestRating: { period: '2026-Q3', score: 92.35 },
  });
});

it('seeds the demo only once across restarts', async () => {
  await hub.stop();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  const { body } = await gql(hub.gateway.url, '{ compounds(first: 50) { edges { node { name } } } }');
  expect(body.data.compounds.edges).toHaveLength(3);
});
