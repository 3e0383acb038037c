import { actionForBreach, ladderProblem, type EscalationStep } from './escalation';

const mengda: EscalationStep[] = [
  { breach: 1, action: 'CAUTION' },
  { breach: 2, action: 'WARNING' },
  { breach: 3, action: 'REMOVAL' },
];

describe('actionForBreach', () => {
  it.each([
    [1, 'CAUTION'],
    [2, 'WARNING'],
    [3, 'REMOVAL'],
    [4, 'REMOVAL'],
    [10, 'REMOVAL'],
  ])('breach %i → %s', (n, action) => {
    expect(actionForBreach(mengda, n)).toBe(action);
  });

  it('reads an unordered ladder by breach number, not by position', () => {
    expect(actionForBreach([...mengda].reverse(), 2)).toBe('WARNING');
  });

  it('gives no action before the first step of a ladder that starts later', () => {
    const lenient: EscalationStep[] = [{ breach: 2, action: 'CAUTION' }, { breach: 5, action: 'REMOVAL' }];
    expect(actionForBreach(lenient, 1)).toBeNull();
    expect(actionForBreach(lenient, 4)).toBe('CAUTION');
    expect(actionForBreach(lenient, 5)).toBe('REMOVAL');
  });

  it('refuses breach number 0', () => {
    expect(() => actionForBreach(mengda, 0)).toThrow(RangeError);
  });
});

describe('ladderProblem', () => {
  it('accepts the Mengda ladder', () => expect(ladderProblem(mengda)).toBeNull());
  it.each([
    ['empty', []],
    ['breach 0', [{ breach: 0, action: 'CAUTION' }]],
    ['a repeated breach', [{ breach: 1, action: 'CAUTION' }, { breach: 1, action: 'WARNING' }]],
    ['an unknown action', [{ breach: 1, action: 'FINE' }]],
  ])('refuses %s', (_name, ladder) => {
    expect(ladderProblem(ladder as EscalationStep[])).not.toBeNull();
  });
});
