import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SECRET_PREFIX } from './signature';

/**
 * Partners' signing secrets at rest: AES-256-GCM under the WEBHOOK_SECRET_KEY, bound to the
 * endpoint's id as associated data, so a sealed secret copied onto another endpoint's row does not
 * open. Stored as `v1.` + base64(12-byte nonce, 16-byte tag, ciphertext); the version leaves room
 * for another algorithm or key later. A database dump alone never yields a secret.
 */
const VERSION = 'v1.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function sealSecret(key: Buffer, endpointId: string, secret: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(endpointId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([nonce, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Throws when the value was not sealed with this key for this endpoint (or was altered). */
export function openSecret(key: Buffer, endpointId: string, sealed: string): string {
  if (!sealed.startsWith(VERSION)) throw new Error(`webhook secret of endpoint ${endpointId} is not sealed (${sealed.slice(0, 3)}…)`);
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
  if (raw.length <= NONCE_BYTES + TAG_BYTES) throw new Error(`webhook secret of endpoint ${endpointId} is truncated`);
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(endpointId, 'utf8'));
  decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** A secret stored before secrets were sealed (plain `whsec_…`); sealed in place at the worker's start. */
export const isPlainSecret = (stored: string): boolean => stored.startsWith(SECRET_PREFIX);

/**
 * The secrets that sign a delivery at `now`: the current one, and after a rotation the previous
 * one until its grace period ends (`now` before `previousExpiresAt`), so receivers can switch
 * secrets without losing a delivery.
 */
export function signingSecrets<T>(current: T, previous: T | null, previousExpiresAt: Date | null, now: Date): T[] {
  return previous !== null && previousExpiresAt !== null && now.getTime() < previousExpiresAt.getTime() ? [current, previous] : [current];
}
