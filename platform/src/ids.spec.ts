import { isUuid, uuidv7 } from './ids';

const hexDigits = (id: string) => id.replace(/-/g, '');

describe('uuidv7', () => {
  const now = Date.UTC(2024, 4, 1, 12, 30, 45, 678);

  it('is a lowercase UUID that isUuid accepts', () => {
    const id = uuidv7(now);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(isUuid(id)).toBe(true);
  });

  it('has version 7 and the RFC 9562 variant (binary 10)', () => {
    for (let i = 0; i < 50; i++) {
      const hex = hexDigits(uuidv7(now));
      expect(hex[12]).toBe('7');
      expect(parseInt(hex[16], 16) >> 2).toBe(0b10);
    }
  });

  it('carries the millisecond timestamp in its first 48 bits', () => {
    expect(parseInt(hexDigits(uuidv7(now)).slice(0, 12), 16)).toBe(now);
    expect(parseInt(hexDigits(uuidv7(0)).slice(0, 12), 16)).toBe(0);
    expect(parseInt(hexDigits(uuidv7(2 ** 48 - 1)).slice(0, 12), 16)).toBe(2 ** 48 - 1);
  });

  it('sorts lexicographically in creation order across milliseconds', () => {
    const times = [0, 1, 255, 256, 65_535, 65_536, 2 ** 40, now - 1, now, now + 1, 2 ** 48 - 1];
    const ids = times.map((t) => uuidv7(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs between two ids of the same millisecond', () => {
    expect(uuidv7(now)).not.toBe(uuidv7(now));
  });

  it('uses the current time by default', () => {
    const before = Date.now();
    const ms = parseInt(hexDigits(uuidv7()).slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });
});

describe('isUuid', () => {
  it.each([
    ['uppercase', '018F3A2B-7C4D-7E8F-9A0B-1C2D3E4F5A6B'],
    ['missing dashes', '018f3a2b7c4d7e8f9a0b1c2d3e4f5a6b'],
    ['too short', '018f3a2b-7c4d-7e8f-9a0b-1c2d3e4f5a6'],
    ['trailing text', '018f3a2b-7c4d-7e8f-9a0b-1c2d3e4f5a6b '],
    ['non-hex', '018f3a2b-7c4d-7e8f-9a0b-1c2d3e4f5a6g'],
  ])('refuses %s', (_label, value) => {
    expect(isUuid(value)).toBe(false);
  });
});

describe('uuidv7 within one millisecond', () => {
  it('keeps creation order for ids made in the same millisecond', () => {
    const now = Date.parse('2026-11-26T00:00:00Z');
    const ids = Array.from({ length: 2000 }, () => uuidv7(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
