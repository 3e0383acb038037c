import { beijingToIso, offsetInstantToIso, parsePushBody, PUSH_MAX_RECORDS, yuanToFen } from './common';

describe('yuanToFen', () => {
  it.each([
    ['0', 0],
    ['0.01', 1],
    ['0.1', 10],
    ['0.29', 29],
    ['1.15', 115],
    ['12.50', 1250],
    ['12.5', 1250],
    ['3', 300],
    ['999999999999.99', 99999999999999],
  ])('%s yuan is %d fen exactly', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it.each(['', '12.5x', '-1.00', '+1', '1.234', '01.00', '1e3', '1,000.00', '.5', '1.', ' 1.00', '1000000000000.00'])('refuses %j', (text) => {
    expect(yuanToFen(text)).toBeNull();
  });

  it('agrees with integer arithmetic for every cent up to 100 yuan', () => {
    for (let fen = 0; fen <= 10_000; fen++) {
      const text = `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
      expect(yuanToFen(text)).toBe(fen);
    }
  });
});

describe('beijingToIso', () => {
  it('reads the wall clock as UTC+8', () => {
    expect(beijingToIso('2026-11-03 14:05:00')).toBe('2026-11-03T06:05:00.000Z');
    expect(beijingToIso('2026-01-01 07:59:59')).toBe('2025-12-31T23:59:59.000Z');
    expect(beijingToIso('2026-03-01 00:00:00')).toBe('2026-02-28T16:00:00.000Z');
  });

  it.each(['2026-02-29 10:00:00', '2026-11-31 00:00:00', '2026-11-03 24:00:00', '2026-11-03T14:05:00', '2026-11-03 14:05', '2026/11/03 14:05:00', '2026-13-01 00:00:00'])('refuses %j', (text) => {
    expect(beijingToIso(text)).toBeNull();
  });
});

it('offset instants need their offset', () => {
  expect(offsetInstantToIso('2026-11-03T14:05:00+08:00')).toBe('2026-11-03T06:05:00.000Z');
  expect(offsetInstantToIso('2026-11-03T06:05:00.5Z')).toBe('2026-11-03T06:05:00.500Z');
  expect(offsetInstantToIso('2026-11-03T14:05:00')).toBeNull();
});

it('push bodies are { records: [...] }', () => {
  expect(parsePushBody({ records: [1, 2] })).toEqual({ ok: true, records: [1, 2] });
  expect(parsePushBody([1])).toMatchObject({ ok: false, reason: expect.stringContaining('{ "records"') });
  expect(parsePushBody({ items: [] })).toMatchObject({ ok: false, reason: expect.stringContaining('records: expected an array') });
  expect(parsePushBody({ records: [] })).toMatchObject({ ok: false, reason: 'records: the array is empty' });
  expect(parsePushBody({ records: new Array(PUSH_MAX_RECORDS + 1).fill(0) })).toMatchObject({ ok: false, reason: expect.stringContaining(`at most ${PUSH_MAX_RECORDS}`) });
});
