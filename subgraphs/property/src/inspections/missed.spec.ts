import { missedCheckpoints } from './missed';

const plan = { startsAt: new Date('2026-11-20T00:00:00Z'), intervalHours: 12 };
const at = (iso: string) => new Date(iso);

describe('missedCheckpoints', () => {
  it('reports each checkpoint without a record in each whole window', () => {
    const records = [
      { checkpointId: 'gate', inspectedAt: at('2026-11-20T01:00:00Z') },
      { checkpointId: 'pump', inspectedAt: at('2026-11-20T11:59:59.999Z') },
      { checkpointId: 'gate', inspectedAt: at('2026-11-20T13:00:00Z') },
    ];
    const missed = missedCheckpoints(plan, ['gate', 'pump'], records, at('2026-11-20T00:00:00Z'), at('2026-11-21T00:00:00Z'));
    expect(missed).toEqual([{ checkpointId: 'pump', windowStart: at('2026-11-20T12:00:00Z'), windowEnd: at('2026-11-21T00:00:00Z') }]);
  });

  it('counts a record exactly at a window end in the next window', () => {
    const records = [{ checkpointId: 'gate', inspectedAt: at('2026-11-20T12:00:00Z') }];
    const missed = missedCheckpoints(plan, ['gate'], records, at('2026-11-20T00:00:00Z'), at('2026-11-21T00:00:00Z'));
    expect(missed.map((m) => m.windowStart.toISOString())).toEqual(['2026-11-20T00:00:00.000Z']);
  });

  it('judges only windows wholly inside [from, to)', () => {
    const missed = missedCheckpoints(plan, ['gate'], [], at('2026-11-20T06:00:00Z'), at('2026-11-21T11:59:59Z'));
    expect(missed.map((m) => m.windowStart.toISOString())).toEqual(['2026-11-20T12:00:00.000Z']);
    expect(missedCheckpoints(plan, ['gate'], [], at('2026-11-20T00:00:00Z'), at('2026-11-20T12:00:00Z'))).toHaveLength(1);
    expect(missedCheckpoints(plan, ['gate'], [], at('2026-11-20T00:00:00Z'), at('2026-11-20T11:59:59.999Z'))).toHaveLength(0);
  });

  it('judges nothing before the plan starts', () => {
    expect(missedCheckpoints(plan, ['gate'], [], at('2026-11-19T00:00:00Z'), at('2026-11-20T12:00:00Z'))).toHaveLength(1);
  });

  it('judges no window that closes after the plan ended', () => {
    const day = [at('2026-11-20T00:00:00Z'), at('2026-11-22T00:00:00Z')] as const;
    // ended exactly at a window's end: that window is judged, the later ones are not
    expect(missedCheckpoints({ ...plan, endsAt: at('2026-11-21T00:00:00Z') }, ['gate'], [], ...day)).toHaveLength(2);
    // ended a millisecond before: the window it falls in is not judged
    expect(missedCheckpoints({ ...plan, endsAt: at('2026-11-20T23:59:59.999Z') }, ['gate'], [], ...day)).toHaveLength(1);
    // an end after `to` changes nothing
    expect(missedCheckpoints({ ...plan, endsAt: at('2026-11-23T00:00:00Z') }, ['gate'], [], ...day)).toHaveLength(4);
    // ended before it started: nothing to judge
    expect(missedCheckpoints({ ...plan, endsAt: at('2026-11-19T00:00:00Z') }, ['gate'], [], ...day)).toHaveLength(0);
  });

  it('refuses to judge an unbounded number of windows', () => {
    expect(() => missedCheckpoints({ ...plan, intervalHours: 1 }, ['gate'], [], at('2026-01-01T00:00:00Z'), at('2027-06-01T00:00:00Z'))).toThrow(RangeError);
  });
});
