/**
 * The Create Time-off Request action for Ravenna's workflow runs. Returns as soon as the
 * request exists in HiBob (update-with-start), or the final outcome with `wait`. The same
 * idempotency key always lands on the same run, so a repeated call returns the first
 * call's outcome instead of making a second request.
 */
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
} from '@temporalio/client';
import { timeOffWorkflowId } from '../shared/ids';
import { connectionIdKey, policyTypeKey } from '../shared/search-attributes';
import { timeOffRequestInputSchema, type TimeOffRequestInput, type TimeOffStatus } from '../shared/timeoff';
import { createTimeOffRequestWorkflow, requestCreatedUpdate, timeOffStatusQuery } from '../workflows';
import { InvalidTimeOffRequest, toConnectorError } from './errors';

export interface CreateTimeOffOptions {
  taskQueue: string;
  /** Wait for the final outcome (confirmed, or failed and compensated) instead of the request's creation. */
  wait?: boolean;
}

/** Validates before any call (throws `InvalidTimeOffRequest`), then starts or joins the run. */
export async function createTimeOffRequest(client: Client, input: TimeOffRequestInput, options: CreateTimeOffOptions): Promise<TimeOffStatus> {
  const parsed = timeOffRequestInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
    throw new InvalidTimeOffRequest(`Invalid time-off request: ${problems.join('; ')}`, {
      cause: "The request breaks HiBob's rules, so it was not sent.",
      fix: 'Correct the fields named above and try again.',
      problems,
    });
  }
  const request = parsed.data;
  const workflowId = timeOffWorkflowId(request.idempotencyKey);
  const startWorkflowOperation = new WithStartWorkflowOperation(createTimeOffRequestWorkflow, {
    workflowId,
    taskQueue: options.taskQueue,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    // A finished run keeps its key: the same key never starts a second request.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: connectionIdKey, value: request.connectionId },
      { key: policyTypeKey, value: request.policyType },
    ],
    staticSummary: `Time off: ${request.policyType} for ${request.employee}, ${request.startDate} to ${request.endDate}`,
    staticDetails:
      `Idempotency key \`${request.idempotencyKey}\`` +
      (request.requestedBy ? `, requested by ${request.requestedBy}` : '') +
      `. Connection \`${request.connectionId}\`. Query \`status\` for progress.`,
  });
  try {
    const created = await client.workflow.executeUpdateWithStart(requestCreatedUpdate, { startWorkflowOperation });
    if (!options.wait) return created;
    return await client.workflow.getHandle<typeof createTimeOffRequestWorkflow>(workflowId).result();
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError || isClosedRunError(error)) {
      return getTimeOffOutcome(client, workflowId);
    }
    throw toConnectorError(error);
  }
}

function isClosedRunError(error: unknown): boolean {
  return /already (completed|finished)|workflow execution already completed/i.test((error as Error)?.message ?? '');
}

/** The outcome of a finished run (its result, or its typed failure), or the live status of a running one. */
async function getTimeOffOutcome(client: Client, workflowId: string): Promise<TimeOffStatus> {
  const handle = client.workflow.getHandle<typeof createTimeOffRequestWorkflow>(workflowId);
  try {
    return await handle.result();
  } catch (error) {
    throw toConnectorError(error);
  }
}

/** Where a time-off run stands: its live status while running, its outcome when done. */
export async function getTimeOffRequest(client: Client, workflowId: string): Promise<TimeOffStatus> {
  const handle = client.workflow.getHandle<typeof createTimeOffRequestWorkflow>(workflowId);
  const description = await handle.describe();
  if (description.status.name === 'RUNNING') return handle.query(timeOffStatusQuery);
  try {
    return await handle.result();
  } catch (error) {
    const typed = toConnectorError(error) as Error & { type?: string };
    // A failed run still answers its status query (from its last state) on a recent server.
    const last = await handle.query(timeOffStatusQuery).catch(() => undefined);
    if (last) return { ...last, error: typed.message };
    return {
      workflowId,
      status: 'failed',
      hibobRequestId: null,
      employeeHibobId: null,
      requestStatus: null,
      error: typed.message,
    };
  }
}
