import { type Procedure, type ProcedureRules, procedureDeadline, stepDeadline } from '@jingzhun/domain';
import { type Kysely, sql } from 'kysely';
import { stateCouncilCalendar } from '../src/kernel/calendar/holiday-calendar.ts';

/**
 * Why: the national profile shipped with no holidays, so a case opened on 2026-12-07 was due on
 * 2027-01-04, counting New Year's Day as a working day. A new installation now stores the State Council's
 * holidays and make-up working days with its first national version; an installation that already stored
 * one gets them as a new national version (the next number, same effective date and body, the calendar
 * added), because a stored version is never rewritten: decisions name the version they used. Versions of
 * the same scope made later by hand are left as they are. Nothing happens when no national version exists
 * yet (the first one is stored, with the calendar, when a profile is first needed).
 * Open cases keep the rules of the version they opened under, so those opened on the empty national
 * calendar (no holidays, no make-up days, no year published: no region had set one) take the calendar
 * and their due dates are counted again; a closed case's dates are history and stay.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await addToNationalProfile(db);
  await recountOpenCases(db);
}

async function addToNationalProfile(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ version: number; effective_from: string; name: string; body: Record<string, unknown> }>`
    SELECT version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, name, body
    FROM policy_profile WHERE scope_code = 'CN' ORDER BY version DESC LIMIT 1`.execute(db);
  const latest = rows[0];
  if (!latest) return;
  const procedures = latest.body.procedures as Record<string, unknown> | undefined;
  if (!procedures || procedures.publishedYears !== undefined) return;
  const version = latest.version + 1;
  const body = { ...latest.body, version, procedures: { ...procedures, ...stateCouncilCalendar() } };
  await sql`
    INSERT INTO policy_profile (scope_code, version, effective_from, name, body, reason)
    VALUES ('CN', ${version}, ${latest.effective_from}, ${latest.name}, ${JSON.stringify(body)}, ${'国务院节假日安排与调休(chinese-days) / the State Council’s holidays and make-up working days'})`.execute(db);
}

async function recountOpenCases(db: Kysely<unknown>): Promise<void> {
  const calendar = stateCouncilCalendar();
  const { rows } = await sql<{ county_code: string; id: string; doc: { procedure: Procedure; rules: ProcedureRules } }>`
    SELECT county_code, id, doc FROM procedure WHERE state = 'open'`.execute(db);
  for (const row of rows) {
    const { rules, procedure } = row.doc;
    if (rules.publishedYears !== undefined || rules.holidays.length > 0 || rules.extraWorkdays.length > 0) continue;
    const next = { ...rules, ...calendar };
    await sql`
      UPDATE procedure SET doc = ${JSON.stringify({ ...row.doc, rules: next })},
        step_due_on = ${stepDeadline(procedure, next)}, due_on = ${procedureDeadline(procedure, next)}
      WHERE county_code = ${row.county_code} AND id = ${row.id}`.execute(db);
  }
}
