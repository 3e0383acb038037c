/**
 * Composes the four subgraph schemas into gateway/supergraph.graphql.
 *   npm run compose             write the file
 *   npm run compose -- --check  fail if composition fails or the committed file is stale
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';
import { composeServices } from '@theguild/federation-composition';

const root = join(__dirname, '..');
const SUBGRAPHS = [
  ['community', 4001],
  ['property', 4002],
  ['finance', 4003],
  ['rating', 4004],
] as const;
const target = join(root, 'gateway', 'supergraph.graphql');

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map(([name, port]) => ({
      name,
      url: `http://127.0.0.1:${port}/graphql`,
      typeDefs: parse(readFileSync(join(root, 'subgraphs', name, 'schema.graphql'), 'utf8')),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return `# Composed by \`npm run compose\` from subgraphs/*/schema.graphql; do not edit.\n${result.supergraphSdl.trim()}\n`;
}

if (require.main === module) {
  try {
    const sdl = composeSupergraph();
    if (process.argv.includes('--check')) {
      const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
      if (current !== sdl) {
        console.error('gateway/supergraph.graphql is stale: run `npm run compose` and commit the result');
        process.exit(1);
      }
      console.log('supergraph is composed and up to date');
    } else {
      writeFileSync(target, sdl);
      console.log(`wrote ${target.slice(root.length + 1)}`);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
