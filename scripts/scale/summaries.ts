import type { DataSource } from 'typeorm';
import type { SubgraphName } from '@hub/platform';
import { rebuildRequestSummaries } from '@hub/community/dist/stats/request-summary';
import { recountCoverage } from '@hub/community/dist/organisations/compound-coverage';
import { rebuildPostingRegionSummary } from '@hub/finance/dist/stats/posting-region-summary';
import { rebuildStatementAudits } from '@hub/finance/dist/audits/statement-audit';
import { rebuildPropertySummaries } from '@hub/property/dist/stats/property-summary';

/**
 * Pre-aggregated and derived tables the services keep up to date as they write. Rows the scale generator
 * writes in bulk bypass those services, so each summary is rebuilt from its source tables once
 * generation is done, in the order listed here.
 */
export const SUMMARY_REBUILDERS: Array<{ subgraph: SubgraphName; name: string; rebuild(ds: DataSource): Promise<void> }> = [
  { subgraph: 'community', name: 'request_summary, request_resolve_histogram, request_resolve_year_histogram', rebuild: (ds) => rebuildRequestSummaries(ds) },
  { subgraph: 'community', name: 'compound coverage counts', rebuild: (ds) => recountCoverage(ds.manager) },
  { subgraph: 'finance', name: 'posting_region_summary', rebuild: (ds) => rebuildPostingRegionSummary(ds) },
  { subgraph: 'finance', name: 'statement_audit', rebuild: (ds) => rebuildStatementAudits(ds) },
  { subgraph: 'property', name: 'work_order_summary, work_order_sla_summary, parking_fee_summary', rebuild: (ds) => rebuildPropertySummaries(ds) },
];
