import type { EntityManager } from 'typeorm';
import { OrganisationCompoundEntity } from './organisation.entity';

const CHUNK = 1_000;

/**
 * Recounts the coverage columns of compounds (`ownersCommittees`, `partyBranches`) from their
 * organisation links, in the caller's transaction: one statement per thousand compounds, every
 * compound when `compoundIds` is omitted (after a bulk load). A recount rather than an increment,
 * so that any write touching a compound's organisations leaves the columns exactly right.
 */
export async function recountCoverage(m: EntityManager, compoundIds?: readonly string[]): Promise<void> {
  // By table name: bulk loaders call this with entity classes of their own build.
  const [compound, link, organisation] = ['compound', 'organisation_compound', 'organisation'];
  const count = (condition: string) =>
    `(SELECT COUNT(*) FROM \`${link}\` oc INNER JOIN \`${organisation}\` o ON o.\`id\` = oc.\`organisationId\` WHERE oc.\`compoundId\` = \`${compound}\`.\`id\` AND o.\`status\` <> 'ENDED' AND ${condition})`;
  const set = `UPDATE \`${compound}\` SET \`ownersCommittees\` = ${count("o.`kind` = 'OWNERS_COMMITTEE'")}, \`partyBranches\` = ${count("o.`kind` = 'PARTY_ORGANISATION' AND o.`partyLevel` = 'COMPOUND'")}`;
  if (!compoundIds) return void (await m.query(set));
  const ids = [...new Set(compoundIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await m.query(`${set} WHERE \`id\` IN (${chunk.map(() => '?').join(', ')})`, chunk);
  }
}

/** The compounds an organisation serves. */
export const compoundIdsServedBy = async (m: EntityManager, organisationIds: readonly string[]): Promise<string[]> =>
  organisationIds.length ? (await m.createQueryBuilder(OrganisationCompoundEntity, 'oc').where('oc.organisationId IN (:...ids)', { ids: organisationIds }).getMany()).map((l) => l.compoundId) : [];
