import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';

/** The villages under a region in code order, each with its township's name. */
export function listVillagesWithTownship(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('region as v')
    .innerJoin('region as t', 't.code', 'v.parent_code')
    .select(['v.code', 'v.name', 't.name as township'])
    .where('v.level', '=', 5)
    .where('v.code', 'like', `${code}%`)
    .orderBy('v.code')
    .execute();
}
