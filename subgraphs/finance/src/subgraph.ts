import { join } from 'node:path';
import { CompoundScopeAsciiPath1765300000001, CompoundScopeEntity, FenScalar, mergeResolvers, type SubgraphDefinition } from '@hub/platform';
import { AccountEntity } from './accounts/account.entity';
import { accountResolvers } from './accounts/accounts.resolvers';
import { AuditFindingEntity } from './audits/audit-finding.entity';
import { StatementAuditEntity } from './audits/statement-audit.entity';
import { AuditSignOffEntity } from './audits/audit-sign-off.entity';
import { GovernancePostEntity } from './audits/governance-post.entity';
import { postEvents } from './audits/posts.events';
import { auditResolvers } from './audits/audits.resolvers';
import { IncentivePayoutEntity } from './incentives/incentive-payout.entity';
import { IncentivePoolEntity } from './incentives/incentive-pool.entity';
import { IncentiveScheduleEntity } from './incentives/incentive-schedule.entity';
import { incentiveEventBatches, incentiveEvents } from './incentives/incentives.events';
import { incentiveResolvers } from './incentives/incentives.resolvers';
import { JournalEntryEntity } from './ledger/journal-entry.entity';
import { LedgerHeadEntity } from './ledger/ledger-head.entity';
import { ledgerResolvers } from './ledger/ledger.resolvers';
import { PostingEntity } from './ledger/posting.entity';
import { maintenanceFundResolvers } from './maintenance/maintenance-fund.resolvers';
import { AssemblyMatterEntity } from './matters/assembly-matter.entity';
import { matterEvents } from './matters/matters.events';
import { FinanceInit1764000000001 } from './migrations/1764000000001-init';
import { FinanceLedger1764100000000 } from './migrations/1764100000000-ledger';
import { FinanceAuditorsAndPools1764200000000 } from './migrations/1764200000000-auditors-and-pools';
import { FinancePostingSummary1764300000000 } from './migrations/1764300000000-posting-summary';
import { FinancePostingRegionSummary1765200000000 } from './migrations/1765200000000-posting-region-summary';
import { FinanceStatementAudit1765300000000 } from './migrations/1765300000000-statement-audit';
import { PostingRegionSummaryEntity } from './stats/posting-region-summary.entity';
import { postingScopeEvents } from './stats/posting-region-summary';
import { revenueEventBatches, revenueEvents } from './revenue/revenue.events';
import { revenueResolvers } from './revenue/revenue.resolvers';
import { SpendingAuthorityEntity } from './spending/spending-authority.entity';
import { SpendingRequestEntity } from './spending/spending-request.entity';
import { spendingResolvers } from './spending/spending.resolvers';
import { StatementEntity } from './statements/statement.entity';
import { statementResolvers } from './statements/statements.resolvers';
import { statsResolvers } from './stats/stats.resolvers';

/** The finance subgraph as one definition shared by its server, the all-in-one runner and the tests. */
export const financeSubgraph: SubgraphDefinition = {
  name: 'finance',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  resolvers: mergeResolvers(
    { Fen: FenScalar },
    accountResolvers,
    ledgerResolvers,
    revenueResolvers,
    spendingResolvers,
    maintenanceFundResolvers,
    statementResolvers,
    auditResolvers,
    incentiveResolvers,
    statsResolvers,
  ),
  entities: [
    AccountEntity,
    CompoundScopeEntity,
    JournalEntryEntity,
    PostingEntity,
    PostingRegionSummaryEntity,
    LedgerHeadEntity,
    AssemblyMatterEntity,
    SpendingAuthorityEntity,
    SpendingRequestEntity,
    StatementEntity,
    AuditSignOffEntity,
    AuditFindingEntity,
    StatementAuditEntity,
    GovernancePostEntity,
    IncentiveScheduleEntity,
    IncentivePoolEntity,
    IncentivePayoutEntity,
  ],
  migrations: [FinanceInit1764000000001, FinanceLedger1764100000000, FinanceAuditorsAndPools1764200000000, FinancePostingSummary1764300000000, FinancePostingRegionSummary1765200000000, FinanceStatementAudit1765300000000, CompoundScopeAsciiPath1765300000001],
  events: { ...postingScopeEvents, ...matterEvents, ...revenueEvents, ...incentiveEvents, ...postEvents },
  eventBatches: { ...revenueEventBatches, ...incentiveEventBatches },
};
