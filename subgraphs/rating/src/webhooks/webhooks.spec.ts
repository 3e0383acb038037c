import { isPrivateAddress, mayDeliverTo } from './address-guard';
import { blockedHost } from './http-delivery';
import { MAX_ATTEMPTS, MAX_RETRY_DELAY_MS, outcomeOf, retryDelayMs } from './retry-schedule';
import { newWebhookSecret, signWebhook, signWebhookWithEach, verifyWebhook } from './signature';
import { isPlainSecret, openSecret, sealSecret, signingSecrets } from './secret-box';

describe('Standard Webhooks signature', () => {
  // Test vector from the Standard Webhooks specification's reference libraries.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it('matches the specification vector', () => {
    expect(signWebhook(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies within the tolerance and refuses tampering, other secrets and old timestamps', () => {
    const signature = signWebhook(secret, id, timestamp, body);
    expect(verifyWebhook(secret, { id, timestamp: String(timestamp), signature }, body, timestamp + 300)).toBe(true);
    expect(verifyWebhook(secret, { id, timestamp: String(timestamp), signature }, body, timestamp + 301)).toBe(false);
    expect(verifyWebhook(secret, { id, timestamp: String(timestamp), signature }, body + ' ', timestamp)).toBe(false);
    expect(verifyWebhook(secret, { id: id + 'x', timestamp: String(timestamp), signature }, body, timestamp)).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), { id, timestamp: String(timestamp), signature }, body, timestamp)).toBe(false);
    expect(verifyWebhook(secret, { id, timestamp: String(timestamp), signature: `v2,x ${signature}` }, body, timestamp)).toBe(true);
  });

  it('makes a fresh 24-byte secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});

describe('retry schedule', () => {
  it('starts at the base, triples, caps at a day and stops after the last attempt', () => {
    expect(retryDelayMs(1, 30_000, 0.5)).toBeNull();
    expect(retryDelayMs(2, 30_000, 0.5)).toBe(30_000);
    expect(retryDelayMs(3, 30_000, 0.5)).toBe(90_000);
    expect(retryDelayMs(9, 30_000, 0.5)).toBe(30_000 * 3 ** 7);
    expect(retryDelayMs(10, 30_000, 0.5)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(MAX_ATTEMPTS, 30_000, 0.5)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(MAX_ATTEMPTS + 1, 30_000, 0.5)).toBeNull();
  });

  it('jitters within ±20%', () => {
    expect(retryDelayMs(2, 10_000, 0)).toBe(8_000);
    expect(retryDelayMs(2, 10_000, 0.999999)).toBe(12_000);
  });

  it('spans about three days with the default base', () => {
    let total = 0;
    for (let n = 2; n <= MAX_ATTEMPTS; n++) total += retryDelayMs(n, 30_000, 0.5)!;
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect(total / 86_400_000).toBeLessThan(3.5);
  });

  it('reads the receiver answer', () => {
    expect(outcomeOf(200)).toBe('SUCCEEDED');
    expect(outcomeOf(299)).toBe('SUCCEEDED');
    expect(outcomeOf(300)).toBe('FAILED');
    expect(outcomeOf(199)).toBe('FAILED');
    expect(outcomeOf(410)).toBe('GONE');
    expect(outcomeOf(404)).toBe('FAILED');
    expect(outcomeOf(503)).toBe('FAILED');
    expect(outcomeOf(null)).toBe('FAILED');
  });
});

describe('private address guard', () => {
  it.each([
    ['127.0.0.1'], ['10.1.2.3'], ['172.16.0.1'], ['172.31.255.255'], ['192.168.1.1'], ['169.254.169.254'], ['100.64.0.1'],
    ['0.0.0.0'], ['224.0.0.1'], ['255.255.255.255'], ['::1'], ['::'], ['fc00::1'], ['fd12:3456::1'], ['fe80::1'],
    ['::ffff:127.0.0.1'], ['::ffff:7f00:1'], ['0:0:0:0:0:ffff:10.0.0.1'], ['64:ff9b::a00:1'], ['not-an-ip'],
  ])('refuses %s', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each([['8.8.8.8'], ['172.15.255.255'], ['172.32.0.1'], ['100.63.255.255'], ['100.128.0.1'], ['223.255.255.255'], ['2606:4700::1111'], ['::ffff:8.8.8.8']])(
    'allows %s',
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );

  it('lets the allowlist through by host name or address, and refuses local names otherwise', () => {
    expect(mayDeliverTo('localhost', '127.0.0.1', [])).toBe(false);
    expect(mayDeliverTo('localhost', '127.0.0.1', ['localhost'])).toBe(true);
    expect(mayDeliverTo('receiver.test', '127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(mayDeliverTo('[::1]', '::1', ['::1'])).toBe(true);
    expect(mayDeliverTo('metadata.internal', '8.8.8.8', [])).toBe(false);
    expect(mayDeliverTo('partner.example.com', '93.184.216.34', [])).toBe(true);
    expect(mayDeliverTo('partner.example.com', '10.0.0.5', [])).toBe(false);
  });
});

describe('host check before connecting', () => {
  it('refuses private literals and local names, lets public hosts and the allowlist through', () => {
    expect(blockedHost(new URL('http://127.0.0.1:8080/x'), [])).toMatch(/private or loopback/);
    expect(blockedHost(new URL('http://[::1]/x'), [])).toMatch(/private or loopback/);
    expect(blockedHost(new URL('http://[::ffff:10.0.0.1]/x'), [])).toMatch(/private or loopback/);
    expect(blockedHost(new URL('http://localhost/x'), [])).toMatch(/local name/);
    expect(blockedHost(new URL('http://metadata.google.internal/x'), [])).toMatch(/local name/);
    expect(blockedHost(new URL('http://127.0.0.1:8080/x'), ['127.0.0.1'])).toBeNull();
    expect(blockedHost(new URL('http://localhost/x'), ['localhost'])).toBeNull();
    expect(blockedHost(new URL('https://8.8.8.8/x'), [])).toBeNull();
    expect(blockedHost(new URL('https://partner.example.com/x'), [])).toBeNull();
  });
});

describe('secrets at rest', () => {
  const key = Buffer.alloc(32, 1);
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const endpoint = '019b76da-0000-7000-8000-0000000000e1';

  it('seals so that the stored value does not show the secret, and opens it again', () => {
    const sealed = sealSecret(key, endpoint, secret);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(secret.slice(6));
    expect(Buffer.from(sealed.slice(3), 'base64').includes(Buffer.from(secret.slice(6), 'base64'))).toBe(false);
    expect(sealed.length).toBeLessThanOrEqual(255);
    expect(openSecret(key, endpoint, sealed)).toBe(secret);
    expect(sealSecret(key, endpoint, secret)).not.toBe(sealed); // fresh nonce each time
    expect(isPlainSecret(sealed)).toBe(false);
    expect(isPlainSecret(secret)).toBe(true);
  });

  it('refuses another key, another endpoint, a changed byte and a plain value', () => {
    const sealed = sealSecret(key, endpoint, secret);
    expect(() => openSecret(Buffer.alloc(32, 2), endpoint, sealed)).toThrow();
    expect(() => openSecret(key, endpoint.replace(/e1$/, 'e2'), sealed)).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => openSecret(key, endpoint, 'v1.' + raw.toString('base64'))).toThrow();
    expect(() => openSecret(key, endpoint, secret)).toThrow(/not sealed/);
    expect(() => openSecret(key, endpoint, 'v1.AAAA')).toThrow(/truncated/);
  });
});

describe('rotation', () => {
  const expires = new Date('2026-11-27T00:00:00.000Z');

  it('signs with the previous secret too until the grace period ends, then with the new one only', () => {
    expect(signingSecrets('new', 'old', expires, new Date(expires.getTime() - 1))).toEqual(['new', 'old']);
    expect(signingSecrets('new', 'old', expires, expires)).toEqual(['new']);
    expect(signingSecrets('new', 'old', expires, new Date(expires.getTime() + 1))).toEqual(['new']);
    expect(signingSecrets('new', null, null, new Date(0))).toEqual(['new']);
    expect(signingSecrets('new', 'old', null, new Date(0))).toEqual(['new']);
  });

  it('puts one v1 signature per secret in the header; a receiver with either secret accepts', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const now = 1_764_000_000;
    const header = signWebhookWithEach([newSecret, oldSecret], 'msg_1', now, '{}');
    expect(header.split(' ')).toEqual([signWebhook(newSecret, 'msg_1', now, '{}'), signWebhook(oldSecret, 'msg_1', now, '{}')]);
    const headers = { id: 'msg_1', timestamp: String(now), signature: header };
    expect(verifyWebhook(oldSecret, headers, '{}', now)).toBe(true);
    expect(verifyWebhook(newSecret, headers, '{}', now)).toBe(true);
    expect(verifyWebhook(newWebhookSecret(), headers, '{}', now)).toBe(false);
    expect(signWebhookWithEach([newSecret], 'msg_1', now, '{}')).toBe(signWebhook(newSecret, 'msg_1', now, '{}'));
  });
});
