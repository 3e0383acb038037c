/**
 * Joint audit of a statement (财务公开联审): the community, the owner representatives and the
 * supervisory board each sign off or raise findings. A statement is audited when all three have
 * signed off and no finding is left open.
 */
export type AuditorRole = 'COMMUNITY' | 'OWNER_REPRESENTATIVE' | 'SUPERVISORY_BOARD';
export const REQUIRED_AUDITORS: readonly AuditorRole[] = ['COMMUNITY', 'OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'];

export type AuditStatus = 'UNAUDITED' | 'IN_AUDIT' | 'FINDINGS_OPEN' | 'AUDITED';

export function auditStatus(signedOffBy: readonly AuditorRole[], openFindings: number, anyFindings: number): AuditStatus {
  if (openFindings > 0) return 'FINDINGS_OPEN';
  const signed = new Set(signedOffBy);
  if (REQUIRED_AUDITORS.every((r) => signed.has(r))) return 'AUDITED';
  return signed.size === 0 && anyFindings === 0 ? 'UNAUDITED' : 'IN_AUDIT';
}

export const missingAuditors = (signedOffBy: readonly AuditorRole[]): AuditorRole[] =>
  REQUIRED_AUDITORS.filter((r) => !signedOffBy.includes(r));
