import { validateScheme, type SchemeRules } from './scheme-rules';

const base = (): SchemeRules => ({
  indicators: [
    { code: 'CLEANING', name: '保洁', weightBp: 5_000 },
    { code: 'SECURITY', name: '秩序维护', weightBp: 5_000 },
  ],
  groups: [
    { group: 'OWNERS_COMMITTEE', proportionBp: 4_000, minRaters: 3 },
    { group: 'OWNER_REPRESENTATIVES', proportionBp: 3_000, minRaters: 5 },
    { group: 'COMMUNITY', proportionBp: 3_000, minRaters: 1 },
  ],
  incompleteGroupRule: 'REDISTRIBUTE',
  listRule: { kind: 'SHARE', red: 1_000, black: 1_000 },
});

const code = (fn: () => void) => {
  try {
    fn();
    return 'OK';
  } catch (e: any) {
    return e.extensions?.code;
  }
};

describe('validateScheme', () => {
  it('accepts weights and proportions summing to exactly 100%', () => {
    expect(code(() => validateScheme(base()))).toBe('OK');
  });
  it('refuses weights one basis point short or over', () => {
    const s = base();
    s.indicators[0].weightBp = 4_999;
    expect(code(() => validateScheme(s))).toBe('BAD_USER_INPUT');
    s.indicators[0].weightBp = 5_001;
    expect(() => validateScheme(s)).toThrow('sum to 10001');
  });
  it('refuses proportions not summing to 100%', () => {
    const s = base();
    s.groups[2].proportionBp = 2_999;
    expect(() => validateScheme(s)).toThrow('proportions must sum to 100%');
  });
  it('refuses a zero weight, a duplicate code, a duplicate group and a minimum of 0', () => {
    const zero = base();
    zero.indicators = [{ code: 'CLEANING', name: '保洁', weightBp: 10_000 }, { code: 'SECURITY', name: '秩序维护', weightBp: 0 }];
    expect(code(() => validateScheme(zero))).toBe('BAD_USER_INPUT');
    const dup = base();
    dup.indicators[1].code = 'CLEANING';
    expect(() => validateScheme(dup)).toThrow('listed twice');
    const dupGroup = base();
    dupGroup.groups[1].group = 'OWNERS_COMMITTEE';
    expect(() => validateScheme(dupGroup)).toThrow('listed twice');
    const min = base();
    min.groups[0].minRaters = 0;
    expect(() => validateScheme(min)).toThrow('minimum');
  });
  it('refuses a scheme of resident satisfaction alone', () => {
    const s = base();
    s.groups = [{ group: 'RESIDENT_SATISFACTION', proportionBp: 10_000, minRaters: 1 }];
    expect(() => validateScheme(s)).toThrow('besides resident satisfaction');
  });
  it('checks the list rule at its boundaries', () => {
    const s = base();
    s.listRule = { kind: 'SHARE', red: 5_000, black: 5_000 };
    expect(code(() => validateScheme(s))).toBe('OK');
    s.listRule = { kind: 'SHARE', red: 5_000, black: 5_001 };
    expect(code(() => validateScheme(s))).toBe('BAD_USER_INPUT');
    s.listRule = { kind: 'THRESHOLD', red: 9_000, black: 9_000 };
    expect(code(() => validateScheme(s))).toBe('OK');
    s.listRule = { kind: 'THRESHOLD', red: 9_000, black: 9_001 };
    expect(code(() => validateScheme(s))).toBe('BAD_USER_INPUT');
  });
});
