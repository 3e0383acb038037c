import { parseArgs } from 'node:util';
import { generateScaleData, SCALE_SIZES, type ScaleResult, type ScaleSize } from './scale';

/**
 * Fills MySQL/MariaDB with the deterministic synthetic region the benchmarks run on:
 *
 *   npm run generate-scale-data -- --size city [--seed 2026] [--database-url mysql://root@127.0.0.1:3306/scale_city] [--force] [--json]
 *
 * The database URL names the prefix (scale_city → scale_city_community, scale_city_property, ...);
 * without one it is SCALE_DATABASE_URL, or scale_<size> on the local server. A second run with the
 * same size and seed reuses what is there.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'city' },
      seed: { type: 'string', default: '2026' },
      'database-url': { type: 'string' },
      force: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const size = values.size as ScaleSize;
  if (!(size in SCALE_SIZES)) throw new Error(`--size must be one of ${Object.keys(SCALE_SIZES).join(', ')}, got ${values.size}`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be a whole number, got ${values.seed}`);
  const databaseUrl = values['database-url'] ?? process.env.SCALE_DATABASE_URL ?? `mysql://root@127.0.0.1:3306/scale_${size}`;
  const result = await generateScaleData({ databaseUrl, size, seed, force: values.force, log: values.json ? undefined : (line) => console.log(line) });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else console.log(table(result));
}

function table(r: ScaleResult): string {
  const lines = [
    `${r.size}, seed ${r.seed}, generator v${r.version}${r.reused ? ' (reused: already there)' : ''}`,
    '',
    `| table | rows |`,
    `|---|---:|`,
    ...Object.entries(r.counts).map(([t, n]) => `| ${t} | ${n.toLocaleString('en')} |`),
    `| **total** | **${r.rows.toLocaleString('en')}** |`,
    '',
    `${r.seconds} s, ${r.rowsPerSecond.toLocaleString('en')} rows/s${r.reused ? ' when generated' : ''}`,
    ...r.summaries.map((s) => `summary ${s.subgraph}.${s.name}: ${s.seconds} s`),
    '',
    `fixture: district ${r.fixture.district.code}, street ${r.fixture.street.code} (${r.fixture.street.compounds} compounds), resident ${r.fixture.resident.personId}, firm ${r.fixture.firm.id} (${r.fixture.firm.compounds} compounds, ${r.fixture.firm.workOrders} work orders)`,
  ];
  return lines.join('\n');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
