/**
 * What the feature benchmarks share: their row shape, a timer, a median, and running one of
 * them on its own (`node -r @swc-node/register bench/<name>.ts`, after `npm run build`).
 */
export interface BenchRow {
  case: string;
  value: number;
  unit: string;
  note?: string;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

/** The lower median: for an odd number of runs, the middle one. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** Runs a benchmark when its file is the entry point, prints its rows, and exits. */
export function runStandalone(module: NodeModule, bench: () => Promise<BenchRow[]>): void {
  if (require.main !== module) return;
  bench()
    .then((rows) => {
      console.table(rows);
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
