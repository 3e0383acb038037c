import { createServer, type Server } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createTokenVerifier, TokenError } from './jwt';

/** RS256 against a JWKS endpoint served over real HTTP on loopback, as an identity provider would. */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
let server: Server;
let jwksUrl: string;

beforeAll(async () => {
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  jwksUrl = `http://127.0.0.1:${address.port}/.well-known/jwks.json`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const reason = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return (error as TokenError).reason;
  }
};

describe('RS256 with JWKS', () => {
  it('accepts a token signed by the published key and returns its claims', async () => {
    const verify = createTokenVerifier({ jwksUrl, issuer: 'https://idp.example', audience: 'hub' });
    const token = jwt.sign({ sub: 'u1', role: 'OFFICIAL', regions: ['330203012000'] }, privateKey, { algorithm: 'RS256', keyid: 'k1', issuer: 'https://idp.example', audience: 'hub', expiresIn: 60 });
    expect(await verify(token)).toMatchObject({ sub: 'u1', role: 'OFFICIAL', regions: ['330203012000'] });
  });

  it('refuses a token signed by another key', async () => {
    const verify = createTokenVerifier({ jwksUrl });
    const token = jwt.sign({ sub: 'u1', role: 'ADMIN' }, other.privateKey, { algorithm: 'RS256', keyid: 'k1', expiresIn: 60 });
    expect(await reason(verify(token))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('refuses an HS256 token even when its secret is the public key', async () => {
    const verify = createTokenVerifier({ jwksUrl });
    const pem = publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const token = jwt.sign({ sub: 'u1', role: 'ADMIN' }, pem, { algorithm: 'HS256', keyid: 'k1' } as jwt.SignOptions);
    expect(await reason(verify(token))).toBe('TOKEN_ALGORITHM_REJECTED');
  });

  it('refuses the wrong audience', async () => {
    const verify = createTokenVerifier({ jwksUrl, audience: 'hub' });
    const token = jwt.sign({ sub: 'u1', role: 'ADMIN' }, privateKey, { algorithm: 'RS256', keyid: 'k1', audience: 'other', expiresIn: 60 });
    expect(await reason(verify(token))).toBe('TOKEN_ISSUER_OR_AUDIENCE_INVALID');
  });

  it('says when the signing key is unknown', async () => {
    const verify = createTokenVerifier({ jwksUrl });
    const token = jwt.sign({ sub: 'u1', role: 'ADMIN' }, privateKey, { algorithm: 'RS256', keyid: 'nope', expiresIn: 60 });
    expect(await reason(verify(token))).toBe('TOKEN_KEY_UNAVAILABLE');
  });
});

describe('verified-token cache', () => {
  const secret = 'cache-test-secret-0123456789abcdefghijklmnop';
  const sign = (payload: object, expiresIn = 600) => jwt.sign(payload, secret, { algorithm: 'HS256', expiresIn });

  it('remembers an accepted token and hands every request the same frozen claims', async () => {
    const verify = createTokenVerifier({ secret });
    const token = sign({ sub: 'u1', role: 'RESIDENT', compounds: ['c1'] });
    expect(verify.cached(token)).toBeUndefined();
    const claims = await verify(token);
    expect(verify.cached(token)).toBe(claims);
    expect(await verify(token)).toBe(claims);
    expect(Object.isFrozen(claims) && Object.isFrozen(claims.compounds)).toBe(true);
    expect(() => claims.compounds!.push('c2')).toThrow();
  });

  it('never remembers a refused token', async () => {
    const verify = createTokenVerifier({ secret });
    const forged = jwt.sign({ sub: 'u1', role: 'ADMIN' }, `${secret}x`, { algorithm: 'HS256', expiresIn: 600 });
    expect(await reason(verify(forged))).toBe('TOKEN_SIGNATURE_INVALID');
    expect(verify.cached(forged)).toBeUndefined();
    expect(await reason(verify(forged))).toBe('TOKEN_SIGNATURE_INVALID');
  });

  it('verifies again after the time-to-live, and never trusts a token past its expiry', async () => {
    let now = Date.now();
    const verify = createTokenVerifier({ secret }, { ttlMs: 60_000, now: () => now });
    const long = sign({ sub: 'u1', role: 'OFFICIAL' });
    const short = sign({ sub: 'u2', role: 'OFFICIAL' }, 20);
    await verify(long);
    await verify(short);
    now += 21_000;
    expect(verify.cached(short)).toBeUndefined();
    expect(verify.cached(long)).toBeDefined();
    now += 40_000;
    expect(verify.cached(long)).toBeUndefined();
  });

  it('forgets the oldest token when full', async () => {
    const verify = createTokenVerifier({ secret }, { size: 2 });
    const tokens = ['a', 'b', 'c'].map((sub) => sign({ sub, role: 'ANALYST' }));
    for (const t of tokens) await verify(t);
    expect(tokens.map((t) => verify.cached(t)?.sub)).toEqual([undefined, 'b', 'c']);
  });
});
