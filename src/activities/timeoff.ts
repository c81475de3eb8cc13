/**
 * The Create Time-off Request action's I/O. HiBob has no idempotency key, so the submit
 * marks the request (a reference in its description) and always looks before it writes:
 * a retry after a lost response finds the request instead of making a second one.
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { ConnectorDb } from '../db/database';
import type { TimeOffRow } from '../db/schema';
import { HiBobNotFoundError, isHiBobError, type HiBobClient } from '../hibob';
import { FailureType } from '../shared/failure-types';
import type { ValidTimeOffRequest } from '../shared/timeoff';
import type { ActivityDeps } from './deps';
import { connectorFailure, withTemporalFailures } from './failures';
import { createHiBobAccess } from './hibob-access';
import { activityLog } from './log';

export interface ResolvedEmployee {
  hibobId: string;
  displayName: string | null;
  email: string | null;
  source: 'synced' | 'hibob';
}

export interface SubmitTimeOffInput {
  request: ValidTimeOffRequest;
  workflowId: string;
  employeeHibobId: string;
  /** Where to start looking for an earlier submit of this key (the workflow's start, less a margin). */
  lookSince: string;
}

export interface SubmitTimeOffResult {
  hibobRequestId: string;
  /** True when the request already existed in HiBob (a retry, or a repeated call). */
  found: boolean;
}

interface RequestRef {
  connectionId: string;
  idempotencyKey: string;
  employeeHibobId: string | null;
  hibobRequestId: string | null;
}

/** The mark that identifies our request in HiBob: a hash, so the key itself never leaves Ravenna. */
export function requestMarker(idempotencyKey: string): string {
  return `[ravenna-ref:${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 16)}]`;
}

