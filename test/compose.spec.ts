import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'graphql';
import { composeServices } from '@theguild/federation-composition';
import { composeSupergraph } from '../scripts/compose-supergraph';

const root = join(__dirname, '..');

describe('supergraph composition', () => {
  it('composes the four subgraphs into exactly the committed gateway/supergraph.graphql', () => {
    expect(composeSupergraph()).toBe(readFileSync(join(root, 'gateway', 'supergraph.graphql'), 'utf8'));
  });

  it('joins Compound across all four subgraphs', () => {
    const sdl = composeSupergraph();
    const compound = sdl.slice(sdl.indexOf('type Compound'), sdl.indexOf('}', sdl.indexOf('type Compound')));
    for (const graph of ['COMMUNITY', 'PROPERTY', 'FINANCE', 'RATING']) expect(compound).toContain(`@join__type(graph: ${graph}, key: "id")`);
  });

  it('reports a conflicting field type as a composition error', () => {
    const result = composeServices([
      { name: 'a', url: 'http://a', typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"]) type Compound @key(fields: "id") { id: ID! households: Int @shareable } type Query { a: Compound }`) },
      { name: 'b', url: 'http://b', typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"]) type Compound @key(fields: "id") { id: ID! households: String @shareable }`) },
    ]);
    expect(result.errors?.length).toBeGreaterThan(0);
  });

  it('`npm run compose -- --check` passes on the committed file', () => {
    const out = execFileSync('node', ['-r', '@swc-node/register', 'scripts/compose-supergraph.ts', '--check'], { cwd: root, encoding: 'utf8' });
    expect(out).toContain('up to date');
  });
});
