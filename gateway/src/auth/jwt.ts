import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt, { type JwtHeader, type JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { claimsFromPayload, type Claims, type Config } from '@hub/platform';

/** Why a token was refused; clients show or log it, operators grep for it. */
export type TokenRejection =
  | 'TOKEN_MALFORMED'
  | 'TOKEN_SIGNATURE_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_ALGORITHM_REJECTED'
  | 'TOKEN_ISSUER_OR_AUDIENCE_INVALID'
  | 'TOKEN_CLAIMS_INVALID'
  | 'TOKEN_KEY_UNAVAILABLE';

export class TokenError extends Error {
  constructor(readonly reason: TokenRejection, message: string) {
    super(message);
  }
}

export interface TokenVerifier {
  (token: string): Promise<Claims>;
  /** The claims of a token this verifier accepted a moment ago and that is still valid, if any; no I/O. */
  cached(token: string): Claims | undefined;
}

export interface TokenCacheOptions {
  /** Tokens remembered at once; the oldest is forgotten first. 0 turns the cache off. */
  size?: number;
  /**
   * How long an accepted token is taken on trust before it is verified again, also bounding how
   * long a signing key removed from the JWKS keeps working for tokens already seen.
   */
  ttlMs?: number;
  now?: () => number;
}

/**
 * HS256 with a shared secret by default; RS256 against a JWKS endpoint when JWT_JWKS_URL is set.
 * Only the configured algorithm is accepted, so an HS256 token signed with a public key is refused.
 */
export function createTokenVerifier(settings: Config['jwt'], cacheOptions: TokenCacheOptions = {}): TokenVerifier {
  const jwks = settings.jwksUrl ? new JwksClient({ jwksUri: settings.jwksUrl, cache: true, rateLimit: true, timeout: 5_000 }) : null;
  const algorithm = jwks ? 'RS256' : 'HS256';
  // A key object made once: given a string, jsonwebtoken first tries it as a public key on every
  // call, which costs about fifty times the verification itself.
  const secret = settings.secret ? createSecretKey(Buffer.from(settings.secret, 'utf8')) : undefined;
  const key = (header: JwtHeader, done: (err: Error | null, key?: KeyObject | string) => void) => {
    if (!jwks) return done(null, secret);
    jwks.getSigningKey(header.kid).then(
      (k) => done(null, k.getPublicKey()),
      (err: Error) => done(new TokenError('TOKEN_KEY_UNAVAILABLE', `No signing key for kid ${header.kid}: ${err.message}`)),
    );
  };
  const verifyNow = (token: string) =>
    new Promise<{ claims: Claims; exp?: number }>((resolve, reject) => {
      jwt.verify(
        token,
        key,
        { algorithms: [algorithm], issuer: settings.issuer, audience: settings.audience, clockTolerance: 30 },
        (err, payload) => {
          if (err) return reject(toTokenError(err, algorithm));
          const claims = claimsFromPayload((payload ?? {}) as JwtPayload);
          if (!claims) return reject(new TokenError('TOKEN_CLAIMS_INVALID', 'Token has no valid role claim'));
          const exp = (payload as JwtPayload).exp;
          resolve({ claims, exp: typeof exp === 'number' ? exp : undefined });
        },
      );
    });

  // A client sends the same token with every request until it expires; verifying it once per
  // minute instead of once per request is most of what the gateway's own auth costs. Only
  // accepted tokens are remembered, by their full text, never past their expiry.
  const { size = 10_000, ttlMs = 60_000, now = Date.now } = cacheOptions;
  const accepted = new Map<string, { claims: Claims; until: number }>();
  const cached = (token: string): Claims | undefined => {
    const hit = accepted.get(token);
    if (!hit) return undefined;
    if (hit.until > now()) return hit.claims;
    accepted.delete(token);
    return undefined;
  };
  const verify = async (token: string): Promise<Claims> => {
    const hit = cached(token);
    if (hit) return hit;
    const { claims, exp } = await verifyNow(token);
    // Shared by every request that presents the token, so nobody may change it.
    const frozen = freezeClaims(claims);
    if (size > 0) {
      const until = Math.min(now() + ttlMs, exp === undefined ? Infinity : exp * 1000);
      if (until > now()) {
        if (accepted.size >= size) accepted.delete(accepted.keys().next().value!);
        accepted.set(token, { claims: frozen, until });
      }
    }
    return frozen;
  };
  return Object.assign(verify, { cached });
}

function freezeClaims(claims: Claims): Claims {
  const list = (xs: string[] | undefined) => (xs ? (Object.freeze([...xs]) as string[]) : xs);
  return Object.freeze({ ...claims, regions: list(claims.regions), compounds: list(claims.compounds), units: list(claims.units) });
}

function toTokenError(err: Error, algorithm: string): TokenError {
  if (err instanceof TokenError) return err;
  if (err.name === 'TokenExpiredError') return new TokenError('TOKEN_EXPIRED', 'Token has expired; sign in again');
  if (err.name === 'NotBeforeError') return new TokenError('TOKEN_NOT_YET_VALID', 'Token is not valid yet; check the clock');
  const message = err.message;
  if (/invalid algorithm|signature is required/.test(message)) return new TokenError('TOKEN_ALGORITHM_REJECTED', `Only ${algorithm} tokens are accepted`);
  if (/invalid signature/.test(message)) return new TokenError('TOKEN_SIGNATURE_INVALID', 'Token signature does not verify');
  if (/audience|issuer/.test(message)) return new TokenError('TOKEN_ISSUER_OR_AUDIENCE_INVALID', message);
  if (/secret or public key (must be provided|callback)/.test(message)) return new TokenError('TOKEN_KEY_UNAVAILABLE', message);
  return new TokenError('TOKEN_MALFORMED', 'Token is not a well-formed JWT');
}

/** Signs an HS256 token; used for the demo tokens `npm start` prints and by the tests. */
export function signDevToken(secret: string, claims: Omit<Claims, 'sub'> & { sub: string }, ttlSeconds = 7 * 24 * 3600): string {
  return jwt.sign({ ...claims }, secret, { algorithm: 'HS256', expiresIn: ttlSeconds });
}
