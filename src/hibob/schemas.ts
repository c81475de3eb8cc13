/**
 * zod schemas for every HiBob answer the client reads.
 *
 * Loose where HiBob adds fields (objects keep unknown keys), strict on the fields the
 * connector relies on (types, required ids). Where hibob-api.md marks a shape "unsure",
 * both forms are accepted. Schemas whose consumers want the connector's model transform
 * into it, so a parsed answer is ready to use.
 */
import { z } from 'zod';
import type { TimeOffChange, TimeOffRequestDetails } from './model';

/** HiBob ids are strings of digits; a number is tolerated but must be a safe integer (19-digit ids are not). */
const idString = z.union([
  z.string().min(1),
  z
    .number()
    .int()
    .refine((n) => Number.isSafeInteger(n), 'numeric id too large to be exact')
    .transform(String),
]);

/** Time-off request ids are integers; a string of digits is tolerated. */
const requestIdNumber = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

const nullableText = z.string().nullish().transform((value) => value ?? null);

// ---------------------------------------------------------------------------------------
// People

/** One raw employee: any JSON object. Its fields are validated by `normalizeEmployee`. */
export const rawEmployeeSchema = z.record(z.string(), z.unknown());
export type RawEmployee = z.infer<typeof rawEmployeeSchema>;

export const peopleSearchResponseSchema = z.looseObject({ employees: z.array(rawEmployeeSchema) });

/**
 * `POST /people/{idOrEmail}` answers with the employee object itself; an answer wrapped as
 * `{"employees": [one]}` (the search shape) is tolerated.
 */
export const singleEmployeeResponseSchema = rawEmployeeSchema.transform((body, ctx) => {
  const wrapped = body.employees;
  if (!Array.isArray(wrapped)) return body;
  const first: unknown = wrapped[0];
  if (wrapped.length === 1 && first !== null && typeof first === 'object' && !Array.isArray(first)) {
    return first as RawEmployee;
  }
  ctx.issues.push({ code: 'custom', message: 'expected exactly one employee', path: ['employees'], input: wrapped });
  return z.NEVER;
});

/** An id-only search result: the id is `id` (nested form) or `/root/id`.value (slash form). */
export const employeeIdSchema = z
  .looseObject({ id: idString.optional(), '/root/id': z.looseObject({ value: idString }).optional() })
  .transform((employee, ctx) => {
    const id = employee.id ?? employee['/root/id']?.value;
    if (id !== undefined) return id;
    ctx.issues.push({ code: 'custom', message: 'employee has no id', path: ['id'], input: employee });
    return z.NEVER;
  });

export const employeeIdsResponseSchema = z.looseObject({ employees: z.array(employeeIdSchema) });

// ---------------------------------------------------------------------------------------
// Field metadata

export interface FieldMetadata {
  id: string;
  category: string | null;
  name: string | null;
  jsonPath: string | null;
  type: string | null;
}

const fieldMetadataSchema = z
  .looseObject({
    id: z.string().min(1),
    categoryId: nullableText,
    name: nullableText,
    jsonPath: nullableText,
    type: nullableText,
  })
  .transform(
    (field): FieldMetadata => ({
      id: field.id,
      category: field.categoryId,
      name: field.name,
      jsonPath: field.jsonPath,
      type: field.type,
    }),
  );

/** Documented as an array; `{"fields": [...]}` is tolerated. */
export const fieldsMetadataResponseSchema = z.union([
  z.array(fieldMetadataSchema),
  z.looseObject({ fields: z.array(fieldMetadataSchema) }).transform((body) => body.fields),
]);

// ---------------------------------------------------------------------------------------
// Named lists

export interface RawListItem {
  id: string | number;
  name?: string | null;
  value?: string | null;
  archived?: boolean | null;
  children?: RawListItem[] | null;
  [extra: string]: unknown;
}

export const rawListItemSchema: z.ZodType<RawListItem> = z.lazy(() =>
  z
    .looseObject({
      id: z.union([z.string().min(1), z.number()]),
      name: z.string().nullish(),
      value: z.string().nullish(),
      archived: z.boolean().nullish(),
      children: z.array(rawListItemSchema).nullish(),
    })
    .refine((item) => typeof item.name === 'string' || typeof item.value === 'string', {
      message: 'list item has neither name nor value',
    }),
);

export const namedListResponseSchema = z.looseObject({
  name: z.string().optional(),
  values: z.array(rawListItemSchema).nullish(),
  items: z.array(rawListItemSchema).nullish(),
});
export type RawNamedList = z.infer<typeof namedListResponseSchema>;

/** `GET /company/named-lists`: an object keyed by list name. */
export const namedListsResponseSchema = z.record(z.string(), namedListResponseSchema);

// ---------------------------------------------------------------------------------------
// Time off

export const policyTypesResponseSchema = z.looseObject({ policyTypes: z.array(z.string()) });

export const policyTypeResponseSchema = z.looseObject({ name: z.string().optional() });
export type PolicyType = z.infer<typeof policyTypeResponseSchema> & { name: string };

