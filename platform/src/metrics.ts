import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per service instance so that in-process test hubs do not share counters. */
export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'route' | 'status'>;
  sqlStatements: Counter<string>;
  outboxPublished: Counter<string>;
}

export function createMetrics(service: string, collectDefaults = true): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (collectDefaults) collectDefaultMetrics({ register: registry });
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
    outboxPublished: new Counter({
      name: 'hub_outbox_published_total',
      help: 'Outbox events moved onto the queue',
      registers: [registry],
    }),
  };
}
