import { auditStatus, missingAuditors } from './audit-status';

describe('joint audit status', () => {
  it('is unaudited until someone acts', () => expect(auditStatus([], 0, 0)).toBe('UNAUDITED'));
  it('is in audit while a sign-off is missing', () => {
    expect(auditStatus(['COMMUNITY', 'OWNER_REPRESENTATIVE'], 0, 0)).toBe('IN_AUDIT');
    expect(missingAuditors(['COMMUNITY', 'OWNER_REPRESENTATIVE'])).toEqual(['SUPERVISORY_BOARD']);
  });
  it('is audited with all three sign-offs and no open finding', () => expect(auditStatus(['COMMUNITY', 'OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'], 0, 1)).toBe('AUDITED'));
  it('is held by a single open finding, even with all sign-offs', () => expect(auditStatus(['COMMUNITY', 'OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'], 1, 1)).toBe('FINDINGS_OPEN'));
  it('is in audit when only resolved findings exist', () => expect(auditStatus([], 0, 2)).toBe('IN_AUDIT'));
});