/**
 * Submit answers 200 with an empty body (older specs) or 201 with the new request's id
 * under `id` or `requestId`. `null` stands for the empty body.
 */
export const submitResponseSchema = z.union([
  z.null().transform(() => null),
  z
    .looseObject({ id: requestIdNumber.optional(), requestId: requestIdNumber.optional() })
    .transform((body) => body.requestId ?? body.id ?? null),
]);

/** HiBob names the policy type `policyTypeDisplayName`; `policyType` is tolerated. */
const policyTypeName = {
  policyTypeDisplayName: z.string().min(1).optional(),
  policyType: z.string().min(1).optional(),
};

function requirePolicyType(
  raw: { policyTypeDisplayName?: string; policyType?: string },
  ctx: z.core.$RefinementCtx,
): string {
  const name = raw.policyTypeDisplayName ?? raw.policyType;
  if (name !== undefined) return name;
  ctx.issues.push({ code: 'custom', message: 'no policyTypeDisplayName', path: ['policyTypeDisplayName'], input: raw });
  return '';
}

/** Details use `startDatePortion`/`endDatePortion`; the changes feed's `startPortion` is tolerated. */
export const timeOffRequestDetailsSchema = z
  .looseObject({
    requestId: requestIdNumber.optional(),
    id: requestIdNumber.optional(),
    employeeId: idString,
    ...policyTypeName,
    startDate: z.string().min(1),
    endDate: z.string().min(1),
    startDatePortion: z.string().nullish(),
    endDatePortion: z.string().nullish(),
    startPortion: z.string().nullish(),
    endPortion: z.string().nullish(),
    status: z.string().min(1),
    description: nullableText,
  })
  .transform((raw, ctx): TimeOffRequestDetails => {
    const requestId = raw.requestId ?? raw.id;
    if (requestId === undefined) {
      ctx.issues.push({ code: 'custom', message: 'no requestId', path: ['requestId'], input: raw });
    }
    return {
      requestId: requestId ?? 0,
      employeeId: raw.employeeId,
      policyType: requirePolicyType(raw, ctx),
      startDate: raw.startDate,
      // A request without portions covers whole days.
      startPortion: raw.startDatePortion ?? raw.startPortion ?? 'all_day',
      endDate: raw.endDate,
      endPortion: raw.endDatePortion ?? raw.endPortion ?? 'all_day',
      status: raw.status,
      description: raw.description,
    };
  });

export const timeOffChangeSchema = z
  .looseObject({
    changeType: z.string().min(1),
    requestId: requestIdNumber,
    employeeId: idString,
    ...policyTypeName,
    startDate: z.string().min(1),
    endDate: z.string().min(1),
    startPortion: nullableText,
    endPortion: nullableText,
  })
  .transform(
    (raw, ctx): TimeOffChange => ({
      changeType: raw.changeType,
      requestId: raw.requestId,
      employeeId: raw.employeeId,
      policyType: requirePolicyType(raw, ctx),
      startDate: raw.startDate,
      startPortion: raw.startPortion,
      endDate: raw.endDate,
      endPortion: raw.endPortion,
    }),
  );

export const timeOffChangesResponseSchema = z.looseObject({ changes: z.array(timeOffChangeSchema) });

/** One entry of who's out (not part of model.ts: only the client's callers use it). */
export interface WhosOutEntry {
  employeeId: string;
  employeeDisplayName: string | null;
  employeeEmail: string | null;
  policyType: string | null;
  startDate: string;
  startPortion: string | null;
  endDate: string;
  endPortion: string | null;
  requestId: number | null;
}

export const whosOutEntrySchema = z
  .looseObject({
    employeeId: idString,
    employeeDisplayName: nullableText,
    employeeEmail: nullableText,
    ...policyTypeName,
    startDate: z.string().min(1),
    endDate: z.string().min(1),
    startPortion: nullableText,
    endPortion: nullableText,
    requestId: requestIdNumber.nullish(),
  })
  .transform(
    (raw): WhosOutEntry => ({
      employeeId: raw.employeeId,
      employeeDisplayName: raw.employeeDisplayName,
      employeeEmail: raw.employeeEmail?.toLowerCase() ?? null,
      policyType: raw.policyTypeDisplayName ?? raw.policyType ?? null,
      startDate: raw.startDate,
      startPortion: raw.startPortion,
      endDate: raw.endDate,
      endPortion: raw.endPortion,
      requestId: raw.requestId ?? null,
    }),
  );

export const whosOutResponseSchema = z.looseObject({ outs: z.array(whosOutEntrySchema) });

/** "employees.3.email: expected string, received number": paths and reasons, never values. */
export function describeZodError(error: z.ZodError, maxIssues = 3): string {
  const shown = error.issues.slice(0, maxIssues).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > maxIssues ? ` (and ${error.issues.length - maxIssues} more)` : '';
  return shown.join('; ') + more;
}
