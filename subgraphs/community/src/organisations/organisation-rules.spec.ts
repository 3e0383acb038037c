import { checkOrganisationShape, type OrganisationShape } from './organisation-rules';

const party = (partyLevel: OrganisationShape['partyLevel'], over: Partial<OrganisationShape> = {}): OrganisationShape => ({
  kind: 'PARTY_ORGANISATION',
  partyLevel,
  compoundCount: partyLevel === 'COMMUNITY' ? 0 : 1,
  hasBuilding: partyLevel === 'BUILDING',
  parent: partyLevel === 'COMMUNITY' ? null : { kind: 'PARTY_ORGANISATION', partyLevel: partyLevel === 'COMPOUND' ? 'COMMUNITY' : 'COMPOUND' },
  ...over,
});

describe('the three-level Party tree', () => {
  it('accepts community committee, compound branch and building group in their places', () => {
    expect(checkOrganisationShape(party('COMMUNITY'))).toBeNull();
    expect(checkOrganisationShape(party('COMPOUND'))).toBeNull();
    expect(checkOrganisationShape(party('BUILDING'))).toBeNull();
  });
  it('refuses a level out of place', () => {
    expect(checkOrganisationShape(party('BUILDING', { parent: { kind: 'PARTY_ORGANISATION', partyLevel: 'COMMUNITY' } }))?.field).toBe('parentId');
    expect(checkOrganisationShape(party('COMPOUND', { parent: null }))?.field).toBe('parentId');
    expect(checkOrganisationShape(party('COMMUNITY', { parent: { kind: 'PARTY_ORGANISATION', partyLevel: 'COMMUNITY' } }))?.field).toBe('parentId');
    expect(checkOrganisationShape(party(null))?.field).toBe('partyLevel');
    expect(checkOrganisationShape(party('BUILDING', { hasBuilding: false }))?.field).toBe('buildingId');
    expect(checkOrganisationShape(party('COMPOUND', { compoundCount: 2 }))?.field).toBe('compoundIds');
  });
});

describe('other bodies', () => {
  const body = (kind: OrganisationShape['kind'], over: Partial<OrganisationShape> = {}): OrganisationShape => ({
    kind,
    partyLevel: null,
    compoundCount: 1,
    hasBuilding: false,
    parent: null,
    ...over,
  });
  it("an owners' committee serves exactly one compound", () => {
    expect(checkOrganisationShape(body('OWNERS_COMMITTEE'))).toBeNull();
    expect(checkOrganisationShape(body('OWNERS_COMMITTEE', { compoundCount: 0 }))?.field).toBe('compoundIds');
    expect(checkOrganisationShape(body('OWNERS_COMMITTEE', { compoundCount: 2 }))?.field).toBe('compoundIds');
  });
  it('a co-governance committee may span several compounds', () => {
    expect(checkOrganisationShape(body('CO_GOVERNANCE_COMMITTEE', { compoundCount: 3 }))).toBeNull();
    expect(checkOrganisationShape(body('CO_GOVERNANCE_COMMITTEE', { compoundCount: 0 }))?.field).toBe('compoundIds');
  });
  it('sub-teams sit under a red-steward group only', () => {
    expect(checkOrganisationShape(body('STEWARD_GROUP', { compoundCount: 0, parent: { kind: 'STEWARD_GROUP', partyLevel: null } }))).toBeNull();
    expect(checkOrganisationShape(body('STEWARD_GROUP', { parent: { kind: 'OWNERS_COMMITTEE', partyLevel: null } }))?.field).toBe('parentId');
  });
  it('only Party organisations carry a level, only building groups a building', () => {
    expect(checkOrganisationShape(body('RESIDENTS_COMMITTEE', { partyLevel: 'COMMUNITY' }))?.field).toBe('partyLevel');
    expect(checkOrganisationShape(body('VOLUNTEER_TEAM', { hasBuilding: true }))?.field).toBe('buildingId');
  });
});
