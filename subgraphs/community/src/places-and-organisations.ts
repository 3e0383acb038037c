/**
 * Places, people, organisations, posts, elections and statistics, described once for the
 * subgraph definition: entities, migrations, resolvers and event handlers of these features.
 */
import type { EventHandlers } from '@hub/platform';
import { BuildingEntity } from './buildings/building.entity';
import { UnitEntity } from './units/unit.entity';
import { PersonEntity } from './people/person.entity';
import { HouseholdLiaisonEntity, ServiceEntryEntity, ServingMemberEntity } from './people/liaison.entity';
import { OrganisationCompoundEntity, OrganisationEntity } from './organisations/organisation.entity';
import { FirmPostEntity, PostEntity } from './posts/post.entity';
import { CandidateEntity, CandidateReviewEntity, CriteriaListEntity, ElectionCriterionEntity, ElectionEntity } from './elections/election.entity';
import { CommunityPlaces1764100000000 } from './migrations/1764100000000-places';
import { CommunityOrganisations1764110000000 } from './migrations/1764110000000-organisations';
import { CommunityCompoundCoverage1765400000002 } from './migrations/1765400000002-compound-coverage';
import { CommunityElections1764120000000 } from './migrations/1764120000000-elections';
import { CommunityServiceEntryKey1764510000000 } from './migrations/1764510000000-service-entry-key';
import { unitResolvers } from './units/units.resolvers';
import { peopleResolvers } from './people/people.resolvers';
import { organisationResolvers } from './organisations/organisations.resolvers';
import { electionResolvers } from './elections/elections.resolvers';
import { statsResolvers } from './stats/stats.resolvers';
import { postEvents } from './posts/cross-appointments.service';
import { CompoundContractEntity } from './contracts/compound-contract.entity';
import { compoundContractEvents } from './contracts/compound-contracts.events';
import { CommunityCompoundContracts1764600000000 } from './migrations/1764600000000-compound-contracts';
import { CommunityContractEventId1764720000000 } from './migrations/1764720000000-contract-event-id';
import { CommunityCompoundRegionIndexes1764700000001 } from './migrations/1764700000001-compound-region-indexes';

export const placesEntities = [
  BuildingEntity,
  UnitEntity,
  PersonEntity,
  HouseholdLiaisonEntity,
  ServingMemberEntity,
  ServiceEntryEntity,
  OrganisationEntity,
  OrganisationCompoundEntity,
  PostEntity,
  FirmPostEntity,
  CriteriaListEntity,
  ElectionCriterionEntity,
  ElectionEntity,
  CandidateEntity,
  CandidateReviewEntity,
  CompoundContractEntity,
];

export const placesMigrations = [CommunityPlaces1764100000000, CommunityOrganisations1764110000000, CommunityElections1764120000000, CommunityServiceEntryKey1764510000000, CommunityCompoundContracts1764600000000, CommunityCompoundRegionIndexes1764700000001, CommunityContractEventId1764720000000, CommunityCompoundCoverage1765400000002];

export const placesResolvers: object[] = [unitResolvers, peopleResolvers, organisationResolvers, electionResolvers, statsResolvers];

export const placesEvents: EventHandlers = { ...postEvents, ...compoundContractEvents };
