import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './feature-bench';
import { runCommunityPlacesBench } from './community-places';
import { runCommunityDeliberationBench } from './community-deliberation';
import { runCommunityRequestsBench } from './community-requests';
import { runCommunityElectionsBench } from './community-elections';
import { runPropertyFirmsBench } from './property-firms';
import { runPropertyParkingBench } from './property-parking';
import { runPropertyWorkOrdersBench } from './property-work-orders';
import { runFinanceBench } from './finance';
import { runRatingRoundsBench } from './rating-rounds';
import { runRatingWebhooksBench } from './rating-webhooks';
import { runIngestionBench } from './ingestion';
import { run as runAnalystsBench } from './analysts';

/**
 * `npm run bench:features`: every feature benchmark at the sizes its issue names, one after the
 * other on MariaDB/MySQL and Redis, as one table; also written as JSON under bench/results/.
 * `BENCH_ONLY=finance,rating-rounds` runs a subset.
 */
export const BENCHES: Record<string, () => Promise<BenchRow[]>> = {
  'community-places': () => runCommunityPlacesBench(),
  'community-deliberation': () => runCommunityDeliberationBench(),
  'community-requests': () => runCommunityRequestsBench(),
  'community-elections': () => runCommunityElectionsBench(),
  'property-firms': () => runPropertyFirmsBench(),
  'property-parking': () => runPropertyParkingBench(),
  'property-work-orders': () => runPropertyWorkOrdersBench(),
  finance: () => runFinanceBench(),
  'rating-rounds': () => runRatingRoundsBench(),
  'rating-webhooks': () => runRatingWebhooksBench({ compounds: 300, endpoints: 100 }),
  ingestion: () => runIngestionBench({ records: 30_000 }),
  analysts: () => runAnalystsBench(),
};

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : Object.keys(BENCHES);
  const unknown = only.filter((name) => !BENCHES[name]);
  if (unknown.length) throw new Error(`BENCH_ONLY names no benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  const rows: Array<BenchRow & { bench: string }> = [];
  for (const name of only) {
    const started = Date.now();
    console.error(`${name} ...`);
    for (const row of await BENCHES[name]()) rows.push({ bench: name, ...row });
    console.error(`${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  console.table(rows);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `features-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, rows }, null, 2));
  console.error(`written to ${file}`);
}

// `npm run bench` imports the list above and runs it in its own table.
if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
