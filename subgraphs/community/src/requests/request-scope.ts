import { Role, type Claims } from '@hub/platform';

/** What scope decisions need of a request. */
export interface ScopedRequest {
  compoundId: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
  reporterId: string;
}

/**
 * Residents see their own requests only (not their neighbours'); owners' committees their
 * compound's; officials and Party organisations those under any region of their token, at
 * community, street or district level; admins all; everyone else (analysts included) none.
 */
export function canSeeRequest(claims: Claims, r: ScopedRequest): boolean {
  switch (claims.role) {
    case Role.ADMIN:
      return true;
    case Role.OFFICIAL:
    case Role.PARTY_ORGANISATION:
      return (claims.regions ?? []).some((code) => code === r.communityCode || code === r.streetCode || code === r.districtCode);
    case Role.OWNERS_COMMITTEE:
      return (claims.compounds ?? []).includes(r.compoundId);
    case Role.RESIDENT:
      return !!claims.sub && claims.sub === r.reporterId;
    default:
      return false;
  }
}
