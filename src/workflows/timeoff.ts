/**
 * Create Time-off Request: resolve the employee, check the policy type, submit exactly
 * once, confirm. When a step after the submit fails, or the run is cancelled after it,
 * the HiBob request is cancelled again (compensation) before the run fails with the
 * original cause.
 */
import {
  ApplicationFailure,
  CancellationScope,
  ActivityFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  isCancellation,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { activityPolicies } from '../../temporal.config';
import type { ConnectorActivities } from '../activities';
import { FailureType } from '../shared/failure-types';
import { connectionIdKey, employeeIdKey, policyTypeKey } from '../shared/search-attributes';
import { timeOffRequestInputSchema, type TimeOffRequestInput, type TimeOffStatus, type ValidTimeOffRequest } from '../shared/timeoff';
import { rethrowAsWorkflowFailure } from './common';

const db = proxyActivities<ConnectorActivities>(activityPolicies.database);
const hibobRead = proxyActivities<ConnectorActivities>(activityPolicies.hibobRead);
const hibobWrite = proxyActivities<ConnectorActivities>(activityPolicies.hibobWrite);
const undo = proxyActivities<ConnectorActivities>(activityPolicies.compensation);

export const timeOffStatusQuery = defineQuery<TimeOffStatus>('status');
/** Answers as soon as the request exists in HiBob (or the action has failed before that). */
export const requestCreatedUpdate = defineUpdate<TimeOffStatus>('requestCreated');

export async function createTimeOffRequestWorkflow(rawInput: TimeOffRequestInput): Promise<TimeOffStatus> {
  const { workflowId, startTime } = workflowInfo();
  const state: TimeOffStatus = { workflowId, status: 'validating', hibobRequestId: null, employeeHibobId: null, requestStatus: null, error: null };
  let failure: ApplicationFailure | undefined;
  setHandler(timeOffStatusQuery, () => ({ ...state }));
  setHandler(requestCreatedUpdate, async () => {
    await condition(() => state.hibobRequestId !== null || failure !== undefined || state.status === 'failed');
    if (failure && state.hibobRequestId === null) throw failure;
    return { ...state };
  });

  const parsed = timeOffRequestInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    failure = invalidRequestFailure(parsed.error.issues);
    state.status = 'failed';
    state.error = failure.message;
    setCurrentDetails(`Failed before any HiBob call: ${failure.message}`);
    await condition(allHandlersFinished);
    throw failure;
  }
  const input: ValidTimeOffRequest = parsed.data;
  // Looking back a little before this run started covers clock skew between us and HiBob.
  const lookSince = new Date(startTime.getTime() - 10 * 60_000).toISOString();
  const phase = (status: TimeOffStatus['status'], details: string) => {
    state.status = status;
    setCurrentDetails(details);
  };

  try {
    phase('resolving_employee', `Resolving employee ${input.employee}`);
    const employee = await db.resolveTimeOffEmployee.executeWithOptions(
      { ...activityPolicies.hibobRead, summary: `Resolve employee ${input.employee}` },
      [{ connectionId: input.connectionId, employee: input.employee }],
    );
    state.employeeHibobId = employee.hibobId;
    upsertSearchAttributes([
      { key: connectionIdKey, value: input.connectionId },
      { key: employeeIdKey, value: employee.hibobId },
      { key: policyTypeKey, value: input.policyType },
    ]);

    phase('checking_policy', `Checking policy type ${input.policyType}`);
    await hibobRead.checkPolicyType.executeWithOptions({ ...activityPolicies.hibobRead, summary: `Check policy type "${input.policyType}"` }, [
      { connectionId: input.connectionId, policyType: input.policyType },
    ]);

    phase('submitting', `Submitting ${input.policyType} ${input.startDate} to ${input.endDate} for ${employee.displayName ?? employee.hibobId}`);
    try {
      const submitted = await hibobWrite.submitTimeOffRequest.executeWithOptions(
        { ...activityPolicies.hibobWrite, summary: `Submit ${input.policyType} ${input.startDate} to ${input.endDate} (only if not already in HiBob)` },
        [{ request: input, workflowId, employeeHibobId: employee.hibobId, lookSince }],
      );
      state.hibobRequestId = submitted.hibobRequestId;

      phase('confirming', `Confirming HiBob request ${submitted.hibobRequestId}`);
      const confirmed = await hibobRead.confirmTimeOffRequest.executeWithOptions(
        { ...activityPolicies.hibobRead, summary: `Read back HiBob request ${submitted.hibobRequestId}` },
        [{ connectionId: input.connectionId, idempotencyKey: input.idempotencyKey, employeeHibobId: employee.hibobId, hibobRequestId: submitted.hibobRequestId }],
      );
      state.requestStatus = confirmed.requestStatus;
    } catch (error) {
      // From the submit on, HiBob may hold a request: undo it whatever the failure was.
      await compensate(input, state, lookSince, describeFailure(error));
      throw error;
    }
    phase('confirmed', `HiBob request ${state.hibobRequestId}: ${state.requestStatus === 'pending' ? 'pending approval' : state.requestStatus}`);
    return { ...state };
  } catch (error) {
    // Set first: the requestCreated update is waiting on it.
    failure = asApplicationFailure(error);
    state.error = describeFailure(error);
    if (state.status !== 'compensated') {
      state.status = 'failed';
      await CancellationScope.nonCancellable(() =>
        db.recordTimeOffFailure.executeWithOptions({ ...activityPolicies.database, summary: 'Record the failure' }, [
          { request: input, workflowId, employeeHibobId: state.employeeHibobId, error: state.error! },
        ]),
      );
    }
    const fix = failure.details?.[0] && typeof failure.details[0] === 'object' ? (failure.details[0] as { fix?: string }).fix : undefined;
    setCurrentDetails(`${state.status === 'compensated' ? 'Compensated' : 'Failed'}: ${state.error}${fix && !state.error.includes(fix) ? `\n\nFix: ${fix}` : ''}`);
    await condition(allHandlersFinished);
    if (isCancellation(error)) throw error;
    rethrowAsWorkflowFailure(error);
  }
}

