import { Role, type Claims } from '@hub/platform';
import { mayViewProvisional } from './access';

describe('who sees a provisional outcome', () => {
  const subject = { firmId: 'firm-a', regionPath: '330203001001,330203001000,330203000000' };
  const claims = (over: Partial<Claims>): Claims => ({ sub: 'someone', role: Role.RESIDENT, ...over }) as Claims;

  it('lets admins, and officials and Party organisations holding any code of the path', () => {
    expect(mayViewProvisional(claims({ role: Role.ADMIN }), subject)).toBe(true);
    expect(mayViewProvisional(claims({ role: Role.OFFICIAL, regions: ['330203000000'] }), subject)).toBe(true);
    expect(mayViewProvisional(claims({ role: Role.PARTY_ORGANISATION, regions: ['330203001001'] }), subject)).toBe(true);
  });

  it('refuses officials of other regions, even one whose code contains a code of the path', () => {
    expect(mayViewProvisional(claims({ role: Role.OFFICIAL, regions: ['330204000000'] }), subject)).toBe(false);
    expect(mayViewProvisional(claims({ role: Role.OFFICIAL, regions: ['3302030010'] }), subject)).toBe(false);
    expect(mayViewProvisional(claims({ role: Role.OFFICIAL }), subject)).toBe(false);
  });

  it('lets the firm rated and no other, and never a firm when the compound has none', () => {
    expect(mayViewProvisional(claims({ role: Role.PROPERTY_FIRM, firm: 'firm-a' }), subject)).toBe(true);
    expect(mayViewProvisional(claims({ role: Role.PROPERTY_FIRM, firm: 'firm-b' }), subject)).toBe(false);
    expect(mayViewProvisional(claims({ role: Role.PROPERTY_FIRM }), { ...subject, firmId: null })).toBe(false);
  });

  it('keeps partners, analysts, committees and residents waiting for publication', () => {
    for (const role of [Role.PARTNER, Role.ANALYST, Role.OWNERS_COMMITTEE, Role.RESIDENT, Role.INTEGRATION]) {
      expect([role, mayViewProvisional(claims({ role, regions: ['330203000000'], compounds: ['c'] }), subject)]).toEqual([role, false]);
    }
  });
});
