import { approvalBasis, raisingAllowed, transition, type ApprovalFacts } from './approval';

const facts = (over: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
  compoundId: 'c1',
  fund: 'PUBLIC_REVENUE',
  amountFen: 500_000,
  emergency: false,
  authorisedLimitFen: 500_000,
  matter: null,
  citesMatter: false,
  ...over,
});
const passed = (item: number, compoundId = 'c1') => ({ compoundId, article278Item: item, passed: true });

describe('public revenue spending', () => {
  it('lets the committee approve alone up to and including the authorised limit', () => {
    expect(approvalBasis(facts({ amountFen: 500_000 }))).toEqual({ ok: true, value: 'WITHIN_LIMIT' });
  });

  it('needs a passed matter one fen above the limit', () => {
    const above = approvalBasis(facts({ amountFen: 500_001 }));
    expect(above.ok).toBe(false);
    expect(approvalBasis(facts({ amountFen: 500_001, citesMatter: true, matter: passed(9) }))).toEqual({ ok: true, value: 'ASSEMBLY_MATTER' });
  });

  it('refuses a rejected matter, another compound\'s matter and one not yet known', () => {
    expect(approvalBasis(facts({ amountFen: 600_000, citesMatter: true, matter: { ...passed(9), passed: false } })).ok).toBe(false);
    expect(approvalBasis(facts({ amountFen: 600_000, citesMatter: true, matter: passed(9, 'c2') })).ok).toBe(false);
    expect(approvalBasis(facts({ amountFen: 600_000, citesMatter: true, matter: null })).ok).toBe(false);
  });

  it('treats no authorisation as a limit of zero', () => {
    expect(approvalBasis(facts({ amountFen: 1, authorisedLimitFen: 0 })).ok).toBe(false);
  });
});

describe('maintenance fund', () => {
  it('uses the fund only under an art. 278 item 5 matter, whatever the amount', () => {
    expect(approvalBasis(facts({ fund: 'MAINTENANCE_FUND', amountFen: 1 })).ok).toBe(false);
    expect(approvalBasis(facts({ fund: 'MAINTENANCE_FUND', citesMatter: true, matter: passed(6) })).ok).toBe(false);
    expect(approvalBasis(facts({ fund: 'MAINTENANCE_FUND', citesMatter: true, matter: passed(5) }))).toEqual({ ok: true, value: 'ASSEMBLY_MATTER' });
  });

  it('takes the emergency path without a matter', () => {
    expect(approvalBasis(facts({ fund: 'MAINTENANCE_FUND', emergency: true }))).toEqual({ ok: true, value: 'EMERGENCY' });
  });

  it('raises the fund only under a passed item 6 matter of the same compound', () => {
    expect(raisingAllowed('c1', passed(6)).ok).toBe(true);
    expect(raisingAllowed('c1', passed(5)).ok).toBe(false);
    expect(raisingAllowed('c1', passed(6, 'c2')).ok).toBe(false);
    expect(raisingAllowed('c1', { ...passed(6), passed: false }).ok).toBe(false);
    expect(raisingAllowed('c1', null).ok).toBe(false);
  });
});

describe('request states', () => {
  const s = (status: any, emergency = false, emergencyApproved = false) => ({ status, emergency, emergencyApproved });
  it('goes raised → approved → co-signed → paid', () => {
    expect(transition(s('RAISED'), 'APPROVE')).toEqual({ ok: true, value: 'APPROVED' });
    expect(transition(s('APPROVED'), 'CO_SIGN')).toEqual({ ok: true, value: 'CO_SIGNED' });
    expect(transition(s('CO_SIGNED'), 'PAY')).toEqual({ ok: true, value: 'PAID' });
  });

  it('never pays a request that is not co-signed, rejected or already paid', () => {
    for (const status of ['RAISED', 'APPROVED', 'REJECTED', 'PAID']) expect(transition(s(status), 'PAY').ok).toBe(false);
  });

  it('does not co-sign before approval, nor reject what was paid', () => {
    expect(transition(s('RAISED'), 'CO_SIGN').ok).toBe(false);
    expect(transition(s('PAID'), 'REJECT').ok).toBe(false);
    expect(transition(s('CO_SIGNED'), 'REJECT')).toEqual({ ok: true, value: 'REJECTED' });
  });

  it('pays an emergency only after the street approved it, and approves it once', () => {
    expect(transition(s('CO_SIGNED', true, false), 'PAY').ok).toBe(false);
    expect(transition(s('CO_SIGNED', true, true), 'PAY')).toEqual({ ok: true, value: 'PAID' });
    expect(transition(s('RAISED', true, false), 'APPROVE_EMERGENCY')).toEqual({ ok: true, value: 'RAISED' });
    expect(transition(s('CO_SIGNED', true, false), 'APPROVE_EMERGENCY')).toEqual({ ok: true, value: 'CO_SIGNED' });
    expect(transition(s('PAID', true, false), 'APPROVE_EMERGENCY').ok).toBe(false);
    expect(transition(s('RAISED', true, true), 'APPROVE_EMERGENCY').ok).toBe(false);
    expect(transition(s('RAISED', false, false), 'APPROVE_EMERGENCY').ok).toBe(false);
  });
});
