import { requestRoundOf, requestSourceRef } from './request-round';

const id = '019a0000-0000-7000-8000-000000000001';

describe('dispatch rounds of a resident request', () => {
  it('names round 1 by the bare request id, and later rounds with #n', () => {
    expect(requestSourceRef(id, undefined)).toBe(id);
    expect(requestSourceRef(id, null)).toBe(id);
    expect(requestSourceRef(id, 1)).toBe(id);
    expect(requestSourceRef(id, 2)).toBe(`${id}#2`);
    expect(requestSourceRef(id, 17)).toBe(`${id}#17`);
  });

  it('reads the round back from the source reference', () => {
    expect(requestRoundOf(id)).toBe(1);
    expect(requestRoundOf(`${id}#2`)).toBe(2);
    expect(requestRoundOf(`${id}#17`)).toBe(17);
    for (const round of [1, 2, 3, 10, 999]) expect(requestRoundOf(requestSourceRef(id, round))).toBe(round);
  });

  it('takes anything that is not a round above 0 as round 1', () => {
    expect(requestRoundOf(`${id}#`)).toBe(1);
    expect(requestRoundOf(`${id}#0`)).toBe(1);
    expect(requestRoundOf(`${id}#02`)).toBe(1);
    expect(requestRoundOf(`${id}#-3`)).toBe(1);
    expect(requestRoundOf(`${id}#2.5`)).toBe(1);
  });
});
