/**
 * Time-off state: policy types, requests and the changes feed, plus the submit validation
 * HiBob applies. Kept free of HTTP so the rules can be read (and tested) on their own.
 */
import type { TimeOffPortion } from '../hibob/model';

export type RangeType = 'days' | 'hours' | 'portionOnRange' | 'hoursOnRange';
export type RequestStatus = 'pending' | 'approved' | 'canceled';

export interface SimPolicyType {
  name: string;
  unit: 'days' | 'hours';
  description: string;
}

/** A submit body that passed validation, before it meets the employee's other requests. */
export interface ValidSubmission {
  policyType: string;
  requestRangeType: RangeType;
  startDate: string;
  startDatePortion: TimeOffPortion;
  endDate: string;
  endDatePortion: TimeOffPortion;
  dayPortion: 'morning' | 'afternoon' | null;
  hours: number | null;
  minutes: number | null;
  description: string | null;
  skipManagerApproval: boolean;
}

/** A stored request: the validated submission, as HiBob keeps it. */
export interface SimTimeOffRequest extends Omit<ValidSubmission, 'skipManagerApproval'> {
  requestId: number;
  employeeId: string;
  status: RequestStatus;
  createdAt: string;
  canceledAt: string | null;
}

export interface SimTimeOffChange {
  changeType: 'Created' | 'Canceled';
  requestId: number;
  employeeId: string;
  employeeDisplayName: string;
  policyTypeDisplayName: string;
  startDate: string;
  startPortion: TimeOffPortion;
  endDate: string;
  endPortion: TimeOffPortion;
  changeReason: string;
  changedAt: string;
}


/** HiBob's error body: a machine key and a human sentence. */
export interface ApiError {
  key: string;
  error: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: ApiError };

export const DEFAULT_POLICY_TYPES: readonly SimPolicyType[] = [
  { name: 'Holiday', unit: 'days', description: 'Annual paid holiday' },
  { name: 'Sick', unit: 'days', description: 'Sick leave' },
  { name: 'Parental leave', unit: 'days', description: 'Maternity, paternity and adoption leave' },
  { name: 'Unpaid leave', unit: 'days', description: 'Leave without pay' },
  { name: 'Doctor appointment', unit: 'hours', description: 'Short medical appointments' },
];

const PORTIONS: readonly TimeOffPortion[] = ['all_day', 'morning', 'afternoon'];
const RANGE_TYPES: readonly RangeType[] = ['days', 'hours', 'portionOnRange', 'hoursOnRange'];
const DAY_MS = 86_400_000;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

const fail = (key: string, error: string): { ok: false; problem: ApiError } => ({ ok: false, problem: { key, error } });

/** Checks the shape of a submit body; the policy type and overlaps are checked by the store. */
export function validateSubmission(body: unknown): Checked<ValidSubmission> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail('timeoff.request.invalid', 'The request body must be a JSON object');
  }
  const input = body as Record<string, unknown>;
  if (typeof input.policyType !== 'string' || input.policyType === '') {
    return fail('timeoff.policyType.required', 'policyType is required');
  }
  const rangeType = input.requestRangeType ?? 'days';
  if (!RANGE_TYPES.includes(rangeType as RangeType)) {
    return fail('timeoff.requestRangeType.invalid', `requestRangeType must be one of ${RANGE_TYPES.join(', ')}`);
  }
  if (!isIsoDate(input.startDate)) return fail('timeoff.startDate.invalid', 'startDate must be a date in the format YYYY-MM-DD');
  const endDate = input.endDate ?? input.startDate;
  if (!isIsoDate(endDate)) return fail('timeoff.endDate.invalid', 'endDate must be a date in the format YYYY-MM-DD');
  if (endDate < input.startDate) return fail('timeoff.dates.invalid', 'The end date must not be before the start date');
  if (input.description !== undefined && input.description !== null && typeof input.description !== 'string') {
    return fail('timeoff.description.invalid', 'description must be a string');
  }
  const common = {
    policyType: input.policyType,
    startDate: input.startDate,
    endDate,
    description: typeof input.description === 'string' ? input.description : null,
    skipManagerApproval: input.skipManagerApproval === true,
  };
  switch (rangeType as RangeType) {
    case 'days': return validateDays(input, common);
    case 'hours': return validateHours(input, common);
    case 'portionOnRange': return validatePortionOnRange(input, common);
    case 'hoursOnRange': return validateHoursOnRange(input, common);
  }
}

type CommonFields = Pick<ValidSubmission, 'policyType' | 'startDate' | 'endDate' | 'description' | 'skipManagerApproval'>;

