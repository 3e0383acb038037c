import { In } from 'typeorm';
import { badInput, encodeCursor, decodeCursor, forbidden, pageWindow, requireRole, Role, type EventHandlers, type PageArgs, type RequestContext } from '@hub/platform';
import { FirmPostEntity, PostEntity } from './post.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { ancestorsOf } from '../organisations/organisations.service';
import { seesRegion } from '../compounds/compound-scope';
import { regionByCode } from '../regions/regions.service';
import { todayUtc } from '../people/dates';
import { crossAppointments, type CrossAppointmentView } from './cross-appointments';
import { firmPostView, postView } from './posts.service';

/**
 * Cross-appointments (交叉任职) in a region: posts of its Party organisations, residents' and
 * owners' committees, plus the firm posts the property subgraph announced for the same people.
 * Three statements whatever the region's size.
 */
export async function crossAppointmentsIn(ctx: RequestContext, regionCode: string, args: PageArgs) {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  const { limit } = pageWindow({ first: args.first }, ctx.config.limits.maxPageSize);
  const after = args.after ? decodeCursor(args.after) : null;
  const region = await regionByCode(ctx, regionCode);
  if (!region) throw badInput(`Region ${regionCode} is not in the region tree`, { argument: 'regionCode' });
  if (!seesRegion(ctx, [region.code, ...(await ancestorsOf(ctx, region.code))])) throw forbidden(`Region ${regionCode} is outside your scope`);
  const column = region.level === 'DISTRICT' ? 'districtCode' : region.level === 'STREET' ? 'streetCode' : 'communityCode';
  const rows: Array<PostEntity & { kind: OrganisationEntity['kind'] }> = await ctx.ds
    .getRepository(PostEntity)
    .createQueryBuilder('p')
    .innerJoin(OrganisationEntity, 'o', 'o.id = p.organisationId')
    .addSelect('o.kind', 'kind')
    .where(`o.${column} = :code`, { code: region.code })
    .andWhere('o.kind IN (:...kinds)', { kinds: ['PARTY_ORGANISATION', 'RESIDENTS_COMMITTEE', 'OWNERS_COMMITTEE'] })
    .getRawAndEntities()
    .then(({ raw, entities }) => entities.map((e, i) => Object.assign(e, { kind: raw[i].kind })));
  const people = [...new Set(rows.map((r) => r.personId))];
  const firm = people.length ? await ctx.ds.getRepository(FirmPostEntity).findBy({ personId: In(people) }) : [];
  const all = [
    ...rows.map((r) => ({ ...postView(r), organisationKind: r.kind })),
    ...firm.map((f) => ({ ...firmPostView(f), organisationKind: null })),
  ];
  const found = crossAppointments(all, todayUtc()).filter((c) => after === null || c.personId > after);
  const page = found.slice(0, limit);
  return {
    edges: page.map((node: CrossAppointmentView) => ({ cursor: encodeCursor(node.personId), node })),
    pageInfo: {
      hasNextPage: found.length > limit,
      hasPreviousPage: after !== null,
      startCursor: page.length ? encodeCursor(page[0].personId) : null,
      endCursor: page.length ? encodeCursor(page[page.length - 1].personId) : null,
    },
  };
}

/**
 * Firm posts arrive from the property subgraph; a repeated or later event for the same post id
 * replaces the row (the post may have ended).
 */
export const postEvents: EventHandlers = {
  FirmPostRecorded: async (_ctx, manager, event) => {
    const p = event.payload;
    await manager.upsert(
      FirmPostEntity,
      { id: p.postId, firmId: p.firmId, personId: p.personId, role: p.role.slice(0, 50), startsOn: p.startsOn.slice(0, 10), endsOn: p.endsOn ? p.endsOn.slice(0, 10) : null },
      ['id'],
    );
  },
  CommitteeReelectionFlagged: async (ctx, manager, event) => {
    const p = event.payload;
    const committee = await manager.findOneBy(OrganisationEntity, { id: p.committeeId });
    // An unknown committee cannot be flagged; retrying would not make it known, so log and move on.
    if (!committee || committee.kind !== 'OWNERS_COMMITTEE') {
      ctx.log.warn({ committeeId: p.committeeId }, 'CommitteeReelectionFlagged for an unknown owners committee; ignored');
      return;
    }
    await manager.update(
      OrganisationEntity,
      { id: committee.id },
      {
        status: committee.status === 'ENDED' ? 'ENDED' : 'REELECTION_DUE',
        // A malformed time must not hold the event in the retry loop: the flag itself is what matters.
        reelectionFlaggedAt: Number.isNaN(Date.parse(p.flaggedAt)) ? new Date() : new Date(p.flaggedAt),
        reelectionYears: [...p.years].sort((a, b) => a - b).join(','),
      },
    );
  },
};
