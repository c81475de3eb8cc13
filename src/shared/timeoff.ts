/**
 * The Create Time-off Request action's contract: its input (validated with HiBob's own
 * rules before any HiBob call), its live status and its outcome. Pure: shared by the
 * workflow, the activities, the client and the CLI.
 */
import { z } from 'zod';

export const portionSchema = z.enum(['all_day', 'morning', 'afternoon']);
export type Portion = z.infer<typeof portionSchema>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'is not a real calendar date');

export const timeOffRequestInputSchema = z
  .object({
    connectionId: z.uuid('must be a connection id (a UUID)'),
    /** The employee's HiBob id or email. */
    employee: z.string().trim().min(1, 'is required').max(320),
    policyType: z.string().trim().min(1, 'is required').max(200),
    startDate: isoDate,
    endDate: isoDate,
    startDatePortion: portionSchema.default('all_day'),
    /** Defaults to all_day, or to the start portion on a single day. */
    endDatePortion: portionSchema.optional(),
    requestRangeType: z.enum(['days', 'hours']).default('days'),
    hours: z.number().int().min(0).max(24).optional(),
    minutes: z.number().int().min(0).max(59).optional(),
    description: z.string().trim().max(1000).optional(),
    skipManagerApproval: z.boolean().default(false),
    /** The Ravenna workflow run that asked for it (for the audit trail). */
    requestedBy: z.string().trim().max(500).optional(),
    /** The same key never makes two requests; a repeated call returns the first call's outcome. */
    idempotencyKey: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(200)
      .regex(/^[A-Za-z0-9._:@-]+$/, 'may hold letters, digits and . _ : @ - only'),
  })
  .superRefine((input, ctx) => {
    if (input.endDate < input.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: `must not be before startDate (${input.startDate})` });
    }
    const singleDay = input.startDate === input.endDate;
    if (input.requestRangeType === 'days' && !singleDay) {
      if (input.startDatePortion === 'morning') {
        ctx.addIssue({ code: 'custom', path: ['startDatePortion'], message: 'the first day of a multi-day request can only be all_day or afternoon' });
      }
      if (input.endDatePortion === 'afternoon') {
        ctx.addIssue({ code: 'custom', path: ['endDatePortion'], message: 'the last day of a multi-day request can only be all_day or morning' });
      }
    }
    if (input.requestRangeType === 'days' && singleDay && input.endDatePortion && input.endDatePortion !== input.startDatePortion) {
      ctx.addIssue({ code: 'custom', path: ['endDatePortion'], message: 'on a single day, give only startDatePortion (or the same value)' });
    }
    if (input.requestRangeType === 'hours') {
      if (!singleDay) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'an hours request covers one day: endDate must equal startDate' });
      if (!input.hours && !input.minutes) ctx.addIssue({ code: 'custom', path: ['hours'], message: 'an hours request needs hours or minutes' });
    } else if (input.hours !== undefined || input.minutes !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['requestRangeType'], message: 'hours and minutes need requestRangeType "hours"' });
    }
  })
  .transform((input) => ({
    ...input,
    endDatePortion: input.endDatePortion ?? (input.startDate === input.endDate ? input.startDatePortion : ('all_day' as const)),
  }));

export type TimeOffRequestInput = z.input<typeof timeOffRequestInputSchema>;
export type ValidTimeOffRequest = z.output<typeof timeOffRequestInputSchema>;

export type TimeOffPhase = 'validating' | 'resolving_employee' | 'checking_policy' | 'submitting' | 'confirming' | 'compensating' | 'confirmed' | 'compensated' | 'failed';

/** What `createTimeOffRequest` returns, and what the `status` query answers. */
export interface TimeOffStatus {
  workflowId: string;
  status: TimeOffPhase;
  hibobRequestId: string | null;
  employeeHibobId: string | null;
  /** HiBob's own status of the request once read back (pending, approved, ...). */
  requestStatus: string | null;
  error: string | null;
}
