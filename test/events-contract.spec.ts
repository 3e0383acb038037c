import { SUBGRAPHS, topicsConsumedBy } from '@hub/platform';
import { DEFINITIONS } from '../scripts/hub';

/**
 * Every topic routed to a subgraph must have a handler there: an event without one would sit in
 * the failed set instead of being applied.
 */
describe('event contract', () => {
  it.each(SUBGRAPHS)('%s handles every topic routed to it and nothing else', (name) => {
    const handled = Object.keys(DEFINITIONS[name].events ?? {}).sort();
    expect(handled).toEqual([...topicsConsumedBy(name)].sort());
  });
});
