import { SUBGRAPHS, openSubgraphDatabase, type Database } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { DEFINITIONS } from '../scripts/hub';

/** On MySQL the schema comes from hand-written migrations; they must say what the entities say. */
let env: TestEnvironment;
const opened: Database[] = [];

beforeAll(() => {
  env = testEnvironment();
});

afterAll(async () => {
  for (const db of opened) await db.ds.destroy();
  await env.cleanup();
});

it.each(SUBGRAPHS.map((s) => [s]))('%s: migrations leave nothing for the entities to change', async (name) => {
  const db = await openSubgraphDatabase(DEFINITIONS[name], env.config);
  opened.push(db);
  const pending = await db.ds.driver.createSchemaBuilder().log();
  expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  // and they ran once: a second open finds nothing to do
  expect(await db.ds.showMigrations()).toBe(false);
});
