import type { OrganisationKind, PartyLevel } from './organisation.entity';

export interface OrganisationShape {
  kind: OrganisationKind;
  partyLevel: PartyLevel | null;
  compoundCount: number;
  hasBuilding: boolean;
  parent: { kind: OrganisationKind; partyLevel: PartyLevel | null } | null;
}

const PARTY_PARENT: Record<PartyLevel, PartyLevel | null> = { COMMUNITY: null, COMPOUND: 'COMMUNITY', BUILDING: 'COMPOUND' };

/**
 * Where an organisation may sit: the three-level Party tree (community committee → compound
 * branch → building group), one compound for an owners' committee or supervisory board, sub-teams
 * only under a red-steward group. Returns the first problem, or null when the shape is right.
 */
export function checkOrganisationShape(s: OrganisationShape): { field: string; message: string } | null {
  if (s.kind === 'PARTY_ORGANISATION') {
    if (!s.partyLevel) return { field: 'partyLevel', message: 'A Party organisation needs its level: COMMUNITY, COMPOUND or BUILDING' };
    const wanted = PARTY_PARENT[s.partyLevel];
    if (wanted === null && s.parent) return { field: 'parentId', message: 'A community Party committee is the top of the tree and has no parent here' };
    if (wanted !== null && (s.parent?.kind !== 'PARTY_ORGANISATION' || s.parent.partyLevel !== wanted)) {
      return { field: 'parentId', message: `A ${s.partyLevel.toLowerCase()}-level Party organisation sits under a ${wanted.toLowerCase()}-level one` };
    }
    if (s.partyLevel !== 'COMMUNITY' && s.compoundCount !== 1) return { field: 'compoundIds', message: 'A compound branch or building group serves exactly one compound' };
    if (s.partyLevel === 'BUILDING' && !s.hasBuilding) return { field: 'buildingId', message: 'A building Party group needs its building' };
    if (s.partyLevel !== 'BUILDING' && s.hasBuilding) return { field: 'buildingId', message: 'Only a building Party group has a building' };
    return null;
  }
  if (s.partyLevel) return { field: 'partyLevel', message: 'Only Party organisations have a Party level' };
  if (s.hasBuilding) return { field: 'buildingId', message: 'Only a building Party group has a building' };
  switch (s.kind) {
    case 'OWNERS_COMMITTEE':
    case 'SUPERVISORY_BOARD':
      if (s.compoundCount !== 1) return { field: 'compoundIds', message: `An ${s.kind === 'OWNERS_COMMITTEE' ? "owners' committee" : 'supervisory board'} serves exactly one compound` };
      if (s.parent) return { field: 'parentId', message: 'It is elected by the owners and has no parent organisation' };
      return null;
    case 'CO_GOVERNANCE_COMMITTEE':
      if (s.compoundCount < 1) return { field: 'compoundIds', message: 'An area co-governance committee serves at least one compound or area' };
      return null;
    case 'STEWARD_GROUP':
      if (s.parent && s.parent.kind !== 'STEWARD_GROUP') return { field: 'parentId', message: 'A sub-team sits under a red-steward group' };
      if (!s.parent && s.compoundCount < 1) return { field: 'compoundIds', message: 'A red-steward group serves at least one compound' };
      return null;
    default:
      return null;
  }
}