export function createTimeOffActivities(deps: ActivityDeps) {
  const { db } = deps;
  const openConnection = createHiBobAccess(deps);
  const staleReadWindowMs = deps.config.hibob.staleReadWindowMs;

  return {
    /** The synced table first (no HiBob call); HiBob by id or email otherwise. */
    async resolveTimeOffEmployee(input: { connectionId: string; employee: string }): Promise<ResolvedEmployee> {
      return withTemporalFailures(async () => {
        const key = input.employee.trim();
        const synced = await db
          .selectFrom('hibob_employees')
          .select(['hibob_id', 'display_name', 'email'])
          .where('connection_id', '=', input.connectionId)
          .where('removed_at', 'is', null)
          .where((eb) => (key.includes('@') ? eb('email', '=', key.toLowerCase()) : eb('hibob_id', '=', key)))
          .executeTakeFirst();
        if (synced) return { hibobId: synced.hibob_id, displayName: synced.display_name, email: synced.email, source: 'synced' };
        const { hibob } = await openConnection(input.connectionId);
        try {
          const found = await hibob.getEmployee(key);
          return { hibobId: found.hibobId, displayName: found.displayName, email: found.email, source: 'hibob' };
        } catch (error) {
          if (error instanceof HiBobNotFoundError) {
            throw connectorFailure(FailureType.EmployeeNotFound, `Employee not found: no HiBob employee matches "${key}".`, {
              cause: 'Neither the synced employees nor HiBob know this id or email (or the service user may not see this employee).',
              fix: "Check the employee's HiBob id or work email; if it is right, widen the service user's permission group to cover this employee.",
              employee: key,
            });
          }
          throw error;
        }
      });
    },

    async checkPolicyType(input: { connectionId: string; policyType: string }): Promise<void> {
      return withTemporalFailures(async () => {
        const { hibob } = await openConnection(input.connectionId);
        const available = await hibob.listPolicyTypes();
        if (available.includes(input.policyType)) return;
        throw connectorFailure(
          FailureType.UnknownPolicyType,
          `Unknown time-off policy type "${input.policyType}". Available: ${available.join(', ') || '(none)'}.`,
          {
            cause: 'HiBob has no time-off policy type with that exact name (names are case-sensitive).',
            fix: `Use one of: ${available.join(', ')}.`,
            available,
          },
        );
      });
    },

    /**
     * Submits at most once per idempotency key. Looks first (a previous attempt's request,
     * found by its mark); submits only when none exists; finds the new id in the response
     * or, when HiBob answers with an empty body, in the requests changes feed.
     */
    async submitTimeOffRequest(input: SubmitTimeOffInput): Promise<SubmitTimeOffResult> {
      return withTemporalFailures(async () => {
        const { request } = input;
        const row = await ensureRow(db, input);
        if (row.hibob_request_id) return { hibobRequestId: row.hibob_request_id, found: true };
        const { hibob } = await openConnection(request.connectionId);
        const marker = requestMarker(request.idempotencyKey);
        const look = () => findMarkedRequest(hibob, input.employeeHibobId, marker, request, input.lookSince);

        // A submit that HiBob accepted (status 'submitted', id unknown) or that may have reached
        // it (submit_started_at still set) is looked for through HiBob's stale-read window first.
        const mayExist = row.status === 'submitted' || row.submit_started_at !== null;
        const existing = mayExist ? await pollFor(look, staleReadWindowMs) : await look();
        if (existing !== null) return { hibobRequestId: await recordSubmitted(db, request.idempotencyKey, existing), found: true };
        if (row.status === 'submitted') {
          throw connectorFailure(FailureType.Unavailable, 'HiBob accepted the request but does not list it yet.', {
            cause: 'HiBob reads can lag writes by up to about 20 seconds.',
            fix: 'Nothing to do: the action looks again and never submits twice.',
          }, { retryable: true });
        }

        await db.updateTable('hibob_time_off_requests').set({ submit_started_at: new Date(), updated_at: new Date() }).where('idempotency_key', '=', request.idempotencyKey).execute();
        let answer: { requestId: number | null };
        try {
          answer = await hibob.submitTimeOffRequest(input.employeeHibobId, submitBody(request, marker));
        } catch (error) {
          // A definite refusal (4xx) means nothing was created; anything else may have been.
          if (isHiBobError(error) && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429) {
            await db.updateTable('hibob_time_off_requests').set({ submit_started_at: null, updated_at: new Date() }).where('idempotency_key', '=', request.idempotencyKey).execute();
          }
          throw error;
        }
        await db
          .updateTable('hibob_time_off_requests')
          .set({ status: 'submitted', submit_started_at: null, updated_at: new Date() })
          .where('idempotency_key', '=', request.idempotencyKey)
          .execute();
        const id = answer.requestId ?? (await pollFor(look, staleReadWindowMs));
        if (id === null) {
          throw connectorFailure(FailureType.Unavailable, 'HiBob accepted the request but does not list it yet.', {
            cause: 'HiBob answered without the new request id, and its changes feed does not show it yet.',
            fix: 'Nothing to do: the action looks again and never submits twice.',
          }, { retryable: true });
        }
        activityLog(deps.logger, request.connectionId).info({ hibobRequestId: String(id), employeeHibobId: input.employeeHibobId }, 'time-off request submitted');
        return { hibobRequestId: await recordSubmitted(db, request.idempotencyKey, id), found: false };
      });
    },

    /** Reads the request back from HiBob: proof it exists, and its status (pending, approved...). */
    async confirmTimeOffRequest(input: { connectionId: string; idempotencyKey: string; employeeHibobId: string; hibobRequestId: string }): Promise<{ requestStatus: string }> {
      return withTemporalFailures(async () => {
        const { hibob } = await openConnection(input.connectionId);
        const details = await hibob.getTimeOffRequest(input.employeeHibobId, Number(input.hibobRequestId));
        if (details.status === 'canceled' || details.status === 'cancelled') {
          throw connectorFailure(FailureType.RequestRejected, `The time-off request ${input.hibobRequestId} was cancelled in HiBob before it could be confirmed.`, {
            cause: 'Someone cancelled the request in HiBob while the action ran.',
            fix: 'Start the action again with a new idempotency key if the leave is still wanted.',
          });
        }
        await db
          .updateTable('hibob_time_off_requests')
          .set({ status: 'confirmed', error: null, updated_at: new Date() })
          .where('idempotency_key', '=', input.idempotencyKey)
          .execute();
        return { requestStatus: details.status };
      });
    },

    /**
     * Undoes a submit: cancels the request in HiBob (found by its mark when the id is not
     * known yet) and marks the row `compensated`. Safe to repeat; retried until done.
     */
    async compensateTimeOffRequest(input: RequestRef & { reason: string; lookSince: string; request: ValidTimeOffRequest }): Promise<{ cancelled: boolean }> {
      return withTemporalFailures(async () => {
        const { hibob } = await openConnection(input.connectionId, { requireActive: false });
        let requestId = input.hibobRequestId;
        const employeeId = input.employeeHibobId;
        if (!requestId && employeeId) {
          const found = await findMarkedRequest(hibob, employeeId, requestMarker(input.idempotencyKey), input.request, input.lookSince);
          requestId = found === null ? null : String(found);
        }
        activityLog(deps.logger, input.connectionId).warn({ hibobRequestId: requestId, reason: input.reason }, 'compensating: cancelling the time-off request');
        let cancelled = false;
        if (requestId && employeeId) {
          try {
            await hibob.cancelTimeOffRequest(employeeId, Number(requestId));
            cancelled = true;
            deps.metrics.compensations.inc();
          } catch (error) {
            if (!(error instanceof HiBobNotFoundError)) throw error; // already gone: nothing to undo
          }
        }
        await db
          .updateTable('hibob_time_off_requests')
          .set({ status: cancelled ? 'compensated' : 'failed', hibob_request_id: requestId, error: input.reason, submit_started_at: null, updated_at: new Date() })
          .where('idempotency_key', '=', input.idempotencyKey)
          .execute();
        return { cancelled };
      });
    },

    /** Records a failure that happened before anything was created in HiBob. */
    async recordTimeOffFailure(input: { request: ValidTimeOffRequest; workflowId: string; employeeHibobId: string | null; error: string }): Promise<void> {
      await ensureRow(db, { request: input.request, workflowId: input.workflowId, employeeHibobId: input.employeeHibobId });
      await db
        .updateTable('hibob_time_off_requests')
        .set({ status: 'failed', error: input.error, updated_at: new Date() })
        .where('idempotency_key', '=', input.request.idempotencyKey)
        .where('status', 'in', ['pending', 'failed'])
        .execute();
    },
  };
}

