import { createMetrics, type OutboxBacklog } from './metrics';

const value = (text: string, name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);

describe('outbox backlog gauges', () => {
  it('read the backlog once per scrape for both gauges, and keep their last values when it cannot be read', async () => {
    const answers: Array<OutboxBacklog | Error> = [{ events: 42, oldestSeconds: 7.5 }, new Error('database away'), { events: 0, oldestSeconds: 0 }];
    let reads = 0;
    const metrics = createMetrics('spec', false, async () => {
      const answer = answers[reads++];
      if (answer instanceof Error) throw answer;
      return answer;
    });

    const first = await metrics.registry.metrics();
    expect(reads).toBe(1);
    expect([value(first, 'hub_outbox_unpublished_events'), value(first, 'hub_outbox_oldest_unpublished_seconds')]).toEqual([42, 7.5]);

    // The database does not answer: the scrape still succeeds, with the last values.
    const second = await metrics.registry.metrics();
    expect(reads).toBe(2);
    expect([value(second, 'hub_outbox_unpublished_events'), value(second, 'hub_outbox_oldest_unpublished_seconds')]).toEqual([42, 7.5]);

    const third = await metrics.registry.metrics();
    expect([value(third, 'hub_outbox_unpublished_events'), value(third, 'hub_outbox_oldest_unpublished_seconds')]).toEqual([0, 0]);
  });

  it('are absent where there is no outbox to watch (the gateway)', async () => {
    expect(await createMetrics('gateway', false).registry.metrics()).not.toContain('hub_outbox_');
  });
});
