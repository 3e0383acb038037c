import { loadConfig } from './config';
import { createLogger } from './logger';
import { exitOnSignal, runMain } from './shutdown';
import { startSubgraph, type SubgraphDefinition } from './subgraph';

/** `node dist/main.js` of a subgraph: one process, configured from the environment. */
export function runSubgraphMain(def: SubgraphDefinition): void {
  runMain(async () => {
    const config = loadConfig();
    const log = createLogger(def.name, config.logLevel);
    const running = await startSubgraph(def, config, { logger: log });
    exitOnSignal(log, config.shutdownGraceMs, [() => running.stop()]);
  });
}

type ResolverMap = Record<string, Record<string, unknown>>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Merges feature resolver maps type by type; a field defined twice is a programming error.
 * Scalars (class instances) are taken as they are.
 */
export function mergeResolvers(...maps: object[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of maps as ResolverMap[]) {
    for (const [type, fields] of Object.entries(map)) {
      if (!isPlainObject(fields)) {
        if (type in merged) throw new Error(`resolver ${type} is defined twice`);
        merged[type] = fields;
        continue;
      }
      const target = (merged[type] ??= {});
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`resolver ${type}.${field} is defined twice`);
        target[field] = resolver;
      }
    }
  }
  return merged;
}
