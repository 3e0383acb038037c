import { join } from 'node:path';
import { CompoundScopeAsciiPath1765300000001, CompoundScopeEntity, compoundScopeEvents, FenScalar, mergeResolvers, type SubgraphDefinition } from '@hub/platform';
import { PropertyFirmEntity } from './firms/property-firm.entity';
import { firmResolvers } from './firms/property-firms.resolvers';
import { ServiceContractEntity } from './contracts/service-contract.entity';
import { contractResolvers } from './contracts/service-contracts.resolvers';
import { PropertyInit1764000000001 } from './migrations/1764000000001-init';
import { FirmPostEntity } from './firms/firm-post.entity';
import { ActivityRoomEntity, ElevatorEntity, FireLaneEntity } from './facilities/facility.entity';
import { ParkingAreaEntity, ParkingEntranceEntity, ParkingSpaceEntity } from './facilities/parking-area.entity';
import { ProjectIncidentEntity, ProjectMilestoneEntity, RenovationProjectEntity } from './projects/renovation-project.entity';
import { UtilityCoverageEntity, UtilityNoticeEntity } from './utilities/utility.entity';
import { PropertyFirmsFacilities1764100000000 } from './migrations/1764100000000-firms-facilities-projects-utilities';
import { facilityResolvers } from './facilities/facilities.resolvers';
import { projectResolvers } from './projects/projects.resolvers';
import { utilityResolvers } from './utilities/utilities.resolvers';
import { statsResolvers } from './stats/property-stats.resolvers';
import {
  ParkingBreachEntity,
  ParkingConventionEntity,
  ParkingFeeEntity,
  ParkingGateEventEntity,
  ParkingPassEntity,
  ParkingPermitEntity,
  ParkingPricingRuleEntity,
  ParkingSessionEntity,
} from './parking/parking.entities';
import { parkingEvents, parkingResolvers } from './parking/parking.resolvers';
import { WorkOrderEntity, WorkOrderTransitionEntity } from './work-orders/work-order.entity';
import { workOrderEvents, workOrderResolvers } from './work-orders/work-orders.resolvers';
import { InspectionCheckpointEntity, InspectionPlanEntity, InspectionRecordEntity } from './inspections/inspection.entities';
import { inspectionResolvers } from './inspections/inspections.resolvers';
import { PropertyInspectionPlanEnd1764300000000 } from './migrations/1764300000000-inspection-plan-end';
import { PropertyParkingWorkOrdersInspections1764200000000 } from './migrations/1764200000000-parking-work-orders-inspections';
import { PropertyWorkOrderListIndexes1764200000001 } from './migrations/1764200000001-work-order-list-indexes';
import { PropertyWorkOrderCompoundIndex1764200000002 } from './migrations/1764200000002-work-order-compound-index';
import { PropertyAnalystIndexes1764900000000 } from './migrations/1764900000000-analyst-indexes';
import { PropertySummaries1765100000000 } from './migrations/1765100000000-property-summaries';
import { ParkingFeeSummaryEntity, WorkOrderSlaSummaryEntity, WorkOrderSummaryEntity } from './stats/property-summary.entity';
import { summaryScopeEvents } from './stats/property-summary';
import { PropertyIngestionApplyKeys1764410000000 } from './migrations/1764410000000-ingestion-apply-keys';
import { PropertyIngestion1764400000100 } from './migrations/1764400000100-ingestion';
import { IngestionSourceEntity } from './ingestion/ingestion-source.entity';
import { IngestionBatchEntity } from './ingestion/ingestion-batch.entity';
import { QuarantinedRecordEntity } from './ingestion/quarantined-record.entity';
import { ingestionResolvers } from './ingestion/ingestion.resolvers';
import { startIngestion } from './ingestion/ingestion.worker';
import { startIngestionHttp } from './ingestion/ingestion-push';

/** The property subgraph as one definition shared by its server, the all-in-one runner and the tests. */
export const propertySubgraph: SubgraphDefinition = {
  name: 'property',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  resolvers: mergeResolvers(
    { Fen: FenScalar },
    firmResolvers,
    contractResolvers,
    facilityResolvers,
    projectResolvers,
    utilityResolvers,
    statsResolvers,
    parkingResolvers,
    workOrderResolvers,
    inspectionResolvers,
    ingestionResolvers,
  ),
  entities: [
    PropertyFirmEntity,
    ServiceContractEntity,
    CompoundScopeEntity,
    FirmPostEntity,
    ParkingAreaEntity,
    ParkingEntranceEntity,
    ParkingSpaceEntity,
    ElevatorEntity,
    FireLaneEntity,
    ActivityRoomEntity,
    RenovationProjectEntity,
    ProjectMilestoneEntity,
    ProjectIncidentEntity,
    UtilityCoverageEntity,
    UtilityNoticeEntity,
    ParkingPricingRuleEntity,
    ParkingPermitEntity,
    ParkingPassEntity,
    ParkingGateEventEntity,
    ParkingSessionEntity,
    ParkingFeeEntity,
    ParkingConventionEntity,
    ParkingBreachEntity,
    WorkOrderEntity,
    WorkOrderTransitionEntity,
    InspectionPlanEntity,
    InspectionCheckpointEntity,
    InspectionRecordEntity,
    IngestionSourceEntity,
    IngestionBatchEntity,
    QuarantinedRecordEntity,
    WorkOrderSummaryEntity,
    WorkOrderSlaSummaryEntity,
    ParkingFeeSummaryEntity,
  ],
  migrations: [PropertyInit1764000000001, PropertyFirmsFacilities1764100000000, PropertyParkingWorkOrdersInspections1764200000000, PropertyWorkOrderListIndexes1764200000001, PropertyWorkOrderCompoundIndex1764200000002, PropertyInspectionPlanEnd1764300000000, PropertyIngestion1764400000100, PropertyIngestionApplyKeys1764410000000, PropertyAnalystIndexes1764900000000, PropertySummaries1765100000000, CompoundScopeAsciiPath1765300000001],
  events: {
    ...compoundScopeEvents,
    // after the platform's handler: it also moves the compound's rows in the summaries
    ...summaryScopeEvents,
    ...parkingEvents,
    ...workOrderEvents,
  },
  background: startIngestion,
  http: startIngestionHttp,
};
