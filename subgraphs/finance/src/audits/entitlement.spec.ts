import { entitles, isCurrent, mergePost, type HeldPost } from './entitlement';

const C = 'compound-1';
const post = (p: Partial<HeldPost>): HeldPost => ({ organisationKind: 'SUPERVISORY_BOARD', compoundId: C, startsOn: '2026-01-01', endsOn: null, ...p });

describe('joint audit entitlement', () => {
  it('holds a post from its first day up to, not including, its end day', () => {
    expect(isCurrent({ startsOn: '2026-11-26', endsOn: null }, '2026-11-26')).toBe(true);
    expect(isCurrent({ startsOn: '2026-11-27', endsOn: null }, '2026-11-26')).toBe(false);
    expect(isCurrent({ startsOn: '2026-01-01', endsOn: '2026-11-27' }, '2026-11-26')).toBe(true);
    expect(isCurrent({ startsOn: '2026-01-01', endsOn: '2026-11-26' }, '2026-11-26')).toBe(false);
  });

  it('lets the supervisory board side sign only with a current board post in the same compound', () => {
    expect(entitles([post({})], 'SUPERVISORY_BOARD', C, '2026-11-26')).toBe(true);
    expect(entitles([post({})], 'OWNER_REPRESENTATIVE', C, '2026-11-26')).toBe(false);
    expect(entitles([post({ compoundId: 'compound-2' })], 'SUPERVISORY_BOARD', C, '2026-11-26')).toBe(false);
    expect(entitles([post({ compoundId: null })], 'SUPERVISORY_BOARD', C, '2026-11-26')).toBe(false);
    expect(entitles([post({ endsOn: '2026-11-26' })], 'SUPERVISORY_BOARD', C, '2026-11-26')).toBe(false);
    expect(entitles([], 'SUPERVISORY_BOARD', C, '2026-11-26')).toBe(false);
  });

  it('lets owner representatives sign with a current owners\' committee post, not another organisation\'s', () => {
    expect(entitles([post({ organisationKind: 'OWNERS_COMMITTEE' })], 'OWNER_REPRESENTATIVE', C, '2026-11-26')).toBe(true);
    expect(entitles([post({ organisationKind: 'STEWARD_GROUP' }), post({ organisationKind: 'OWNERS_COMMITTEE', endsOn: '2026-06-01' })], 'OWNER_REPRESENTATIVE', C, '2026-11-26')).toBe(false);
  });

  it('keeps an ended post ended when a late copy of the appointment arrives', () => {
    expect(mergePost({ endsOn: '2026-06-01' }, { endsOn: null })).toEqual({ endsOn: '2026-06-01' });
    expect(mergePost(null, { endsOn: null })).toEqual({ endsOn: null });
    expect(mergePost({ endsOn: null }, { endsOn: '2026-06-01' })).toEqual({ endsOn: '2026-06-01' });
  });
});
