import { drawRedBlackList, shareCount, type Ranked } from './red-black';

const ranked = (...scores: number[]): Ranked[] => {
  const sorted = [...scores].sort((a, b) => b - a);
  return sorted.map((s, i) => ({ resultId: `r${i}`, scoreCentipoints: s, rank: 1 + sorted.filter((o) => o > s).length, groups: [] }));
};

describe('shareCount', () => {
  it('rounds up', () => {
    expect(shareCount(10, 1_000)).toBe(1);
    expect(shareCount(11, 1_000)).toBe(2);
    expect(shareCount(1, 1)).toBe(1);
    expect(shareCount(100, 0)).toBe(0);
  });
});

describe('drawRedBlackList', () => {
  it('takes the top and bottom shares, ties at the cut included', () => {
    const list = drawRedBlackList(ranked(95, 95, 90, 80, 70, 60, 60, 55, 50, 50), { kind: 'SHARE', red: 1_000, black: 1_000 });
    expect(list.filter((e) => e.color === 'RED').map((e) => e.scoreCentipoints)).toEqual([95, 95]);
    expect(list.filter((e) => e.color === 'BLACK').map((e) => e.scoreCentipoints)).toEqual([50, 50]);
    expect(list[0].reasons[0]).toBe('Ranked 1 of 10: within the top 10% of the district (1 place)');
  });
  it('never puts one result on both lists', () => {
    const list = drawRedBlackList(ranked(80), { kind: 'SHARE', red: 1_000, black: 1_000 });
    expect(list.map((e) => e.color)).toEqual(['RED']);
  });
  it('applies thresholds: at the red mark is red, at the black mark is not black', () => {
    const list = drawRedBlackList(ranked(9_000, 8_999, 6_000, 5_999), { kind: 'THRESHOLD', red: 9_000, black: 6_000 });
    expect(list.map((e) => [e.color, e.scoreCentipoints])).toEqual([['RED', 9_000], ['BLACK', 5_999]]);
    expect(list[1].reasons[0]).toBe('Score 59.99 is below the black-list mark 60.00');
  });
});
