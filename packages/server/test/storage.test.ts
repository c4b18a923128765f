import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../src/kernel/audit/audit.repository.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from './support/engines.ts';

describe.each(ENGINES)('storage on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => t?.dispose());

  it('keeps every write of 20 concurrent writers, and undoes only the ones that roll back', async () => {
    const { db } = t.database;
    const writers = Array.from({ length: 20 }, (_, i) =>
      db
        .transaction()
        .execute(async (trx) => {
          await recordAudit(trx, { id: null, name: `writer-${i}` }, {
            action: 'test.write',
            entity: 'writer',
            entityId: String(i),
            regionCode: '451022',
          });
          // Yield mid-transaction so the writers interleave as HTTP requests would.
          await new Promise((resolve) => setTimeout(resolve, (i * 7) % 13));
          await sql`SELECT pg_sleep(0.001)`.execute(trx);
          if (i % 5 === 4) throw new Error(`writer ${i} rolls back`);
        })
        .then(
          () => 'committed',
          () => 'rolled back',
        ),
    );
    const outcomes = await Promise.all(writers);
    expect(outcomes.filter((o) => o === 'committed')).toHaveLength(16);
    const rows = await db
      .selectFrom('audit_event')
      .select('entity_id')
      .where('action', '=', 'test.write')
      .orderBy(sql`entity_id::int`)
      .execute();
    const expected = Array.from({ length: 20 }, (_, i) => i)
      .filter((i) => i % 5 !== 4)
      .map(String);
    expect(rows.map((r) => r.entity_id)).toEqual(expected);
  });

  it('keys every table that carries county_code by it, in every primary key and unique index (Citus-ready)', async () => {
    const rows = await sql<{ table_name: string; index_name: string; has_county: boolean }>`
      SELECT c.relname AS table_name, ic.relname AS index_name,
             bool_or(a.attname = 'county_code') AS has_county
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
      JOIN unnest(i.indkey) AS k(attnum) ON true
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE i.indisunique
        AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = c.oid AND x.attname = 'county_code')
      GROUP BY 1, 2
    `.execute(t.database.db);
    const tables = new Set(rows.rows.map((r) => r.table_name));
    for (const table of ['household', 'member', 'audit_event', 'region_population', 'household_income', 'household_event', 'household_change']) {
      expect(tables).toContain(table);
    }
    // person_index holds "one living person, one registration" across counties: it is keyed by the ID
    // number alone and would be distributed by it, the one deliberate exception.
    expect(rows.rows.filter((r) => !r.has_county && r.table_name !== 'person_index')).toEqual([]);
  });

  it('runs a bulk load as one transaction: a failing step leaves nothing behind', async () => {
    const before = await t.database.db.selectFrom('region_population').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await expect(
      t.database.bulkLoad([
        { table: 'region_population', columns: ['county_code', 'region_code', 'year', 'rural_population'], csv: '451022,451022,2015,100\n' },
        { sql: 'SELECT 1/0' },
      ]),
    ).rejects.toThrow();
    const after = await t.database.db.selectFrom('region_population').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
