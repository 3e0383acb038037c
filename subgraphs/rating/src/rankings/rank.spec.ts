import { rankResults } from './rank';

describe('rankResults', () => {
  it('shares a rank between equal scores and skips the next', () => {
    const ranked = rankResults([
      { id: '1', compoundId: 'c', scoreCentipoints: 8000 },
      { id: '2', compoundId: 'a', scoreCentipoints: 9000 },
      { id: '3', compoundId: 'b', scoreCentipoints: 9000 },
      { id: '4', compoundId: 'd', scoreCentipoints: 7999 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([['2', 1], ['3', 1], ['1', 3], ['4', 4]]);
  });
});
