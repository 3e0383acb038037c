import { badInput } from '@hub/platform';

/**
 * A district's rating scheme (物业服务质量量化评价方案): weighted indicators, rater groups with
 * their proportions (the Yinzhou model: owners' committee, owner representatives, community),
 * optional resident satisfaction fed by closed requests, what happens when a group has too few
 * raters, and how the red/black list (红黑榜) is drawn.
 */
export const RATER_GROUPS = ['OWNERS_COMMITTEE', 'OWNER_REPRESENTATIVES', 'COMMUNITY', 'RESIDENT_SATISFACTION'] as const;
export type RaterGroup = (typeof RATER_GROUPS)[number];

/** The group not made of raters: its score comes from residents' satisfaction with closed requests (诉求满意度). */
export const SATISFACTION_GROUP: RaterGroup = 'RESIDENT_SATISFACTION';

/**
 * REDISTRIBUTE: a group below its minimum is left out and its proportion is shared among the
 * complete groups in proportion to theirs. WITHHOLD: no score for the compound that period.
 */
export type IncompleteGroupRule = 'REDISTRIBUTE' | 'WITHHOLD';

/**
 * SHARE: `red`/`black` are basis points (1/10000) of the ranked compounds at the top and the
 * bottom. THRESHOLD: `red` and `black` are scores in hundredths of a point; at or above `red`
 * is red, below `black` is black.
 */
export interface ListRule {
  kind: 'SHARE' | 'THRESHOLD';
  red: number;
  black: number;
}

export interface IndicatorRule {
  code: string;
  name: string;
  /** Weight in basis points; a scheme's weights sum to exactly 10000 (100%). */
  weightBp: number;
}

export interface GroupRule {
  group: RaterGroup;
  /** Proportion in basis points; a scheme's proportions sum to exactly 10000. */
  proportionBp: number;
  /** Fewest raters (or, for resident satisfaction, responses) for the group to count. */
  minRaters: number;
}

export interface SchemeRules {
  indicators: IndicatorRule[];
  groups: GroupRule[];
  incompleteGroupRule: IncompleteGroupRule;
  listRule: ListRule;
}

const FULL = 10_000;
const INDICATOR_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

/** Checks a scheme before anything is stored; the first problem found is reported with its field. */
export function validateScheme(s: SchemeRules): void {
  if (s.indicators.length === 0) throw badInput('A scheme needs at least one indicator', { field: 'indicators' });
  if (s.indicators.length > 30) throw badInput('A scheme has at most 30 indicators', { field: 'indicators' });
  const codes = new Set<string>();
  for (const i of s.indicators) {
    if (!INDICATOR_CODE.test(i.code)) {
      throw badInput(`Indicator code "${i.code}" must be 2–32 capital letters, digits or _ starting with a letter, e.g. CLEANING`, { field: 'indicators.code' });
    }
    if (codes.has(i.code)) throw badInput(`Indicator ${i.code} is listed twice`, { field: 'indicators.code' });
    codes.add(i.code);
    if (!i.name.trim() || i.name.length > 50) throw badInput(`Indicator ${i.code} needs a name of 1–50 characters`, { field: 'indicators.name' });
    if (!Number.isInteger(i.weightBp) || i.weightBp <= 0) {
      throw badInput(`Indicator ${i.code} needs a positive whole weight in basis points (1% = 100), got ${i.weightBp}`, { field: 'indicators.weightBasisPoints' });
    }
  }
  const weights = s.indicators.reduce((a, i) => a + i.weightBp, 0);
  if (weights !== FULL) {
    throw badInput(`Indicator weights must sum to 100% (10000 basis points); they sum to ${weights}`, { field: 'indicators.weightBasisPoints', sum: weights });
  }

  if (s.groups.length === 0) throw badInput('A scheme needs at least one rater group', { field: 'groups' });
  const groups = new Set<RaterGroup>();
  for (const g of s.groups) {
    if (groups.has(g.group)) throw badInput(`Rater group ${g.group} is listed twice`, { field: 'groups.group' });
    groups.add(g.group);
    if (!Number.isInteger(g.proportionBp) || g.proportionBp <= 0) {
      throw badInput(`Group ${g.group} needs a positive whole proportion in basis points, got ${g.proportionBp}`, { field: 'groups.proportionBasisPoints' });
    }
    if (!Number.isInteger(g.minRaters) || g.minRaters < 1 || g.minRaters > 1000) {
      throw badInput(`Group ${g.group} needs a minimum of 1–1000 raters, got ${g.minRaters}`, { field: 'groups.minRaters' });
    }
  }
  const proportions = s.groups.reduce((a, g) => a + g.proportionBp, 0);
  if (proportions !== FULL) {
    throw badInput(`Rater group proportions must sum to 100% (10000 basis points); they sum to ${proportions}`, { field: 'groups.proportionBasisPoints', sum: proportions });
  }
  if (!s.groups.some((g) => g.group !== SATISFACTION_GROUP)) {
    throw badInput('A scheme needs at least one group of raters besides resident satisfaction', { field: 'groups' });
  }

  const { kind, red, black } = s.listRule;
  if (!Number.isInteger(red) || !Number.isInteger(black) || red < 0 || black < 0) {
    throw badInput('List rule values must be whole non-negative numbers', { field: 'listRule' });
  }
  if (kind === 'SHARE' && red + black > FULL) {
    throw badInput(`Red and black shares together exceed 100% (${red + black} basis points)`, { field: 'listRule' });
  }
  if (kind === 'THRESHOLD' && (red > FULL || black > red)) {
    throw badInput(`Thresholds are scores in hundredths of a point with black (${black}) at most red (${red}) and red at most 10000`, { field: 'listRule' });
  }
}