function validateDays(input: Record<string, unknown>, common: CommonFields): Checked<ValidSubmission> {
  const start = input.startDatePortion ?? 'all_day';
  const end = input.endDatePortion ?? (common.startDate === common.endDate ? start : 'all_day');
  if (!PORTIONS.includes(start as TimeOffPortion) || !PORTIONS.includes(end as TimeOffPortion)) {
    return fail('timeoff.portion.invalid', `Day portions must be one of ${PORTIONS.join(', ')}`);
  }
  const singleDay = common.startDate === common.endDate;
  if (!singleDay && start === 'morning') {
    return fail('timeoff.portion.invalid', 'The first day of a multi-day request can only be all_day or afternoon');
  }
  if (!singleDay && end === 'afternoon') {
    return fail('timeoff.portion.invalid', 'The last day of a multi-day request can only be all_day or morning');
  }
  // On a single day the start portion says which half (or all) of it is taken.
  return ok({
    ...common, requestRangeType: 'days',
    startDatePortion: start as TimeOffPortion, endDatePortion: (singleDay ? start : end) as TimeOffPortion,
    dayPortion: null, hours: null, minutes: null,
  });
}

function validateHours(input: Record<string, unknown>, common: CommonFields): Checked<ValidSubmission> {
  if (common.startDate !== common.endDate) {
    return fail('timeoff.hours.invalid', 'An hours request must start and end on the same day');
  }
  const time = readDuration(input.hours, input.minutes);
  if (!time) return fail('timeoff.hours.invalid', 'An hours request needs hours and/or minutes (a positive duration of at most 24 hours)');
  return ok({
    ...common, requestRangeType: 'hours', startDatePortion: 'all_day', endDatePortion: 'all_day',
    dayPortion: null, hours: time.hours, minutes: time.minutes,
  });
}

function validatePortionOnRange(input: Record<string, unknown>, common: CommonFields): Checked<ValidSubmission> {
  const portion = input.dayPortion;
  if (portion !== 'morning' && portion !== 'afternoon') {
    return fail('timeoff.dayPortion.invalid', 'dayPortion must be morning or afternoon');
  }
  return ok({
    ...common, requestRangeType: 'portionOnRange', startDatePortion: portion, endDatePortion: portion,
    dayPortion: portion, hours: null, minutes: null,
  });
}

function validateHoursOnRange(input: Record<string, unknown>, common: CommonFields): Checked<ValidSubmission> {
  const time = readDuration(input.dailyHours, input.dailyMinutes);
  if (!time) return fail('timeoff.dailyHours.invalid', 'An hoursOnRange request needs dailyHours and/or dailyMinutes');
  return ok({
    ...common, requestRangeType: 'hoursOnRange', startDatePortion: 'all_day', endDatePortion: 'all_day',
    dayPortion: null, hours: time.hours, minutes: time.minutes,
  });
}

function readDuration(hours: unknown, minutes: unknown): { hours: number; minutes: number } | null {
  const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
  if (hours === undefined && minutes === undefined) return null;
  if ((hours !== undefined && !isCount(hours)) || (minutes !== undefined && !isCount(minutes))) return null;
  const h = (hours as number | undefined) ?? 0;
  const m = (minutes as number | undefined) ?? 0;
  const total = h * 60 + m;
  if (total <= 0 || total > 24 * 60 || m >= 60) return null;
  return { hours: h, minutes: m };
}

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/**
 * Half-day slots a request covers: day*2 is a morning, day*2+1 an afternoon. A
 * portionOnRange request covers only one parity inside its span.
 */
interface SlotSpan { first: number; last: number; parity: 0 | 1 | null }

function slotSpan(request: Pick<SimTimeOffRequest, 'startDate' | 'endDate' | 'startDatePortion' | 'endDatePortion' | 'requestRangeType' | 'dayPortion'>): SlotSpan {
  const startDay = dayNumber(request.startDate);
  const endDay = dayNumber(request.endDate);
  if (request.requestRangeType === 'portionOnRange') {
    return { first: startDay * 2, last: endDay * 2 + 1, parity: request.dayPortion === 'afternoon' ? 1 : 0 };
  }
  if (request.requestRangeType !== 'days') return { first: startDay * 2, last: endDay * 2 + 1, parity: null };
  const first = startDay * 2 + (request.startDatePortion === 'afternoon' ? 1 : 0);
  const last = endDay * 2 + (request.endDatePortion === 'morning' ? 0 : 1);
  return { first, last, parity: null };
}

function spansOverlap(a: SlotSpan, b: SlotSpan): boolean {
  const first = Math.max(a.first, b.first);
  const last = Math.min(a.last, b.last);
  if (first > last) return false;
  if (a.parity === null && b.parity === null) return true;
  if (a.parity !== null && b.parity !== null && a.parity !== b.parity) return false;
  const parity = a.parity ?? b.parity;
  // A shared stretch of two or more slots always holds one of each parity.
  return last > first || first % 2 === parity;
}

