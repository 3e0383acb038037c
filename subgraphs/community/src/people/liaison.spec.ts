import { MAX_SERVICE_MINUTES, serviceEntryProblem } from './liaison.service';

describe('serviceEntryProblem', () => {
  const today = '2026-11-26';
  it('takes 1 minute to a whole day', () => {
    expect(serviceEntryProblem(1, today, today)).toBeNull();
    expect(serviceEntryProblem(MAX_SERVICE_MINUTES, today, today)).toBeNull();
    expect(serviceEntryProblem(0, today, today)).toContain('minutes');
    expect(serviceEntryProblem(MAX_SERVICE_MINUTES + 1, today, today)).toContain('minutes');
    expect(serviceEntryProblem(30.5, today, today)).toContain('minutes');
  });
  it('takes real dates up to today', () => {
    expect(serviceEntryProblem(60, '2026-11-25', today)).toBeNull();
    expect(serviceEntryProblem(60, '2026-11-27', today)).toContain('future');
    expect(serviceEntryProblem(60, '2026-02-30', today)).toContain('ISO date');
  });
});
