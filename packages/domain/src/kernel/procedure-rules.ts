/**
 * The part of a policy profile that procedures run on: notice length, deadlines and the working-day
 * calendar. Shared by the policy profile (which stores and validates it) and the procedure machines
 * (which apply it), so neither imports the other.
 */
export interface ProcedureRules {
  /** Shortest public notice in calendar days, counting the first and the last day (≥ 7 nationally). */
  noticeDays: number;
  /** End-to-end deadline of a procedure in working days, from its opening to the county's decision. */
  totalWorkingDays: number;
  /** Deadline of each step in working days from the day the step was entered, by step code. */
  stepWorkingDays: Record<string, number>;
  /** Dates (YYYY-MM-DD) that are public holidays although they fall on a weekday. */
  holidays: string[];
  /** Weekend dates (YYYY-MM-DD) that are working days (调休). */
  extraWorkdays: string[];
  /**
   * Years (YYYY) whose holidays and make-up working days the calendar holds as the State Council published
   * them. Any other year is not published yet: its deadlines count weekends and the statutory holidays the
   * calendar lists, no 调休, and say so. Absent in versions made before the calendar was shipped.
   */
  publishedYears?: string[];
}
