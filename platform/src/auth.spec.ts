import { GraphQLError } from 'graphql';
import {
  ANONYMOUS,
  canSeeCompound,
  claimsFromPayload,
  encodeClaims,
  requireRole,
  Role,
  signUpstream,
  verifyUpstream,
  type Claims,
} from './auth';

const SECRET = 'test-signing-secret-0123456789abcdefghijkl';
const MAX_AGE = 300;
const NOW = 1_700_000_000_000; // a whole second, so the signed timestamp equals NOW / 1000
const BODY = '{"query":"{ compounds { edges { node { id } } } }"}';

const resident: Claims = { sub: 'user-1', role: Role.RESIDENT, compounds: ['c-1'], units: ['u-1'] };

const signed = (claims: Claims | null, body = BODY, now = NOW) => {
  const claimsHeader = claims ? encodeClaims(claims) : '';
  return { claims: claimsHeader, signature: signUpstream(SECRET, claimsHeader, body, now) };
};

describe('signUpstream / verifyUpstream', () => {
  it('accepts its own signature and returns the forwarded claims', () => {
    const result = verifyUpstream(SECRET, MAX_AGE, signed(resident), BODY, NOW);
    expect(result).toEqual({ ok: true, claims: resident });
  });

  it('formats the signature as t=<seconds>,v1=<64 hex digits>', () => {
    expect(signUpstream(SECRET, '', BODY, NOW + 999)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });

  it('reports a missing signature', () => {
    const headers = { claims: encodeClaims(resident) };
    expect(verifyUpstream(SECRET, MAX_AGE, headers, BODY, NOW)).toEqual({ ok: false, reason: 'SIGNATURE_MISSING' });
    expect(verifyUpstream(SECRET, MAX_AGE, { ...headers, signature: '' }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'SIGNATURE_MISSING',
    });
  });

  it.each([
    ['no timestamp', `v1=${'a'.repeat(64)}`],
    ['short mac', `t=1700000000,v1=${'a'.repeat(63)}`],
    ['non-hex mac', `t=1700000000,v1=${'g'.repeat(64)}`],
    ['garbage', 'Bearer abc'],
  ])('reports a malformed signature (%s)', (_label, signature) => {
    expect(verifyUpstream(SECRET, MAX_AGE, { signature }, BODY, NOW)).toEqual({ ok: false, reason: 'SIGNATURE_MALFORMED' });
  });

  it('refuses a body changed by one byte', () => {
    const headers = signed(resident);
    const tampered = BODY.replace('id', 'ie');
    expect(tampered).toHaveLength(BODY.length);
    expect(verifyUpstream(SECRET, MAX_AGE, headers, tampered, NOW)).toEqual({ ok: false, reason: 'SIGNATURE_INVALID' });
  });

  it('refuses a changed claims header', () => {
    const headers = signed(resident);
    const forged = { ...headers, claims: encodeClaims({ ...resident, role: Role.ADMIN }) };
    expect(verifyUpstream(SECRET, MAX_AGE, forged, BODY, NOW)).toEqual({ ok: false, reason: 'SIGNATURE_INVALID' });
  });

  it('refuses a dropped claims header', () => {
    const headers = signed(resident);
    expect(verifyUpstream(SECRET, MAX_AGE, { signature: headers.signature }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'SIGNATURE_INVALID',
    });
  });

  it('refuses a signature made with another secret', () => {
    const claimsHeader = encodeClaims(resident);
    const signature = signUpstream(`${SECRET}x`, claimsHeader, BODY, NOW);
    expect(verifyUpstream(SECRET, MAX_AGE, { claims: claimsHeader, signature }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'SIGNATURE_INVALID',
    });
  });

  it('accepts a signature exactly maxAge seconds old', () => {
    const result = verifyUpstream(SECRET, MAX_AGE, signed(resident), BODY, NOW + MAX_AGE * 1000);
    expect(result.ok).toBe(true);
  });

  it('refuses a signature maxAge + 1 seconds old', () => {
    const result = verifyUpstream(SECRET, MAX_AGE, signed(resident), BODY, NOW + (MAX_AGE + 1) * 1000);
    expect(result).toEqual({ ok: false, reason: 'SIGNATURE_EXPIRED' });
  });

  it('refuses a signature dated more than maxAge seconds in the future', () => {
    const result = verifyUpstream(SECRET, MAX_AGE, signed(resident), BODY, NOW - (MAX_AGE + 1) * 1000);
    expect(result).toEqual({ ok: false, reason: 'SIGNATURE_EXPIRED' });
  });

  it('treats a signed empty claims header as anonymous', () => {
    expect(verifyUpstream(SECRET, MAX_AGE, signed(null), BODY, NOW)).toEqual({ ok: true, claims: ANONYMOUS });
  });

  it('treats signed ANONYMOUS claims as anonymous', () => {
    expect(verifyUpstream(SECRET, MAX_AGE, signed(ANONYMOUS), BODY, NOW)).toEqual({ ok: true, claims: ANONYMOUS });
  });

  it('reports signed claims that are not valid claims', () => {
    const claimsHeader = Buffer.from(JSON.stringify({ sub: 'x', role: 'ROOT' })).toString('base64url');
    const signature = signUpstream(SECRET, claimsHeader, BODY, NOW);
    expect(verifyUpstream(SECRET, MAX_AGE, { claims: claimsHeader, signature }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'CLAIMS_INVALID',
    });
  });

  it('reports signed claims that are not JSON', () => {
    const claimsHeader = Buffer.from('not json').toString('base64url');
    const signature = signUpstream(SECRET, claimsHeader, BODY, NOW);
    expect(verifyUpstream(SECRET, MAX_AGE, { claims: claimsHeader, signature }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'CLAIMS_INVALID',
    });
  });
});

describe('claimsFromPayload', () => {
  it('keeps well-formed claims', () => {
    expect(
      claimsFromPayload({ sub: 's', role: 'OFFICIAL', regions: ['r-1'], firm: 'f', source: 'src', extra: 1 }),
    ).toEqual({ sub: 's', role: 'OFFICIAL', regions: ['r-1'], firm: 'f', source: 'src' });
  });

  it('rejects an unknown role', () => {
    expect(claimsFromPayload({ sub: 's', role: 'SUPERUSER' })).toBeNull();
  });

  it('rejects a missing or non-string role', () => {
    expect(claimsFromPayload({ sub: 's' })).toBeNull();
    expect(claimsFromPayload({ sub: 's', role: ['ADMIN'] })).toBeNull();
  });

  it('rejects ANONYMOUS as a token role', () => {
    expect(claimsFromPayload({ sub: 's', role: 'ANONYMOUS' })).toBeNull();
  });

  it('drops scopes that are not arrays of strings', () => {
    const claims = claimsFromPayload({ sub: 's', role: 'RESIDENT', compounds: ['c-1', 2], units: 'u-1', regions: {} });
    expect(claims).not.toBeNull();
    expect(claims!.compounds).toBeUndefined();
    expect(claims!.units).toBeUndefined();
    expect(claims!.regions).toBeUndefined();
  });

  it('keeps an empty scope list and turns a non-string sub into null', () => {
    const claims = claimsFromPayload({ sub: 42, role: 'RESIDENT', compounds: [] });
    expect(claims!.sub).toBeNull();
    expect(claims!.compounds).toEqual([]);
  });
});

describe('canSeeCompound', () => {
  const path = ['district-1', 'street-2', 'community-3'];
  const claims = (role: Role, scope: Partial<Claims> = {}): Claims => ({ sub: 's', role, ...scope });

  it('lets an admin see every compound', () => {
    expect(canSeeCompound(claims(Role.ADMIN), 'c-1')).toBe(true);
  });

  it.each([Role.OFFICIAL, Role.PARTY_ORGANISATION])('lets %s see a compound by any region in its path', (role) => {
    expect(canSeeCompound(claims(role, { regions: ['street-2'] }), 'c-1', path)).toBe(true);
    expect(canSeeCompound(claims(role, { regions: ['other', 'community-3'] }), 'c-1', path)).toBe(true);
    expect(canSeeCompound(claims(role, { regions: ['street-9'] }), 'c-1', path)).toBe(false);
    expect(canSeeCompound(claims(role), 'c-1', path)).toBe(false);
    expect(canSeeCompound(claims(role, { regions: ['street-2'] }), 'c-1')).toBe(false);
  });

  it.each([Role.RESIDENT, Role.OWNERS_COMMITTEE])('lets %s see only its own compounds', (role) => {
    expect(canSeeCompound(claims(role, { compounds: ['c-1', 'c-2'] }), 'c-2', path)).toBe(true);
    expect(canSeeCompound(claims(role, { compounds: ['c-1'] }), 'c-2', path)).toBe(false);
    expect(canSeeCompound(claims(role, { regions: ['district-1'] }), 'c-1', path)).toBe(false);
  });

  it.each([Role.ANALYST, Role.PARTNER, Role.PROPERTY_FIRM, Role.INTEGRATION, Role.ANONYMOUS])(
    'never lets %s see a compound this way',
    (role) => {
      expect(canSeeCompound(claims(role, { regions: path, compounds: ['c-1'] }), 'c-1', path)).toBe(false);
    },
  );
});

describe('requireRole', () => {
  const thrown = (fn: () => void): GraphQLError => {
    try {
      fn();
    } catch (error) {
      return error as GraphQLError;
    }
    throw new Error('expected an error');
  };

  it('passes a caller with one of the roles', () => {
    expect(() => requireRole({ sub: 's', role: Role.OFFICIAL }, Role.ADMIN, Role.OFFICIAL)).not.toThrow();
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', () => {
    const error = thrown(() => requireRole(ANONYMOUS, Role.ADMIN));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an anonymous caller even when ANONYMOUS is listed', () => {
    expect(thrown(() => requireRole(ANONYMOUS, Role.ANONYMOUS)).extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a signed-in caller with another role with FORBIDDEN', () => {
    const error = thrown(() => requireRole(resident, Role.ADMIN, Role.OFFICIAL));
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(error.message).toContain('RESIDENT');
    expect(error.message).toContain('ADMIN, OFFICIAL');
  });
});
