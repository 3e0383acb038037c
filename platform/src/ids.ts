import { randomFillSync, randomInt } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then a 12-bit sequence, then random bits.
 * The sequence (method 1 of the RFC) keeps ids made in the same millisecond in creation order,
 * so keyset pagination on `id` is chronological even for bulk inserts.
 */
export function uuidv7(now = Date.now()): string {
  if (now === lastMs && sequence < 0xfff) {
    sequence++;
  } else {
    lastMs = now;
    sequence = randomInt(0, 0x400); // leaves room for at least 3k more ids in this millisecond
  }
  const bytes = randomSixteen();
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The millisecond a UUIDv7 was made in (its first 48 bits). */
export const uuidv7Time = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

// Random bytes are drawn 4 KiB at a time: one call into the generator per 256 ids instead of
// one per id, which showed when a bulk insert makes thousands of ids.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function randomSixteen(): Buffer {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuid = (value: string): boolean => UUID.test(value);
