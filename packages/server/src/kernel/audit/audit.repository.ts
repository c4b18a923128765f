import { countyCodeOf, regionPrefix } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import type { BulkStep } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/** Who did something: a user, or the system itself (loaders, the demo generator). */
export interface Actor {
  id: string | null;
  name: string;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string;
  regionCode: string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit event; call it with the transaction of the write it records. */
export async function recordAudit(db: Kysely<DB>, actor: Actor, event: AuditInput): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      county_code: countyCodeOf(event.regionCode) ?? '',
      actor_id: actor.id,
      actor_name: actor.name,
      action: event.action,
      entity: event.entity,
      entity_id: event.entityId,
      region_code: event.regionCode,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      request_id: actor.requestId ?? null,
    })
    .execute();
}

/**
 * Many audit events of one actor as one statement, however many there are: the rows `recordAudit` would
 * write one by one, in the same order. It is a step of a bulk load (`Database.bulkLoad`), which runs its
 * steps in one transaction: put it among the steps of the write it records.
 */
export function auditEventsStep(db: Kysely<DB>, actor: Actor, events: readonly AuditInput[]): BulkStep {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  // Columns travel as arrays, one parameter each, so the number of events never meets the parameter limit.
  const query = db
    .insertInto('audit_event')
    .columns(['county_code', 'actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'region_code', 'before', 'after', 'request_id'])
    .expression(
      sql`SELECT e.county_code, ${actor.id}::bigint, ${actor.name}::text, e.action, e.entity, e.entity_id, e.region_code,
          e.before::jsonb, e.after::jsonb, ${actor.requestId ?? null}::text
        FROM unnest(${events.map((e) => countyCodeOf(e.regionCode) ?? '')}::text[], ${events.map((e) => e.action)}::text[],
          ${events.map((e) => e.entity)}::text[], ${events.map((e) => e.entityId)}::text[], ${events.map((e) => e.regionCode)}::text[],
          ${events.map((e) => json(e.before))}::text[], ${events.map((e) => json(e.after))}::text[])
          WITH ORDINALITY AS e(county_code, action, entity, entity_id, region_code, before, after, n)
        ORDER BY e.n`,
    );
  const compiled = query.compile();
  return { sql: compiled.sql, params: [...compiled.parameters] };
}

export interface AuditFilter {
  scopeCode: string;
  entity?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  page: number;
  pageSize: number;
}

/** A page of audit events inside a region, newest first. */
export async function listAudit(db: Kysely<DB>, filter: AuditFilter) {
  let query = db
    .selectFrom('audit_event')
    .where('region_code', 'like', `${regionPrefix(filter.scopeCode)}%`);
  if (filter.entity) query = query.where('entity', '=', filter.entity);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.action) query = query.where('action', '=', filter.action);
  const [items, total] = await Promise.all([
    query
      .select(['id', 'at', 'actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'region_code', 'before', 'after'])
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
