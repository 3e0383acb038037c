import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Posted entries, their postings and published statements are never updated or deleted: no code
 * path does it. The database triggers and the entity listeners refuse it at run time (see
 * test/finance-ledger.e2e.spec.ts); this reads the subgraph's source and finds no write that
 * could try. Migrations are left out: they create the tables and the triggers themselves.
 */
const FROZEN_ENTITIES = ['JournalEntryEntity', 'PostingEntity', 'StatementEntity'];
const CHANGE = '(?:update|delete|remove|softDelete|softRemove|restore|save|upsert|increment|decrement|clear)';

/** Every place in a file's text that changes or deletes a frozen row, described. */
export function changesToFrozen(text: string): string[] {
  const found: string[] = [];
  // manager.update(JournalEntryEntity, …), queryBuilder.update(PostingEntity), manager.save(StatementEntity, …)
  for (const m of text.matchAll(new RegExp(`\\.${CHANGE}\\(\\s*(\\w+)`, 'g'))) if (FROZEN_ENTITIES.includes(m[1])) found.push(m[0]);
  // getRepository(JournalEntryEntity).delete(…)
  for (const m of text.matchAll(new RegExp(`getRepository\\((\\w+)\\)\\s*\\.\\s*${CHANGE}\\(`, 'g'))) if (FROZEN_ENTITIES.includes(m[1])) found.push(m[0]);
  // const repo = ….getRepository(PostingEntity); … repo.update(…)
  for (const m of text.matchAll(/(?:const|let|var)\s+(\w+)\s*=\s*[\w.]*getRepository\((\w+)\)/g)) {
    if (!FROZEN_ENTITIES.includes(m[2])) continue;
    const use = text.match(new RegExp(`\\b${m[1]}\\s*\\.\\s*${CHANGE}\\(`));
    if (use) found.push(`${m[0]} … ${use[0]}`);
  }
  // createQueryBuilder().delete().from(JournalEntryEntity)
  for (const m of text.matchAll(/\.delete\(\)\s*\.\s*from\((\w+)/g)) if (FROZEN_ENTITIES.includes(m[1])) found.push(m[0]);
  // Raw SQL against the tables.
  for (const m of text.matchAll(/\b(?:UPDATE|DELETE\s+FROM|REPLACE\s+INTO|TRUNCATE\s+TABLE|TRUNCATE)\s+`?(journal_entry|posting|statement)`?(?![\w])/g)) found.push(m[0]);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'generated' || d.name === 'migrations' ? [] : sources(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('no code path changes a posted entry', () => {
  it('recognises every way of writing one', () => {
    expect(changesToFrozen('await manager.update(JournalEntryEntity, { id }, { description });')).toHaveLength(1);
    expect(changesToFrozen('await ds.getRepository(PostingEntity).delete({ entryId });')).toHaveLength(1);
    expect(changesToFrozen('const repo = ctx.ds.getRepository(StatementEntity);\nawait repo.save(s);')).toHaveLength(1);
    expect(changesToFrozen('await qb.delete().from(PostingEntity).execute();')).toHaveLength(1);
    expect(changesToFrozen("await ds.query('UPDATE journal_entry SET hash = ?');")).toHaveLength(1);
    expect(changesToFrozen("await ds.query('DELETE FROM `posting` WHERE id = ?');")).toHaveLength(1);
    // Inserting, reading and changing other tables are fine.
    expect(changesToFrozen('await manager.insert(JournalEntryEntity, row); await manager.update(AccountEntity, { id }, {}); const r = ds.getRepository(PostingEntity); await r.find();')).toEqual([]);
    expect(changesToFrozen("await ds.query('UPDATE posting_summary SET n = 1'); // one update statement per row")).toEqual([]);
  });

  it('finds none in the finance subgraph', () => {
    const root = join(__dirname, '..');
    const files = sources(root);
    expect(files.length).toBeGreaterThan(30);
    const offending = files.flatMap((f) => changesToFrozen(readFileSync(f, 'utf8')).map((what) => `${relative(root, f)}: ${what}`));
    expect(offending).toEqual([]);
  });
});
