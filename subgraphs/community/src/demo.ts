import type { DataSource } from 'typeorm';
import { recordEvent, transaction } from '@hub/platform';
import { CompoundEntity } from './compounds/compound.entity';
import { RegionEntity, type RegionLevel } from './regions/region.entity';

export interface CommunityDemo {
  regions: { code: string; name: string; level: RegionLevel; parentCode: string | null }[];
  compounds: {
    id: string;
    name: string;
    address: string;
    communityCode: string;
    households: number | null;
    scatteredHousing: boolean;
  }[];
}

/**
 * Loads the demo places once: a compound that already exists is left as it is, and each new
 * compound announces itself through the outbox like any registration would.
 */
export async function seedCommunityDemo(ds: DataSource, demo: CommunityDemo): Promise<number> {
  const regions = new Map(demo.regions.map((r) => [r.code, r]));
  const path = (code: string): string[] => {
    const out: string[] = [];
    for (let r = regions.get(code); r; r = r.parentCode ? regions.get(r.parentCode) : undefined) out.push(r.code);
    return out;
  };
  return transaction(ds, async (manager) => {
    await manager.upsert(RegionEntity, demo.regions, ['code']);
    let created = 0;
    for (const c of demo.compounds) {
      if (await manager.existsBy(CompoundEntity, { id: c.id })) continue;
      const [communityCode, streetCode, districtCode] = path(c.communityCode);
      if (!streetCode || !districtCode) throw new Error(`demo compound ${c.name}: community ${c.communityCode} has no street and district`);
      await manager.insert(CompoundEntity, { ...c, communityCode, streetCode, districtCode });
      await recordEvent(manager, 'CompoundRegistered', c.id, { compoundId: c.id, name: c.name, regionPath: [communityCode, streetCode, districtCode] });
      created++;
    }
    return created;
  });
}
