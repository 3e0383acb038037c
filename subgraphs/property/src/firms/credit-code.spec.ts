import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, creditCodeProblem, isValidCreditCode } from './credit-code';

describe('unified social credit code (GB 32100)', () => {
  // Published codes of registered enterprises, each with its own check character.
  it.each(['91350100M000100Y43', '914403001922038216', '91110000600037341L', '91330203MA2CJ8QW1M'])('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('refuses every other check character for the same first 17', () => {
    const first17 = '91350100M000100Y4';
    const others = [...CREDIT_CODE_ALPHABET].filter((c) => c !== '3');
    expect(others).toHaveLength(30);
    for (const c of others) expect(creditCodeProblem(first17 + c)).toBe('CHECK_CHARACTER');
  });

  it('maps a remainder of 0 to check character 0, not 31', () => {
    // 17 zeros weigh nothing: 31 - 0 = 31, which wraps to 0.
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
    // Y (value 30) in the first position weighs 30: 31 - 30 = 1.
    expect(creditCodeCheckCharacter('Y0000000000000000')).toBe('1');
    // 1 in the first position weighs 1: 31 - 1 = 30, the last character Y.
    expect(creditCodeCheckCharacter('10000000000000000')).toBe('Y');
  });

  it.each([
    ['91350100M000100Y4', 'LENGTH'],
    ['91350100M000100Y433', 'LENGTH'],
    ['', 'LENGTH'],
    ['91350100M000100I43', 'CHARACTER'],
    ['91350100M000100O43', 'CHARACTER'],
    ['91350100m000100Y43', 'CHARACTER'],
    ['913501A0M000100Y43', 'DIVISION'],
    ['91350100M000100Y44', 'CHECK_CHARACTER'],
  ])('refuses %p as %s', (code, problem) => {
    expect(creditCodeProblem(code)).toBe(problem);
  });

  it('detects a swap of two neighbouring characters', () => {
    expect(creditCodeProblem('91351000M000100Y43')).toBe('CHECK_CHARACTER');
  });
});
