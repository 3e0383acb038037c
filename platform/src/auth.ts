import { createHmac, timingSafeEqual } from 'node:crypto';
import { forbidden, HubError, ErrorCode } from './errors';

/** Roles from DESIGN.md; each has its own scope carried in the token's claims. */
export const Role = {
  ANONYMOUS: 'ANONYMOUS',
  OFFICIAL: 'OFFICIAL',
  PARTY_ORGANISATION: 'PARTY_ORGANISATION',
  OWNERS_COMMITTEE: 'OWNERS_COMMITTEE',
  PROPERTY_FIRM: 'PROPERTY_FIRM',
  RESIDENT: 'RESIDENT',
  ANALYST: 'ANALYST',
  PARTNER: 'PARTNER',
  INTEGRATION: 'INTEGRATION',
  ADMIN: 'ADMIN',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role).filter((r) => r !== Role.ANONYMOUS) as Exclude<Role, 'ANONYMOUS'>[];

/** What the gateway forwards after verifying the caller's JWT. */
export interface Claims {
  sub: string | null;
  role: Role;
  /** Region codes (district, street or community) an official or Party organisation may see. */
  regions?: string[];
  /** Compounds an owners' committee member or resident belongs to. */
  compounds?: string[];
  /** Units a resident owns or lives in. */
  units?: string[];
  /** The property firm a firm user works for. */
  firm?: string;
  /** The ingestion source an integration token is bound to. */
  source?: string;
}

export const ANONYMOUS: Claims = Object.freeze({ sub: null, role: Role.ANONYMOUS });

const stringList = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;

/** Builds claims from a verified token payload, dropping anything not of the expected shape. */
export function claimsFromPayload(payload: Record<string, unknown>): Claims | null {
  const role = payload.role;
  if (typeof role !== 'string' || !(ROLES as string[]).includes(role)) return null;
  return {
    sub: typeof payload.sub === 'string' ? payload.sub : null,
    role: role as Role,
    regions: stringList(payload.regions),
    compounds: stringList(payload.compounds),
    units: stringList(payload.units),
    firm: typeof payload.firm === 'string' ? payload.firm : undefined,
    source: typeof payload.source === 'string' ? payload.source : undefined,
  };
}

export function requireRole(claims: Claims, ...roles: Role[]): void {
  if (claims.role === Role.ANONYMOUS) {
    throw new HubError(ErrorCode.UNAUTHENTICATED, 'Sign in: this field is not public');
  }
  if (!roles.includes(claims.role)) {
    throw forbidden(`Your role ${claims.role} may not do this; it needs one of ${roles.join(', ')}`);
  }
}

/**
 * Compound-scoped visibility: admins see all, officials and Party organisations by region path,
 * owners' committees and residents by their own compounds.
 */
export function canSeeCompound(claims: Claims, compoundId: string, regionPath: readonly string[] = []): boolean {
  switch (claims.role) {
    case Role.ADMIN:
      return true;
    case Role.OFFICIAL:
    case Role.PARTY_ORGANISATION:
      return (claims.regions ?? []).some((r) => regionPath.includes(r));
    case Role.OWNERS_COMMITTEE:
    case Role.RESIDENT:
      return (claims.compounds ?? []).includes(compoundId);
    default:
      return false;
  }
}

/* ---- The gateway's upstream signature ----
 * The gateway signs timestamp, forwarded claims and body together, so a subgraph can trust the
 * claims header and a captured request cannot be replayed after the allowed age.
 */
export const CLAIMS_HEADER = 'x-hub-claims';
export const SIGNATURE_HEADER = 'x-hub-signature';

export const encodeClaims = (claims: Claims): string => Buffer.from(JSON.stringify(claims)).toString('base64url');

export function signUpstream(secret: string, claimsHeader: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.${claimsHeader}.${body}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

export type SignatureCheck = { ok: true; claims: Claims } | { ok: false; reason: string };

export function verifyUpstream(
  secret: string,
  maxAgeSeconds: number,
  headers: { signature?: string; claims?: string },
  body: string,
  now = Date.now(),
): SignatureCheck {
  if (!headers.signature) return { ok: false, reason: 'SIGNATURE_MISSING' };
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(headers.signature);
  if (!match) return { ok: false, reason: 'SIGNATURE_MALFORMED' };
  const t = Number(match[1]);
  if (Math.abs(Math.floor(now / 1000) - t) > maxAgeSeconds) return { ok: false, reason: 'SIGNATURE_EXPIRED' };
  const claimsHeader = headers.claims ?? '';
  const expected = createHmac('sha256', secret).update(`${t}.${claimsHeader}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(match[2], 'hex'))) return { ok: false, reason: 'SIGNATURE_INVALID' };
  if (!claimsHeader) return { ok: true, claims: ANONYMOUS };
  try {
    const parsed = JSON.parse(Buffer.from(claimsHeader, 'base64url').toString('utf8'));
    const claims = parsed?.role === Role.ANONYMOUS ? ANONYMOUS : claimsFromPayload(parsed);
    return claims ? { ok: true, claims } : { ok: false, reason: 'CLAIMS_INVALID' };
  } catch {
    return { ok: false, reason: 'CLAIMS_INVALID' };
  }
}
