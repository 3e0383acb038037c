import { loadOneBy, type RequestContext } from '@hub/platform';
import { PropertyFirmEntity } from './property-firm.entity';

export const firmById = (ctx: RequestContext, id: string) => loadOneBy(ctx, PropertyFirmEntity, 'id', id);
