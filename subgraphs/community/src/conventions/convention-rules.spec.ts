import { actionForBreach, validateConvention, type ConventionDraft, type EscalationStep } from './convention-rules';

const MENGDA: EscalationStep[] = [
  { breach: 1, action: 'CAUTION' },
  { breach: 2, action: 'WARNING' },
  { breach: 3, action: 'REMOVAL' },
];
const draft = (over: Partial<ConventionDraft> = {}): ConventionDraft => ({
  kind: 'PARKING',
  title: '梦达教师楼停车公约',
  rules: [{ code: 'SPACES', text: '划定72个车位', quantity: 72 }],
  escalation: MENGDA,
  ...over,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { extensions?: { code?: string; argument?: string } }).extensions;
  }
  return undefined;
};

describe('actionForBreach (一次劝诫、二次警告、三次驱离)', () => {
  it('cautions at the 1st breach, warns at the 2nd, removes at the 3rd and after', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => actionForBreach(MENGDA, n))).toEqual([null, 'CAUTION', 'WARNING', 'REMOVAL', 'REMOVAL', 'REMOVAL']);
  });
  it('has nothing to say without an escalation', () => {
    expect(actionForBreach([], 1)).toBeNull();
  });
});

describe('validateConvention', () => {
  it('accepts the Mengda parking convention and trims text', () => {
    const v = validateConvention(draft({ rules: [{ code: 'SPACES', text: '  划定72个车位 ', quantity: 72 }, { code: 'FEES_TO_REPAIRS', text: '经费全数用于公共维修' }] }));
    expect(v.rules).toEqual([
      { code: 'SPACES', text: '划定72个车位', quantity: 72 },
      { code: 'FEES_TO_REPAIRS', text: '经费全数用于公共维修', quantity: null },
    ]);
    expect(v.escalation).toEqual(MENGDA);
  });
  it('refuses a parking convention without escalation, but not a residents convention', () => {
    expect(codeOf(() => validateConvention(draft({ escalation: [] })))?.code).toBe('BAD_USER_INPUT');
    expect(validateConvention(draft({ kind: 'RESIDENTS', escalation: null })).escalation).toEqual([]);
  });
  it('refuses gaps and a start other than the 1st breach', () => {
    expect(codeOf(() => validateConvention(draft({ escalation: [{ breach: 2, action: 'CAUTION' }] })))?.code).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateConvention(draft({ escalation: [{ breach: 1, action: 'CAUTION' }, { breach: 3, action: 'REMOVAL' }] })))?.code).toBe('BAD_USER_INPUT');
  });
  it('refuses a step milder than the one before, allows repeating one', () => {
    expect(codeOf(() => validateConvention(draft({ escalation: [{ breach: 1, action: 'WARNING' }, { breach: 2, action: 'CAUTION' }] })))?.code).toBe('BAD_USER_INPUT');
    expect(validateConvention(draft({ escalation: [{ breach: 1, action: 'CAUTION' }, { breach: 2, action: 'CAUTION' }, { breach: 3, action: 'REMOVAL' }] })).escalation).toHaveLength(3);
  });
  it('refuses no rules, duplicate or malformed codes, empty text, negative quantities', () => {
    expect(codeOf(() => validateConvention(draft({ rules: [] })))?.code).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateConvention(draft({ rules: [{ code: 'A', text: 'x' }, { code: 'A', text: 'y' }] })))?.argument).toBe('convention.rules[1]');
    expect(codeOf(() => validateConvention(draft({ rules: [{ code: 'spaces', text: 'x' }] })))?.code).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateConvention(draft({ rules: [{ code: 'A', text: '  ' }] })))?.code).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateConvention(draft({ rules: [{ code: 'A', text: 'x', quantity: -1 }] })))?.code).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateConvention(draft({ title: ' ' })))?.code).toBe('BAD_USER_INPUT');
  });
});
