import type { GroupOutcome } from '../results/compute';
import type { ListRule } from '../schemes/scheme-rules';

/**
 * The red/black list (红黑榜) of a district for a period, drawn from the ranked results by the
 * scheme's rule. SHARE: the top ceil(n × red / 10000) ranks are red and the bottom
 * ceil(n × black / 10000) are black; results tied at the cut are all in, so equal scores are
 * treated alike. THRESHOLD: a score at or above `red` is red, below `black` is black. A result
 * is never on both lists: red wins (only possible when very few compounds are ranked).
 */
export interface Ranked {
  resultId: string;
  scoreCentipoints: number;
  rank: number;
  groups: GroupOutcome[];
}

export interface ListEntry {
  resultId: string;
  color: 'RED' | 'BLACK';
  rank: number;
  scoreCentipoints: number;
  reasons: string[];
}

export const formatPoints = (centipoints: number): string => `${Math.trunc(centipoints / 100)}.${String(centipoints % 100).padStart(2, '0')}`;
const formatPercent = (bp: number): string => (bp % 100 === 0 ? `${bp / 100}%` : `${formatPoints(bp)}%`);

/** Ceiling of n × bp / 10000 in integers. */
export const shareCount = (n: number, bp: number): number => Math.floor((n * bp + 9_999) / 10_000);

export function drawRedBlackList(ranked: Ranked[], rule: ListRule): ListEntry[] {
  const n = ranked.length;
  const entries: ListEntry[] = [];
  const red = new Set<string>();
  if (rule.kind === 'SHARE') {
    const redCut = shareCount(n, rule.red);
    const blackCut = shareCount(n, rule.black);
    for (const r of ranked) {
      if (redCut > 0 && r.rank <= redCut) {
        red.add(r.resultId);
        entries.push(entry(r, 'RED', `Ranked ${r.rank} of ${n}: within the top ${formatPercent(rule.red)} of the district (${redCut} place${redCut === 1 ? '' : 's'})`));
      }
    }
    for (const r of ranked) {
      // Rank from the bottom: 1 + how many scored strictly lower.
      const fromBottom = 1 + ranked.filter((o) => o.scoreCentipoints < r.scoreCentipoints).length;
      if (blackCut > 0 && fromBottom <= blackCut && !red.has(r.resultId)) {
        entries.push(entry(r, 'BLACK', `Ranked ${r.rank} of ${n}: within the bottom ${formatPercent(rule.black)} of the district (${blackCut} place${blackCut === 1 ? '' : 's'})`));
      }
    }
  } else {
    for (const r of ranked) {
      if (r.scoreCentipoints >= rule.red) {
        entries.push(entry(r, 'RED', `Score ${formatPoints(r.scoreCentipoints)} is at or above the red-list mark ${formatPoints(rule.red)}`));
      } else if (r.scoreCentipoints < rule.black) {
        entries.push(entry(r, 'BLACK', `Score ${formatPoints(r.scoreCentipoints)} is below the black-list mark ${formatPoints(rule.black)}`));
      }
    }
  }
  return entries;
}

function entry(r: Ranked, color: 'RED' | 'BLACK', why: string): ListEntry {
  const reasons = [why];
  const scored = r.groups.filter((g) => g.appliedBp > 0 && g.scoreCentipoints !== null);
  if (scored.length > 0) {
    // The group that pulled the score most in the list's direction, so the firm knows where it stands.
    const pick = scored.reduce((a, b) =>
      color === 'RED' ? (b.scoreCentipoints! > a.scoreCentipoints! ? b : a) : b.scoreCentipoints! < a.scoreCentipoints! ? b : a,
    );
    reasons.push(`${color === 'RED' ? 'Highest' : 'Lowest'} group score: ${pick.group} ${formatPoints(pick.scoreCentipoints!)}`);
  }
  const incomplete = r.groups.filter((g) => !g.complete);
  if (incomplete.length > 0) reasons.push(`Rated without ${incomplete.map((g) => g.group).join(', ')} (below minimum; proportion shared among the other groups)`);
  return { resultId: r.resultId, color, rank: r.rank, scoreCentipoints: r.scoreCentipoints, reasons };
}
