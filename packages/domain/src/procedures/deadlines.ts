import type { ProcedureRules } from '../kernel/procedure-rules.ts';
import { addWorkingDays, calendarDaysBetween, unpublishedYears } from '../kernel/working-days.ts';
import { DEFAULT_STEP_WORKING_DAYS } from './rules.ts';
import type { Procedure } from './state.ts';

// ---------------------------------------------------------------------------------------------------
// Deadlines

/**
 * When the current step is due: working days from the day it was entered; for a posted notice, from its
 * last day, since no one can act before the notice ends. Null once the procedure has ended.
 */
export function stepDeadline(procedure: Procedure, rules: ProcedureRules): string | null {
  const step = procedure.currentStep;
  if (procedure.state !== 'open' || step === null) return null;
  const days = rules.stepWorkingDays[step] ?? DEFAULT_STEP_WORKING_DAYS;
  const from = step === 'notice' && procedure.notice ? procedure.notice.endsOn : procedure.stepEnteredOn;
  return addWorkingDays(from, days, rules);
}

/**
 * The years a case's deadlines run through whose holiday arrangement is not published yet (empty when
 * every one is): its due dates count weekends and statutory holidays only there, and the case says so.
 */
export function unpublishedDeadlineYears(procedure: Procedure, rules: ProcedureRules): number[] {
  const ends = [procedureDeadline(procedure, rules), stepDeadline(procedure, rules) ?? procedure.openedOn].sort();
  return unpublishedYears(procedure.openedOn, ends[ends.length - 1] as string, rules);
}

/** When the whole procedure is due, from its opening to the county's decision. */
export function procedureDeadline(procedure: Procedure, rules: ProcedureRules): string {
  return addWorkingDays(procedure.openedOn, rules.totalWorkingDays, rules);
}

/**
 * Whether the current step and the procedure are past due on `today`; `daysOver` counts calendar days
 * past the more overdue of the two, as people count lateness. An ended procedure is never overdue.
 */
export function overdue(procedure: Procedure, today: string, rules: ProcedureRules): { step: boolean; procedure: boolean; daysOver: number } {
  const stepDue = stepDeadline(procedure, rules);
  if (stepDue === null) return { step: false, procedure: false, daysOver: 0 };
  const stepOver = Math.max(0, calendarDaysBetween(stepDue, today));
  const procedureOver = Math.max(0, calendarDaysBetween(procedureDeadline(procedure, rules), today));
  return { step: stepOver > 0, procedure: procedureOver > 0, daysOver: Math.max(stepOver, procedureOver) };
}
