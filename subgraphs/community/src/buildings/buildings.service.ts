import { loadOneBy, type PageArgs, type RequestContext } from '@hub/platform';
import { BuildingEntity } from './building.entity';
import type { CompoundEntity } from '../compounds/compound.entity';
import { assertSeesCompound } from '../compounds/compound-scope';
import { childPage } from '../compounds/batch';

export const buildingById = (ctx: RequestContext, id: string) => loadOneBy(ctx, BuildingEntity, 'id', id);

export function buildingsOfCompound(ctx: RequestContext, compound: CompoundEntity, args: PageArgs) {
  assertSeesCompound(ctx, compound);
  return childPage(ctx, BuildingEntity, 'compoundId', compound.id, args);
}
