import { CompoundScopeEntity, forbidden, requireRole, Role, type Claims } from '@hub/platform';
import type { DataSource } from 'typeorm';

/**
 * Whether the caller may follow rating updates of `regionCode`: admins any region; partners,
 * officials and Party organisations a region they hold or one below it. "Below" is read from the
 * region paths of registered compounds ([community, street, district]), the only region tree the
 * rating subgraph keeps.
 */
export async function assertMayFollowRegion(ctx: { claims: Claims; ds: DataSource }, regionCode: string): Promise<void> {
  requireRole(ctx.claims, Role.PARTNER, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.ADMIN);
  if (ctx.claims.role === Role.ADMIN) return;
  const held = ctx.claims.regions ?? [];
  if (held.includes(regionCode)) return;
  if (held.length > 0 && ctx.ds.hasMetadata(CompoundScopeEntity)) {
    const row = await ctx.ds
      .getRepository(CompoundScopeEntity)
      .createQueryBuilder('s')
      .where('(s.regionPath LIKE :first OR s.regionPath LIKE :middle)', { first: `${regionCode},%`, middle: `%,${regionCode},%` })
      .andWhere(`(${held.map((_, i) => `s.regionPath LIKE :h${i}`).join(' OR ')})`, Object.fromEntries(held.map((h, i) => [`h${i}`, `%,${h}%`])))
      .getOne();
    if (row) {
      const path = row.regionPath.split(',');
      const at = path.indexOf(regionCode);
      if (held.some((h) => path.indexOf(h) > at)) return;
    }
  }
  throw forbidden(`Region ${regionCode} is outside your regions (${held.join(', ') || 'none'}); ask for a token covering it`);
}

/** Whether an event with this region path falls under one of the caller's regions. */
export function pathWithin(regionPath: readonly string[], claims: Claims): boolean {
  if (claims.role === Role.ADMIN) return true;
  return (claims.regions ?? []).some((r) => regionPath.includes(r));
}
