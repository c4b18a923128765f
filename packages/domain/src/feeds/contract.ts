import { z } from 'zod';
import { parseIdNumber } from '../kernel/id-number.ts';
import { EARLIEST_FEED_DATE, type FeedKind } from './rules.ts';

const isoDate = z.iso.date();
const money = z.number().min(0).max(100_000_000).multipleOf(0.01);

/** A resident ID that passes its own checks (format, birth date, check character). */
export const residentIdSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseIdNumber(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `not a valid resident ID (${parsed.problem})`, params: { rule: `id_${parsed.problem}` } });
  })
  .transform((value) => value.toUpperCase());

/** The fields of one row of each feed, beside the resident ID and the date every row carries. */
const FEED_FIELDS = {
  medical_insurance: { outOfPocket: money },
  civil_affairs: { status: z.enum(['dibao', 'tekun', 'none']) },
  disability: { grade: z.number().int().min(1).max(4), type: z.string().trim().max(40).optional() },
  education: { status: z.enum(['enrolled', 'dropped_out', 'graduated']) },
  emergency: { loss: money, kind: z.string().trim().max(40).optional() },
  employment: { employed: z.boolean(), monthlyWage: money.optional(), pension: money.optional() },
  public_security: { event: z.enum(['death', 'move_out']) },
  public_payroll: { employer: z.string().trim().max(100).optional() },
  vehicle: { plate: z.string().trim().max(20).optional() },
  commercial_housing: { address: z.string().trim().max(200).optional() },
  business_registry: { name: z.string().trim().max(200).optional() },
} as const satisfies Record<FeedKind, z.ZodRawShape>;

/**
 * The schema of a feed's row: resident ID, the date the fact holds on (not ahead of `today`), and the
 * feed's own fields. Unknown fields are refused: a column mapped wrongly must not pass silently.
 */
export function feedRowSchema(kind: FeedKind, today: string) {
  return z
    .strictObject({ idNumber: residentIdSchema, on: isoDate, ...FEED_FIELDS[kind] })
    .superRefine((row, ctx) => {
      if (row.on > today) ctx.addIssue({ code: 'custom', path: ['on'], message: 'dated in the future', params: { rule: 'not_in_future' } });
      if (row.on < EARLIEST_FEED_DATE) ctx.addIssue({ code: 'custom', path: ['on'], message: 'dated before 1900', params: { rule: 'before_1900' } });
    });
}

/** A row of one feed, as matched: its kind, the resident ID, the date, and the feed's own fields. */
export type FeedRowOf<K extends FeedKind> = { kind: K; idNumber: string; on: string } & z.output<z.ZodObject<(typeof FEED_FIELDS)[K]>>;
/** A row of any feed. */
export type FeedRow = { [K in FeedKind]: FeedRowOf<K> }[FeedKind];

/**
 * What the uploader says about a file: which header fills each field (the usual headers when omitted),
 * which headers to leave aside on purpose, the department that sent it, the date it holds on, and
 * whether it is written as soon as it passes the checks.
 */
export const feedUploadSchema = z.strictObject({
  source: z.string().trim().min(2).max(100),
  asOf: isoDate,
  mapping: z.record(z.string(), z.string().trim().min(1).max(100)).optional(),
  ignore: z.array(z.string().trim().min(1).max(100)).max(200).optional(),
  /** Write as soon as every row passes, without stopping at the summary (a department's regular delivery). */
  confirm: z.boolean().optional(),
});
export type FeedUpload = z.output<typeof feedUploadSchema>;
