import type { Claims, Role } from '@hub/platform';
import { canSeeRequest, type ScopedRequest } from './request-scope';

const r: ScopedRequest = { compoundId: 'c1', communityCode: '330203012003', streetCode: '330203012000', districtCode: '330203000000', reporterId: 'p1' };
const as = (role: Role, extra: Partial<Claims> = {}): Claims => ({ sub: 'x', role, ...extra });

describe('who sees a request', () => {
  it('shows it to its reporter and to no other resident, even of the same compound', () => {
    expect(canSeeRequest(as('RESIDENT', { sub: 'p1', compounds: ['c1'] }), r)).toBe(true);
    expect(canSeeRequest(as('RESIDENT', { sub: 'p2', compounds: ['c1'] }), r)).toBe(false);
    expect(canSeeRequest(as('RESIDENT', { sub: '', compounds: ['c1'] }), { ...r, reporterId: '' })).toBe(false);
    expect(canSeeRequest(as('RESIDENT', { sub: null, compounds: ['c1'] }), r)).toBe(false);
  });

  it('shows it to the owners\' committee of its compound only', () => {
    expect(canSeeRequest(as('OWNERS_COMMITTEE', { compounds: ['c1'] }), r)).toBe(true);
    expect(canSeeRequest(as('OWNERS_COMMITTEE', { compounds: ['c2'] }), r)).toBe(false);
    expect(canSeeRequest(as('OWNERS_COMMITTEE'), r)).toBe(false);
  });

  it('shows it to officials and Party organisations of its community, street or district, not of a sibling', () => {
    for (const role of ['OFFICIAL', 'PARTY_ORGANISATION'] as const) {
      for (const code of [r.communityCode, r.streetCode, r.districtCode]) expect(canSeeRequest(as(role, { regions: [code] }), r)).toBe(true);
      expect(canSeeRequest(as(role, { regions: ['330203001000'] }), r)).toBe(false);
      expect(canSeeRequest(as(role), r)).toBe(false);
    }
  });

  it('shows it to admins, and never to analysts, firms, partners or integrations', () => {
    expect(canSeeRequest(as('ADMIN'), r)).toBe(true);
    for (const role of ['ANALYST', 'PROPERTY_FIRM', 'PARTNER', 'INTEGRATION', 'ANONYMOUS'] as const) {
      expect(canSeeRequest(as(role, { regions: [r.streetCode], compounds: ['c1'], sub: 'p1' }), r)).toBe(false);
    }
  });
});
