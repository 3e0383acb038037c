/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (digits and capitals without I, O, S, V, Z) — registration authority, organisation
 * category, the 6-digit administrative division code, the 9-character organisation code and a
 * check character computed from the first 17 with weights 3^(i-1) mod 31.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** The check character for the first 17 characters, or null when they use a character outside the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

export type CreditCodeProblem = 'LENGTH' | 'CHARACTER' | 'DIVISION' | 'CHECK_CHARACTER';

/** Why a code is not a valid unified social credit code, or null when it is one. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'LENGTH';
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return 'CHARACTER';
  // Characters 3–8 are the GB/T 2260 division code of the registering authority.
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'DIVISION';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'CHECK_CHARACTER';
}

export const isValidCreditCode = (code: string): boolean => creditCodeProblem(code) === null;
