import { z } from 'zod';
import { phoneSchema } from '../households/contract.ts';

const isoDate = z.iso.date();
const reasonText = z.string().trim().min(2).max(2000);
/** What someone does with an alert. */
export const alertActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('assign'), assigneeId: z.string().regex(/^\d{1,18}$/), note: z.string().trim().max(500).optional() }),
  z.strictObject({ action: z.literal('verify'), visitedOn: isoDate, findings: reasonText, confirmed: z.boolean() }),
  z.strictObject({ action: z.literal('dismiss'), reason: reasonText }),
  z.strictObject({ action: z.literal('open_procedure'), openedOn: isoDate.optional(), note: z.string().trim().max(500).optional() }),
  z.strictObject({ action: z.literal('handled'), note: reasonText }),
]);
export type AlertAction = z.output<typeof alertActionSchema>;
export type AlertActionName = AlertAction['action'];

/** What someone types into the public form: their village, a phone to call back, what happened. */
export const selfReportSchema = z.strictObject({
  villageCode: z.string().regex(/^\d{12}$/),
  name: z.string().trim().min(1).max(40).optional(),
  phone: phoneSchema,
  what: z.string().trim().min(5).max(2000),
});
export type SelfReportInput = z.output<typeof selfReportSchema>;
