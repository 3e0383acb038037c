import { badInput, ErrorCode, HubError, loadOneBy, type RequestContext } from '@hub/platform';
import type { DataSource } from 'typeorm';
import { assertManagesDistrict, isDuplicateKey } from '../scope/access';
import { RatingSchemeEntity } from './rating-scheme.entity';
import { validateScheme, type SchemeRules } from './scheme-rules';

export interface CreateSchemeInput {
  districtCode: string;
  name: string;
  indicators: { code: string; name: string; weightBasisPoints: number }[];
  groups: { group: SchemeRules['groups'][number]['group']; proportionBasisPoints: number; minRaters: number }[];
  incompleteGroupRule: SchemeRules['incompleteGroupRule'];
  listRule: SchemeRules['listRule'];
  /** The client's idempotency key: a retry with the same key returns the scheme the first call created. */
  requestKey?: string | null;
}

const REQUEST_KEY = /^[A-Za-z0-9._:-]{1,64}$/;

export const DISTRICT_CODE = /^\d{12}$/;

export function assertDistrictCode(code: string): void {
  if (!DISTRICT_CODE.test(code)) throw badInput(`District code "${code}" must be the 12-digit code, e.g. 330203000000`, { field: 'districtCode' });
}

export async function createScheme(ctx: RequestContext, input: CreateSchemeInput): Promise<RatingSchemeEntity> {
  assertDistrictCode(input.districtCode);
  assertManagesDistrict(ctx.claims, input.districtCode);
  const name = input.name.trim();
  if (!name || name.length > 100) throw badInput('A scheme needs a name of 1–100 characters', { field: 'name' });
  const requestKey = input.requestKey ?? null;
  if (requestKey !== null && !REQUEST_KEY.test(requestKey)) throw badInput('requestKey must be 1 to 64 letters, digits or . _ : -', { field: 'requestKey' });
  const rules: SchemeRules = {
    indicators: input.indicators.map((i) => ({ code: i.code, name: i.name.trim(), weightBp: i.weightBasisPoints })),
    groups: input.groups.map((g) => ({ group: g.group, proportionBp: g.proportionBasisPoints, minRaters: g.minRaters })),
    incompleteGroupRule: input.incompleteGroupRule,
    listRule: { kind: input.listRule.kind, red: input.listRule.red, black: input.listRule.black },
  };
  validateScheme(rules);
  const repo = ctx.ds.getRepository(RatingSchemeEntity);
  const earlier = () => (requestKey === null ? Promise.resolve(null) : repo.findOneBy({ districtCode: input.districtCode, requestKey }));
  const first = await earlier();
  if (first) return sameRequest(first, name, rules);
  try {
    return await repo.save(repo.create({ districtCode: input.districtCode, name, ...rules, requestKey }));
  } catch (error) {
    // Two retries at once: the unique (district, key) index lets one in; the other returns it.
    const winner = isDuplicateKey(error) ? await earlier() : null;
    if (winner) return sameRequest(winner, name, rules);
    throw error;
  }
}

/**
 * A retry must be the same request: the key names one scheme, so a different scheme under a key
 * already used is refused rather than silently answered with the first.
 */
function sameRequest(scheme: RatingSchemeEntity, name: string, rules: SchemeRules): RatingSchemeEntity {
  const stored = JSON.stringify([scheme.name, scheme.indicators, scheme.groups, scheme.incompleteGroupRule, scheme.listRule]);
  const asked = JSON.stringify([name, rules.indicators, rules.groups, rules.incompleteGroupRule, rules.listRule]);
  if (stored !== asked) {
    throw new HubError(ErrorCode.CONFLICT, `requestKey "${scheme.requestKey}" was already used for scheme ${scheme.id} ("${scheme.name}") with other contents; use a new key for a new scheme`, { schemeId: scheme.id });
  }
  return scheme;
}

export const schemeById = (ctx: RequestContext, id: string) => loadOneBy(ctx, RatingSchemeEntity, 'id', id);

/** The district's scheme for new rounds: the one created last (ids are time-ordered). */
export function currentScheme(ds: DataSource, districtCode: string): Promise<RatingSchemeEntity | null> {
  return ds.getRepository(RatingSchemeEntity).findOne({ where: { districtCode }, order: { id: 'DESC' } });
}
