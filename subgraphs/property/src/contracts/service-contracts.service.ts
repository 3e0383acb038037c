import { In } from 'typeorm';
import { byKeys, type RequestContext } from '@hub/platform';
import { ServiceContractEntity } from './service-contract.entity';

/** The active contract of each compound, with its firm joined in: one statement per request. */
export function activeContract(ctx: RequestContext, compoundId: string): Promise<ServiceContractEntity | null> {
  return ctx.loaders
    .get<string, ServiceContractEntity | null>('activeContract', async (ids) => {
      const rows = await ctx.ds.getRepository(ServiceContractEntity).find({
        where: { compoundId: In([...ids]), status: 'ACTIVE' },
        relations: { firm: true },
      });
      return byKeys(ids, rows, (c) => c.compoundId);
    })
    .load(compoundId);
}