/** Working days (Monday to Friday) from start to end inclusive. */
function workingDays(startDate: string, endDate: string): number {
  let count = 0;
  for (let day = dayNumber(startDate); day <= dayNumber(endDate); day++) {
    const weekday = new Date(day * DAY_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count++;
  }
  return count;
}

export function requestDuration(request: SimTimeOffRequest): { durationUnit: 'days' | 'hours'; totalDuration: number } {
  const days = workingDays(request.startDate, request.endDate);
  const dailyHours = (request.hours ?? 0) + (request.minutes ?? 0) / 60;
  switch (request.requestRangeType) {
    case 'hours': return { durationUnit: 'hours', totalDuration: dailyHours };
    case 'hoursOnRange': return { durationUnit: 'hours', totalDuration: days * dailyHours };
    case 'portionOnRange': return { durationUnit: 'days', totalDuration: days / 2 };
    case 'days': {
      const singleDay = request.startDate === request.endDate;
      let total = days;
      if (singleDay && request.startDatePortion !== 'all_day') total /= 2;
      if (!singleDay && request.startDatePortion === 'afternoon') total -= 0.5;
      if (!singleDay && request.endDatePortion === 'morning') total -= 0.5;
      return { durationUnit: 'days', totalDuration: Math.max(total, 0) };
    }
  }
}

/** The time-off module of one company. */
export class SimTimeOff {
  readonly policyTypes: SimPolicyType[] = DEFAULT_POLICY_TYPES.map((policy) => ({ ...policy }));
  readonly requests: SimTimeOffRequest[] = [];
  readonly changes: SimTimeOffChange[] = [];
  private readonly byId = new Map<number, SimTimeOffRequest>();

  constructor(private nextRequestId: number) {}

  policyType(name: string): SimPolicyType | undefined {
    return this.policyTypes.find((policy) => policy.name === name);
  }

  request(employeeId: string, requestId: number): SimTimeOffRequest | undefined {
    const request = this.byId.get(requestId);
    return request && request.employeeId === employeeId ? request : undefined;
  }

  /** Stores the request unless its policy is unknown or it overlaps a live request of the same employee. */
  submit(employee: { id: string; displayName: string }, submission: ValidSubmission, now = new Date()): Checked<SimTimeOffRequest> {
    if (!this.policyType(submission.policyType)) {
      return fail('timeoff.policyType.notFound', `The policy type "${submission.policyType}" does not exist`);
    }
    const span = slotSpan(submission);
    const clash = this.requests.find((other) =>
      other.employeeId === employee.id && other.status !== 'canceled' && spansOverlap(span, slotSpan(other)));
    if (clash) {
      return fail('timeoff.request.overlap', `The request overlaps an existing time-off request (${clash.startDate} to ${clash.endDate})`);
    }
    const request: SimTimeOffRequest = {
      requestId: this.nextRequestId++,
      employeeId: employee.id,
      policyType: submission.policyType,
      requestRangeType: submission.requestRangeType,
      startDate: submission.startDate,
      startDatePortion: submission.startDatePortion,
      endDate: submission.endDate,
      endDatePortion: submission.endDatePortion,
      dayPortion: submission.dayPortion,
      hours: submission.hours,
      minutes: submission.minutes,
      description: submission.description,
      status: submission.skipManagerApproval ? 'approved' : 'pending',
      createdAt: now.toISOString(),
      canceledAt: null,
    };
    this.requests.push(request);
    this.byId.set(request.requestId, request);
    this.changes.push(this.change('Created', request, employee.displayName, 'Request submitted', now));
    return ok(request);
  }

  /** Cancels a live request; cancelling twice is a no-op, so a retried DELETE is harmless. */
  cancel(request: SimTimeOffRequest, employeeDisplayName: string, now = new Date()): boolean {
    if (request.status === 'canceled') return false;
    request.status = 'canceled';
    request.canceledAt = now.toISOString();
    this.changes.push(this.change('Canceled', request, employeeDisplayName, 'Request canceled', now));
    return true;
  }

  changesBetween(since: Date, to: Date, includePending: boolean): SimTimeOffChange[] {
    return this.changes.filter((change) => {
      const at = Date.parse(change.changedAt);
      if (at < since.getTime() || at > to.getTime()) return false;
      return includePending || this.byId.get(change.requestId)?.status !== 'pending';
    });
  }

  /** Live requests touching [from, to]; pending ones only when asked. */
  outsBetween(from: string, to: string, includePending: boolean): SimTimeOffRequest[] {
    return this.requests.filter((request) =>
      request.status !== 'canceled'
      && (includePending || request.status === 'approved')
      && request.startDate <= to && request.endDate >= from);
  }

  private change(changeType: SimTimeOffChange['changeType'], request: SimTimeOffRequest, employeeDisplayName: string,
    changeReason: string, now: Date): SimTimeOffChange {
    return {
      changeType,
      requestId: request.requestId,
      employeeId: request.employeeId,
      employeeDisplayName,
      policyTypeDisplayName: request.policyType,
      startDate: request.startDate,
      startPortion: request.startDatePortion,
      endDate: request.endDate,
      endPortion: request.endDatePortion,
      changeReason,
      changedAt: now.toISOString(),
    };
  }
}
