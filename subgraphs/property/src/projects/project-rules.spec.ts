import { progressProblem, projectProblems, threeZeros } from './project-rules';

describe('three zeros', () => {
  it('holds with nothing recorded and fails with a single complaint', () => {
    expect(threeZeros({ accidents: 0, disturbances: 0, complaints: 0 })).toBe(true);
    expect(threeZeros({ accidents: 0, disturbances: 0, complaints: 1 })).toBe(false);
    expect(threeZeros({ accidents: 1, disturbances: 0, complaints: 0 })).toBe(false);
    expect(threeZeros({ accidents: 0, disturbances: 1, complaints: 0 })).toBe(false);
  });
});

describe('progress', () => {
  it('accepts the same value, one more, and exactly the plan', () => {
    expect(progressProblem(10, 79, 10)).toBeNull();
    expect(progressProblem(10, 79, 11)).toBeNull();
    expect(progressProblem(10, 79, 79)).toBeNull();
  });
  it('refuses going back, passing the plan and negatives', () => {
    expect(progressProblem(10, 79, 9)).toContain('does not go back');
    expect(progressProblem(10, 79, 80)).toContain('more than');
    expect(progressProblem(0, 79, -1)).toContain('zero or more');
  });
});

describe('project terms', () => {
  const ok = { name: '79部电梯更新', unitsPlanned: 79, budgetFen: 0, startsOn: '2026-03-01', endsOn: '2026-03-01', milestones: [] };
  it('accepts a zero budget and a one-day project', () => expect(projectProblems(ok)).toEqual([]));
  it('refuses a negative budget, zero units and an end before the start', () => {
    expect(projectProblems({ ...ok, budgetFen: -1 })[0]).toContain('budgetFen');
    expect(projectProblems({ ...ok, unitsPlanned: 0 })[0]).toContain('unitsPlanned');
    expect(projectProblems({ ...ok, endsOn: '2026-02-28' })[0]).toContain('before startsOn');
  });
});
