import { badPhotoUrl, complianceBasisPoints, defaultDueAt, slaState } from './sla';

const due = new Date('2026-11-20T12:00:00.000Z');
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

describe('slaState', () => {
  it('meets the deadline when completed exactly at it, breaches a millisecond later', () => {
    expect(slaState({ status: 'COMPLETED', dueAt: due, completedAt: due }, ms(due, 1e9))).toBe('MET');
    expect(slaState({ status: 'COMPLETED', dueAt: due, completedAt: ms(due, 1) }, due)).toBe('BREACHED');
  });
  it('is on track up to the due instant and overdue after it while open', () => {
    expect(slaState({ status: 'IN_PROGRESS', dueAt: due, completedAt: null }, due)).toBe('ON_TRACK');
    expect(slaState({ status: 'NEW', dueAt: due, completedAt: null }, ms(due, 1))).toBe('OVERDUE');
  });
  it('does not judge a cancelled order', () => {
    expect(slaState({ status: 'CANCELLED', dueAt: due, completedAt: null }, ms(due, 1))).toBe('NOT_APPLICABLE');
  });
});

describe('defaultDueAt', () => {
  it('gives urgent orders 4 hours and normal ones 72', () => {
    expect(defaultDueAt('URGENT', due).toISOString()).toBe('2026-11-20T16:00:00.000Z');
    expect(defaultDueAt('NORMAL', due).toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });
});

describe('complianceBasisPoints', () => {
  it.each([
    [0, 0, null],
    [1, 0, 10000],
    [0, 1, 0],
    [2, 1, 6666],
    [1, 2, 3333],
    [199, 1, 9950],
  ])('%i met, %i breached → %p', (met, breached, bp) => {
    expect(complianceBasisPoints(met, breached)).toBe(bp);
  });
});

describe('badPhotoUrl', () => {
  it('accepts http(s) URLs and names the first bad one', () => {
    expect(badPhotoUrl(['https://img.example.cn/a.jpg', 'http://x.cn/b.png'])).toBeNull();
    expect(badPhotoUrl(['https://ok.cn/a.jpg', 'ftp://x.cn/b', 'nope'])).toBe('ftp://x.cn/b');
    expect(badPhotoUrl(['not a url'])).toBe('not a url');
  });
});
