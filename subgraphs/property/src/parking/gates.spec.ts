import { unknownGateProblem } from './gates';

const known = ['GCSS-2', 'GCSS-10', 'GCSS-1'];

describe('gate events against the compound’s entrance gates', () => {
  it('accepts a batch whose every gate is recorded, and an empty batch', () => {
    expect(unknownGateProblem([{ index: 0, gate: 'GCSS-1' }, { index: 1, gate: 'GCSS-10' }], known)).toBeNull();
    expect(unknownGateProblem([], known)).toBeNull();
  });

  it('names the one bad row and lists the known gates in reading order', () => {
    expect(unknownGateProblem([{ index: 0, gate: 'GCSS-1' }, { index: 1, gate: 'GCSS-3' }], known)).toBe(
      'events[1].gate "GCSS-3" is not a gate of this compound; its entrance gates are GCSS-1, GCSS-2, GCSS-10',
    );
  });

  it('matches codes exactly: another case or an entrance name is not the gate code', () => {
    expect(unknownGateProblem([{ index: 4, gate: 'gcss-1' }], known)).toMatch(/^events\[4\]\.gate "gcss-1" is not a gate/);
    expect(unknownGateProblem([{ index: 0, gate: '1号出入口' }], known)).toMatch(/"1号出入口" is not a gate/);
  });

  it('names every bad row in batch order, up to ten, and counts the rest', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => ({ index: 11 - i, gate: `X${11 - i}` }));
    const message = unknownGateProblem(twelve, known)!;
    expect(message.startsWith('events[0].gate "X0", events[1].gate "X1"')).toBe(true);
    expect(message).toContain('events[9].gate "X9" and 2 more are not gates of this compound');
    expect(message).not.toContain('events[10]');
  });

  it('says what to do when the compound has no gates recorded', () => {
    expect(unknownGateProblem([{ index: 0, gate: 'MD-1' }], [])).toBe(
      'events[0].gate "MD-1" is not a gate of this compound; it has no entrance gates recorded under facilities: add its parking areas with their gate codes first',
    );
  });
});
