import { decodeEventCursor, eventCursor } from './rating-events.service';
import { pathWithin } from './region-scope';

describe('rating event cursors', () => {
  it('round-trips log positions, including the start of the log', () => {
    for (const seq of [0, 1, 42, Number.MAX_SAFE_INTEGER]) expect(decodeEventCursor(eventCursor(seq))).toBe(seq);
  });

  it.each([['bm9wZQ'], [''], [Buffer.from('seq:').toString('base64url')], [Buffer.from('seq:-1').toString('base64url')], [Buffer.from('seq:1.5').toString('base64url')], [Buffer.from('id:5').toString('base64url')]])(
    'refuses %j as BAD_USER_INPUT',
    (cursor) => {
      expect(() => decodeEventCursor(cursor)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    },
  );
});

describe('region paths', () => {
  const path = ['330203001005', '330203001000', '330203000000'];
  it('lets a caller see events under any level of a region it holds', () => {
    expect(pathWithin(path, { sub: 'p', role: 'PARTNER', regions: ['330203000000'] })).toBe(true);
    expect(pathWithin(path, { sub: 'p', role: 'PARTNER', regions: ['330203001005'] })).toBe(true);
    expect(pathWithin(path, { sub: 'p', role: 'PARTNER', regions: ['330212000000'] })).toBe(false);
    expect(pathWithin(path, { sub: 'p', role: 'PARTNER' })).toBe(false);
    expect(pathWithin(path, { sub: 'a', role: 'ADMIN' })).toBe(true);
  });
});
