import type { DataSource } from 'typeorm';
import { recordEvent, transaction, uuidv7 } from '@hub/platform';
import { CompoundEntity } from './compounds/compound.entity';
import { RegionEntity, type RegionLevel } from './regions/region.entity';
import { BuildingEntity } from './buildings/building.entity';
import { UnitEntity, type UnitUse } from './units/unit.entity';
import { PersonEntity, type PersonKind } from './people/person.entity';
import { OrganisationCompoundEntity, OrganisationEntity, type OrganisationKind, type PartyLevel } from './organisations/organisation.entity';
import { recountCoverage } from './organisations/compound-coverage';
import { PostEntity, type MemberType } from './posts/post.entity';
import { announcePosts } from './posts/post-events';
import { CriteriaListEntity, ElectionCriterionEntity, type CriterionKind } from './elections/election.entity';
import { seedDemoRequests, type DemoRequest } from './requests/requests.demo';
import { seedDemoDeliberation, type DeliberationDemo } from './matters/matters.demo';

export interface CommunityDemo {
  regions: { code: string; name: string; level: RegionLevel; parentCode: string | null }[];
  compounds: {
    id: string;
    name: string;
    address: string;
    communityCode: string;
    households: number | null;
    scatteredHousing: boolean;
    noOwnersCommittee?: boolean;
    noPropertyFirm?: boolean;
    noMaintenanceFund?: boolean;
  }[];
  /** People, buildings and units with their registered owners (places). */
  people?: { id: string; name: string; kind: PersonKind; phone: string | null; idNumber: string | null; partyMember: boolean }[];
  buildings?: { id: string; compoundId: string; name: string }[];
  units?: { id: string; compoundId: string; buildingId: string; number: string; use: UnitUse; areaCentiM2: number; ownerId: string | null }[];
  /** Organisations with the compounds they serve, and posts in them. */
  organisations?: {
    id: string;
    kind: OrganisationKind;
    name: string;
    partyLevel?: PartyLevel;
    communityCode: string;
    compoundIds: string[];
    parentId?: string;
    termStartsOn?: string;
    termEndsOn?: string;
  }[];
  posts?: { id: string; personId: string; organisationId: string; role: string; memberType?: MemberType; startsOn: string }[];
  /** Vetting lists for owners'-committee candidates. */
  criteriaLists?: { id: string; name: string; criteria: { code: string; kind: CriterionKind; text: string }[] }[];
  /** Resident requests with the steps they went through. */
  requests?: DemoRequest[];
  /** Decided matters with their conventions, and joint meetings (deliberation). */
  deliberation?: DeliberationDemo;
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
    await seedPlaces(manager, demo);
    await seedDemoRequests(manager, demo.requests ?? []);
    await seedDemoDeliberation(manager, demo.deliberation);
    return created;
  });
}

/** People, buildings and units: rows that already exist (same id) are left as they are. */
async function seedPlaces(manager: import('typeorm').EntityManager, demo: CommunityDemo): Promise<void> {
  const missing = async <T extends { id: string }>(entity: Function, rows: T[]): Promise<T[]> => {
    const have = new Set<string>();
    for (let i = 0; i < rows.length; i += 500) {
      const ids = rows.slice(i, i + 500).map((r) => r.id);
      const found: { id: string }[] = await manager.getRepository(entity).createQueryBuilder('e').select('e.id', 'id').where('e.id IN (:...ids)', { ids }).getRawMany();
      for (const f of found) have.add(f.id);
    }
    return rows.filter((r) => !have.has(r.id));
  };
  const insert = async (entity: Function, rows: object[]) => {
    for (let i = 0; i < rows.length; i += 200) await manager.insert(entity, rows.slice(i, i + 200));
  };
  await insert(PersonEntity, await missing(PersonEntity, demo.people ?? []));
  await insert(BuildingEntity, await missing(BuildingEntity, demo.buildings ?? []));
  await insert(UnitEntity, await missing(UnitEntity, demo.units ?? []));

  const regions = new Map(demo.regions.map((r) => [r.code, r]));
  const orgs = await missing(OrganisationEntity, demo.organisations ?? []);
  await insert(
    OrganisationEntity,
    orgs.map((o) => {
      const street = regions.get(o.communityCode)?.parentCode;
      const district = street ? regions.get(street)?.parentCode : null;
      if (!street || !district) throw new Error(`demo organisation ${o.name}: community ${o.communityCode} has no street and district`);
      return {
        id: o.id,
        kind: o.kind,
        name: o.name,
        partyLevel: o.partyLevel ?? null,
        status: 'ACTIVE',
        communityCode: o.communityCode,
        streetCode: street,
        districtCode: district,
        buildingId: null,
        parentId: o.parentId ?? null,
        termStartsOn: o.termStartsOn ?? null,
        termEndsOn: o.termEndsOn ?? null,
        reelectionFlaggedAt: null,
        reelectionYears: '',
      };
    }),
  );
  await insert(OrganisationCompoundEntity, orgs.flatMap((o) => o.compoundIds.map((compoundId) => ({ organisationId: o.id, compoundId }))));
  await recountCoverage(manager, orgs.flatMap((o) => o.compoundIds));
  const newPosts = (await missing(PostEntity, demo.posts ?? [])).map((p) => ({ ...p, memberType: p.memberType ?? null, endsOn: null }));
  await insert(PostEntity, newPosts);
  // Like any appointment, each new demo post is announced through the outbox (finance's auditors).
  await announcePosts(manager, newPosts);
  const lists = await missing(CriteriaListEntity, demo.criteriaLists ?? []);
  await insert(CriteriaListEntity, lists.map(({ id, name }) => ({ id, name })));
  await insert(
    ElectionCriterionEntity,
    lists.flatMap((l) => l.criteria.map((c) => ({ id: uuidv7(), listId: l.id, ...c }))),
  );
}