function submitBody(request: ValidTimeOffRequest, marker: string) {
  const description = [request.description, marker].filter(Boolean).join(' ');
  return {
    requestRangeType: request.requestRangeType,
    policyType: request.policyType,
    startDate: request.startDate,
    endDate: request.endDate,
    description,
    skipManagerApproval: request.skipManagerApproval,
    ...(request.requestRangeType === 'days'
      ? { startDatePortion: request.startDatePortion, endDatePortion: request.endDatePortion }
      : { hours: request.hours ?? 0, minutes: request.minutes ?? 0 }),
  };
}

async function ensureRow(db: ConnectorDb, input: { request: ValidTimeOffRequest; workflowId: string; employeeHibobId: string | null }): Promise<TimeOffRow> {
  const { request } = input;
  await db
    .insertInto('hibob_time_off_requests')
    .values({
      connection_id: request.connectionId,
      idempotency_key: request.idempotencyKey,
      workflow_id: input.workflowId,
      requested_by: request.requestedBy ?? null,
      employee_hibob_id: input.employeeHibobId,
      policy_type: request.policyType,
      start_date: request.startDate,
      end_date: request.endDate,
      start_portion: request.startDatePortion,
      end_portion: request.endDatePortion,
      description: request.description ?? null,
      status: 'pending',
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  return db.selectFrom('hibob_time_off_requests').selectAll().where('idempotency_key', '=', request.idempotencyKey).executeTakeFirstOrThrow();
}

async function recordSubmitted(db: ConnectorDb, idempotencyKey: string, requestId: number | string): Promise<string> {
  const id = String(requestId);
  await db
    .updateTable('hibob_time_off_requests')
    .set({ hibob_request_id: id, status: 'submitted', submit_started_at: null, updated_at: new Date() })
    .where('idempotency_key', '=', idempotencyKey)
    .execute();
  return id;
}

/** Finds our request through the changes feed: same employee and dates, our mark in its description, not cancelled. */
async function findMarkedRequest(hibob: HiBobClient, employeeId: string, marker: string, request: ValidTimeOffRequest, since: string): Promise<number | null> {
  const changes = await hibob.getTimeOffChanges({ since, includePending: true });
  const candidates = changes.filter(
    (c) => c.employeeId === employeeId && c.startDate === request.startDate && c.endDate === request.endDate && /creat/i.test(c.changeType),
  );
  for (const candidate of candidates) {
    const details = await hibob.getTimeOffRequest(employeeId, candidate.requestId).catch((error: unknown) => {
      if (error instanceof HiBobNotFoundError) return null;
      throw error;
    });
    if (details && details.description?.includes(marker) && !/cancel/i.test(details.status)) return candidate.requestId;
  }
  return null;
}

/** Looks until found or the window ends; heartbeats so a long wait is not taken for a dead worker. */
async function pollFor<T>(look: () => Promise<T | null>, windowMs: number): Promise<T | null> {
  const deadline = Date.now() + windowMs;
  for (let attempt = 0; ; attempt++) {
    const found = await look();
    if (found !== null || Date.now() >= deadline) return found;
    heartbeat({ lookingForSubmittedRequest: attempt });
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * 2 ** attempt)));
  }
}

function heartbeat(details: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // outside an activity
  }
}
