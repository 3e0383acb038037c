/**
 * Resident requests, their routing table and escalation, described once for the subgraph
 * definition: entities, migrations, resolvers, event handlers and the background sweep.
 */
import type { EventHandlers } from '@hub/platform';
import { ResidentRequestEntity } from './requests/resident-request.entity';
import { RequestStepEntity } from './requests/request-step.entity';
import { requestResolvers } from './requests/requests.resolvers';
import { requestEvents } from './requests/requests.events';
import { RequestRouteEntity } from './routing/request-route.entity';
import { routingResolvers } from './routing/routing.resolvers';
import { CommunityRequests1764300000000 } from './migrations/1764300000000-requests';
import { CommunityRequestDispatchRound1764310000000 } from './migrations/1764310000000-request-dispatch-round';
import { CommunityRequestSummaries1764700000000 } from './migrations/1764700000000-request-summaries';
import { CommunityHistogramRegionIndex1764710000000 } from './migrations/1764710000000-histogram-region-index';
import { CommunityYearHistogram1765400000000 } from './migrations/1765400000000-year-histogram';
import { CommunityCategoryResolveIndexes1765400000001 } from './migrations/1765400000001-category-resolve-indexes';
import { RequestResolveHistogramEntity, RequestResolveYearHistogramEntity, RequestSummaryEntity } from './stats/request-summary.entity';

export { startRequestSweep as requestsBackground } from './escalation/escalation.worker';

export const requestsEntities = [ResidentRequestEntity, RequestStepEntity, RequestRouteEntity, RequestSummaryEntity, RequestResolveHistogramEntity, RequestResolveYearHistogramEntity];

export const requestsMigrations = [CommunityRequests1764300000000, CommunityRequestDispatchRound1764310000000, CommunityRequestSummaries1764700000000, CommunityHistogramRegionIndex1764710000000, CommunityYearHistogram1765400000000, CommunityCategoryResolveIndexes1765400000001];

export const requestsResolvers: object[] = [requestResolvers, routingResolvers];

export const requestsEvents: EventHandlers = requestEvents;
