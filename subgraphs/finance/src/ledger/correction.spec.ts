import { assertCorrectionMirrors } from './correction';

const p = (accountId: string, amountFen: number, category: string) => ({ accountId, amountFen, category });
const code = (fn: () => void) => {
  try {
    fn();
  } catch (e: any) {
    return e.extensions?.code;
  }
  return 'OK';
};

/** A room let of 12,000 fen with 2,000 fen of costs: bank debit, public revenue credit and cost debit. */
const receipt = [p('bank', 10_000, 'ROOM_RENTAL'), p('revenue', -12_000, 'ROOM_RENTAL'), p('revenue', 2_000, 'REVENUE_COST')];

describe('a correction restates the original entry', () => {
  it('may change amounts, leave lines out and move income between income categories', () => {
    expect(code(() => assertCorrectionMirrors(receipt, [p('bank', 9_000, 'ROOM_RENTAL'), p('revenue', -11_000, 'ROOM_RENTAL'), p('revenue', 2_000, 'REVENUE_COST')]))).toBe('OK');
    expect(code(() => assertCorrectionMirrors(receipt, [p('bank', 1, 'ROOM_RENTAL'), p('revenue', -1, 'ROOM_RENTAL')]))).toBe('OK');
    expect(code(() => assertCorrectionMirrors(receipt, [p('bank', 12_000, 'ADVERTISING'), p('revenue', -12_000, 'ADVERTISING')]))).toBe('OK');
  });

  it('refuses a side the original did not have on that account: spending disguised as a correction', () => {
    // Public revenue debited and the bank credited is a payment; it goes through a spending request.
    expect(code(() => assertCorrectionMirrors(receipt, [p('revenue', 500_000, 'REPAIR'), p('bank', -500_000, 'REPAIR')]))).toBe('BAD_USER_INPUT');
    expect(code(() => assertCorrectionMirrors(receipt, [p('bank', -1, 'ROOM_RENTAL'), p('revenue', 1, 'ROOM_RENTAL')]))).toBe('BAD_USER_INPUT');
    // A debit of public revenue exists in the original only as its cost line.
    expect(code(() => assertCorrectionMirrors(receipt, [p('revenue', 1, 'ROOM_RENTAL'), p('bank', -1, 'ROOM_RENTAL')]))).toBe('BAD_USER_INPUT');
  });

  it('refuses an account the original did not touch and a category outside its class', () => {
    expect(code(() => assertCorrectionMirrors(receipt, [p('bank', 12_000, 'ROOM_RENTAL'), p('fund', -12_000, 'ROOM_RENTAL')]))).toBe('BAD_USER_INPUT');
    expect(code(() => assertCorrectionMirrors(receipt, [p('bank', 12_000, 'ROOM_RENTAL'), p('revenue', -12_000, 'FUND_RAISED')]))).toBe('BAD_USER_INPUT');
    expect(code(() => assertCorrectionMirrors(receipt, [p('bank', 10_000, 'ROOM_RENTAL'), p('revenue', -12_000, 'ROOM_RENTAL'), p('revenue', 2_000, 'REPAIR')]))).toBe('BAD_USER_INPUT');
    const raising = [p('bank', 500_000, 'FUND_RAISED'), p('fund', -500_000, 'FUND_RAISED')];
    expect(code(() => assertCorrectionMirrors(raising, [p('bank', 400_000, 'FUND_RAISED'), p('fund', -400_000, 'FUND_RAISED')]))).toBe('OK');
    expect(code(() => assertCorrectionMirrors(raising, [p('bank', 400_000, 'PARKING'), p('fund', -400_000, 'PARKING')]))).toBe('BAD_USER_INPUT');
  });
});
