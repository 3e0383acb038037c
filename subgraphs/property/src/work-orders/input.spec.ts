import { HubError } from '@hub/platform';
import { optionalText, parseInstant, parseWindow, requiredText } from './input';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as HubError).extensions.code;
  }
  return null;
};

describe('parseInstant', () => {
  it.each([
    ['2026-11-20T08:00:00Z', '2026-11-20T08:00:00.000Z'],
    ['2026-11-20T08:00Z', '2026-11-20T08:00:00.000Z'],
    ['2026-11-20T16:00:00+08:00', '2026-11-20T08:00:00.000Z'],
    ['2026-11-20T08:00:00.123456Z', '2026-11-20T08:00:00.123Z'],
  ])('reads %p', (input, iso) => {
    expect(parseInstant(input, 'at').toISOString()).toBe(iso);
  });
  it.each(['2026-11-20', '2026-11-20T08:00:00', '2026-13-20T08:00:00Z', 'yesterday', ''])('refuses %p (no zone, no time, or no date)', (input) => {
    expect(code(() => parseInstant(input, 'at'))).toBe('BAD_USER_INPUT');
  });
});

describe('parseWindow', () => {
  it('needs from strictly before to', () => {
    expect(code(() => parseWindow('2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z'))).toBe('BAD_USER_INPUT');
    expect(parseWindow('2026-11-20T00:00:00Z', '2026-11-20T00:00:00.001Z').to.getTime() - Date.parse('2026-11-20T00:00:00Z')).toBe(1);
  });
});

describe('text fields', () => {
  it('trims and bounds', () => {
    expect(requiredText('  王师傅 ', 'name', 3)).toBe('王师傅');
    expect(code(() => requiredText('    ', 'name', 3))).toBe('BAD_USER_INPUT');
    expect(code(() => requiredText('四个字啊', 'name', 3))).toBe('BAD_USER_INPUT');
    expect(optionalText('  ', 'note', 3)).toBeNull();
    expect(optionalText(undefined, 'note', 3)).toBeNull();
  });
});