function invalidRequestFailure(issues: { path: PropertyKey[]; message: string }[]): ApplicationFailure {
  const problems = issues.map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`);
  return ApplicationFailure.create({
    type: FailureType.InvalidTimeOffRequest,
    message: `Invalid time-off request: ${problems.join('; ')}`,
    nonRetryable: true,
    details: [{ cause: "The request breaks HiBob's rules, so it was not sent to HiBob.", fix: 'Correct the fields named above and run the action again.', problems }],
  });
}

async function compensate(input: ValidTimeOffRequest, state: TimeOffStatus, lookSince: string, reason: string): Promise<void> {
  state.status = 'compensating';
  setCurrentDetails(`Compensating: cancelling HiBob request ${state.hibobRequestId ?? '(looking it up)'} because: ${reason}`);
  const { cancelled } = await CancellationScope.nonCancellable(() =>
    undo.compensateTimeOffRequest.executeWithOptions(
      { ...activityPolicies.compensation, summary: `Undo: cancel HiBob request ${state.hibobRequestId ?? '(found by its mark)'}` },
      [
        {
          connectionId: input.connectionId,
          idempotencyKey: input.idempotencyKey,
          employeeHibobId: state.employeeHibobId,
          hibobRequestId: state.hibobRequestId,
          reason,
          lookSince,
          request: input,
        },
      ],
    ),
  );
  // Nothing found to cancel means HiBob never created it: the run simply failed.
  state.status = cancelled ? 'compensated' : 'failed';
}

function asApplicationFailure(error: unknown): ApplicationFailure {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure) return cause;
  return ApplicationFailure.create({ message: describeFailure(error), nonRetryable: true, type: isCancellation(error) ? 'Cancelled' : undefined });
}

function describeFailure(error: unknown): string {
  if (isCancellation(error)) return 'The workflow run was cancelled.';
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return (cause as Error)?.message ?? String(error);
}
