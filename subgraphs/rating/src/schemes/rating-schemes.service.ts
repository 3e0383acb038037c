import { badInput, loadOneBy, type RequestContext } from '@hub/platform';
import type { DataSource } from 'typeorm';
import { assertManagesDistrict } from '../scope/access';
import { RatingSchemeEntity } from './rating-scheme.entity';
import { validateScheme, type SchemeRules } from './scheme-rules';

export interface CreateSchemeInput {
  districtCode: string;
  name: string;
  indicators: { code: string; name: string; weightBasisPoints: number }[];
  groups: { group: SchemeRules['groups'][number]['group']; proportionBasisPoints: number; minRaters: number }[];
  incompleteGroupRule: SchemeRules['incompleteGroupRule'];
  listRule: SchemeRules['listRule'];
}

export const DISTRICT_CODE = /^\d{12}$/;

export function assertDistrictCode(code: string): void {
  if (!DISTRICT_CODE.test(code)) throw badInput(`District code "${code}" must be the 12-digit code, e.g. 330203000000`, { field: 'districtCode' });
}

export async function createScheme(ctx: RequestContext, input: CreateSchemeInput): Promise<RatingSchemeEntity> {
  assertDistrictCode(input.districtCode);
  assertManagesDistrict(ctx.claims, input.districtCode);
  const name = input.name.trim();
  if (!name || name.length > 100) throw badInput('A scheme needs a name of 1–100 characters', { field: 'name' });
  const rules: SchemeRules = {
    indicators: input.indicators.map((i) => ({ code: i.code, name: i.name.trim(), weightBp: i.weightBasisPoints })),
    groups: input.groups.map((g) => ({ group: g.group, proportionBp: g.proportionBasisPoints, minRaters: g.minRaters })),
    incompleteGroupRule: input.incompleteGroupRule,
    listRule: { kind: input.listRule.kind, red: input.listRule.red, black: input.listRule.black },
  };
  validateScheme(rules);
  return ctx.ds.getRepository(RatingSchemeEntity).save(ctx.ds.getRepository(RatingSchemeEntity).create({ districtCode: input.districtCode, name, ...rules }));
}

export const schemeById = (ctx: RequestContext, id: string) => loadOneBy(ctx, RatingSchemeEntity, 'id', id);

/** The district's scheme for new rounds: the one created last (ids are time-ordered). */
export function currentScheme(ds: DataSource, districtCode: string): Promise<RatingSchemeEntity | null> {
  return ds.getRepository(RatingSchemeEntity).findOne({ where: { districtCode }, order: { id: 'DESC' } });
}
