import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per service instance so that in-process test hubs do not share counters. */
export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'route' | 'status'>;
  sqlStatements: Counter<string>;
}

/** What the service's outbox holds that no relay has put on a queue yet. */
export interface OutboxBacklog {
  events: number;
  /** Age of the oldest of them; 0 when there is none. */
  oldestSeconds: number;
}

/**
 * `outboxBacklog`, when given, is read at each scrape (one statement for both gauges): a relay
 * that is down or falling behind shows as a growing age long before anyone misses an event.
 */
export function createMetrics(service: string, collectDefaults = true, outboxBacklog?: () => Promise<OutboxBacklog>): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (collectDefaults) collectDefaultMetrics({ register: registry });
  if (outboxBacklog) addBacklogGauges(registry, outboxBacklog);
  return {
    registry,
    httpDuration: new Histogram({
      name: 'hub_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    sqlStatements: new Counter({ name: 'hub_sql_statements_total', help: 'SQL statements sent', registers: [registry] }),
  };
}

function addBacklogGauges(registry: Registry, outboxBacklog: () => Promise<OutboxBacklog>): void {
  let reading: Promise<OutboxBacklog | null> | null = null;
  // Both gauges are collected in one scrape: they share one read. A database that does not answer
  // leaves them at their last values (/readyz is what reports it), rather than failing the scrape.
  const read = () =>
    (reading ??= outboxBacklog()
      .catch(() => null)
      .finally(() => (reading = null)));
  const gauges: Array<[string, string, (b: OutboxBacklog) => number]> = [
    ['hub_outbox_unpublished_events', 'Committed events no relay has put on a queue yet', (b) => b.events],
    ['hub_outbox_oldest_unpublished_seconds', 'Age of the oldest committed event no relay has put on a queue yet (0 when none)', (b) => b.oldestSeconds],
  ];
  for (const [name, help, pick] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const backlog = await read();
        if (backlog) this.set(pick(backlog));
      },
    });
  }
}
