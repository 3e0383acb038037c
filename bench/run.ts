import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './feature-bench';
import { BENCHES as FEATURE_BENCHES } from './features';

/**
 * `npm run bench`: every benchmark of the hub, one section after another on MariaDB/MySQL and
 * Redis, as ONE table; the same rows are written as JSON to bench/results/bench-<timestamp>.json.
 *
 *   BENCH_ONLY=gateway,analysts   run some sections (`features` names every feature benchmark)
 *   BENCH_SECONDS=30              measured seconds per load case where a section runs load
 *
 * Each section is a module exporting `run(): Promise<BenchRow[]>` that sets up and drops its own
 * databases. A section whose module is not in bench/ is skipped with a note, so the table grows
 * as sections are added.
 */
type Section = { name: string; title: string; run: () => Promise<BenchRow[]> } | { name: string; title: string; missing: string };

const MODULE_SECTIONS: Array<[name: string, file: string, title: string]> = [
  ['gateway', 'gateway-peers', 'gateway against its peers'],
  ['analysts', 'analysts', 'analyst aggregates'],
  ['statements', 'statements', 'SQL statements per operation'],
  ['realtime', 'realtime', 'subscriptions and webhooks'],
  ['ingestion', 'ingestion', 'ingestion throughput'],
];

function sections(): Section[] {
  const list: Section[] = MODULE_SECTIONS.map(([name, file, title]) => {
    if (!existsSync(join(__dirname, `${file}.ts`))) return { name, title, missing: `bench/${file}.ts is not there yet` };
    // Loaded only when present: a section still being written does not stop the others.
    let mod: { run?: () => Promise<BenchRow[]> };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require(`./${file}`) as typeof mod;
    } catch (error) {
      return { name, title, missing: `bench/${file}.ts does not load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
    }
    if (typeof mod.run !== 'function') return { name, title, missing: `bench/${file}.ts exports no run()` };
    return { name, title, run: mod.run };
  });
  // A section also listed among the feature benchmarks runs once, as its own section.
  for (const [name, run] of Object.entries(FEATURE_BENCHES)) if (!list.some((s) => s.name === name)) list.push({ name, title: `feature: ${name}`, run });
  return list;
}

type Row = BenchRow & { section: string };

async function main(): Promise<void> {
  const all = sections();
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set([...all.map((s) => s.name), 'features']);
  const unknown = (only ?? []).filter((n) => !known.has(n));
  if (unknown.length) throw new Error(`BENCH_ONLY names no section ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  const chosen = only ? all.filter((s) => only.includes(s.name) || (only.includes('features') && s.title.startsWith('feature:'))) : all;

  const started = Date.now();
  const rows: Row[] = [];
  const timings: Record<string, number> = {};
  let failed = 0;
  for (const section of chosen) {
    if ('missing' in section) {
      rows.push({ section: section.name, case: 'skipped', value: NaN, unit: '', note: section.missing });
      continue;
    }
    const t = Date.now();
    console.error(`${section.name} (${section.title}) ...`);
    try {
      for (const row of await section.run()) rows.push({ section: section.name, ...row });
    } catch (error) {
      failed++;
      console.error(error);
      rows.push({ section: section.name, case: 'FAILED', value: NaN, unit: '', note: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
    timings[section.name] = Math.round((Date.now() - t) / 1000);
    console.error(`${section.name} done in ${timings[section.name]} s`);
  }

  const machine = describeMachine();
  console.log(`\n${new Date().toISOString()}  ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}; whole run ${Math.round((Date.now() - started) / 1000)} s\n`);
  printTable(rows);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, env: { BENCH_ONLY: process.env.BENCH_ONLY ?? null, BENCH_SECONDS: process.env.BENCH_SECONDS ?? null }, secondsPerSection: timings, rows }, null, 2) + '\n');
  console.log(`\nwritten to bench/results/${file.split(/[\\/]/).pop()}`);
  if (failed) throw new Error(`${failed} section(s) failed; see above`);
}

function describeMachine() {
  const cpuModel = cpus()[0]?.model ?? readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  return { cpus: cpus().length, cpuModel, memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.version };
}

function printTable(rows: Row[]): void {
  const cells = [['section', 'case', 'value', 'unit', 'note'], ...rows.map((r) => [r.section, r.case, Number.isNaN(r.value) ? '' : String(r.value), r.unit, r.note ?? ''])];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c: string[]) => [c[0].padEnd(widths[0]), c[1].padEnd(widths[1]), c[2].padStart(widths[2]), c[3].padEnd(widths[3]), c[4]].join('  ').trimEnd();
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).concat('----').join('  '));
  let previous = '';
  for (const c of cells.slice(1)) {
    console.log(line(c[0] === previous ? ['', ...c.slice(1)] : c));
    previous = c[0];
  }
}

// Exits explicitly: a section may leave a library's handle open.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
