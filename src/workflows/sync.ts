/**
 * Syncs one HiBob connection into PostgreSQL: begin the run, read the group lists, list
 * the employee ids (kept in the database), then one activity per page, then finish
 * (removals only when every page succeeded). Only counts travel through the history;
 * continue-as-new keeps a very large company's run small.
 */
import {
  ApplicationFailure,
  CancellationScope,
  ActivityFailure,
  continueAsNew,
  defineQuery,
  proxyActivities,
  setHandler,
  workflowInfo,
  setCurrentDetails,
  upsertSearchAttributes,
  startChild,
  ParentClosePolicy,
  ContinueAsNew,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { activityPolicies } from '../../temporal.config';
import type { ConnectorActivities } from '../activities';
import type { PageResult } from '../activities/sync';
import { syncWorkflowId } from '../shared/ids';
import { connectionIdKey, syncTriggerKey } from '../shared/search-attributes';
import {
  syncWorkflowInputSchema,
  type SyncProgress,
  type SyncResumeState,
  type SyncSummary,
  type SyncWorkflowInput,
} from '../shared/sync';
import { formatCount, parseWorkflowInput, rethrowAsWorkflowFailure } from './common';

const db = proxyActivities<ConnectorActivities>(activityPolicies.database);
const hibob = proxyActivities<ConnectorActivities>(activityPolicies.hibobRead);

export const progressQuery = defineQuery<SyncProgress>('progress');

export async function hibobSyncWorkflow(rawInput: SyncWorkflowInput): Promise<SyncSummary> {
  const input = parseWorkflowInput(syncWorkflowInputSchema, rawInput);
  const { connectionId } = input;
  const progress: SyncProgress = {
    connectionId,
    syncRunId: input.resume?.syncRunId ?? null,
    phase: 'starting',
    pagesDone: input.resume?.nextPage ?? 0,
    pagesTotal: input.resume?.pagesTotal ?? 0,
    employeesTotal: input.resume?.employeesTotal ?? 0,
    employeesSeen: input.resume?.employeesSeen ?? 0,
    employeesChanged: input.resume?.employeesChanged ?? 0,
    groupsSeen: input.resume?.groups.seen ?? 0,
    groupsChanged: input.resume?.groups.changed ?? 0,
    warnings: input.resume?.groups.warnings ?? [],
  };
  setHandler(progressQuery, () => progress);
  upsertSearchAttributes([
    { key: connectionIdKey, value: connectionId },
    { key: syncTriggerKey, value: input.trigger },
  ]);

  try {
    const state = input.resume ?? (await beginAndList(input.connectionId, input.trigger, progress));
    progress.phase = 'employees';
    describe(progress);
    await syncPages(input, state, progress);

    progress.phase = 'finishing';
    setCurrentDetails(`Finishing: marking removals for ${formatCount(state.employeesTotal)} employees listed`);
    const summary = await db.finishSyncRun.executeWithOptions(
      { ...activityPolicies.database, summary: 'Finish: mark employees and groups HiBob no longer lists as removed' },
      [{ connectionId, syncRunId: state.syncRunId, missingFields: state.missingFields ?? [], groups: state.groups }],
    );
    progress.phase = 'done';
    progress.warnings = summary.warnings;
    progress.employeesSeen = summary.employeesSeen;
    progress.employeesChanged = summary.employeesChanged;
    setCurrentDetails(
      `Done (${summary.status}): ${formatCount(summary.employeesSeen)} employees, ${formatCount(summary.employeesChanged)} changed, ` +
        `${formatCount(summary.employeesRemoved)} removed; ${formatCount(summary.groupsSeen)} groups` +
        (summary.warnings.length ? `\n\nWarnings:\n${summary.warnings.map((w) => `- ${w.message}\n  Fix: ${w.fix}`).join('\n')}` : ''),
    );
    return summary;
  } catch (error) {
    if (isContinueAsNew(error)) throw error;
    progress.phase = 'failed';
    const failure = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : undefined;
    await CancellationScope.nonCancellable(() =>
      db.failSyncRun.executeWithOptions({ ...activityPolicies.database, summary: 'Record the failed sync run' }, [
        {
          connectionId,
          syncRunId: progress.syncRunId,
          failureType: failure?.type ?? null,
          message: failure?.message ?? (error as Error).message,
        },
      ]),
    );
    const fix = (failure?.details?.[0] as { fix?: string } | undefined)?.fix;
    const message = failure?.message ?? (error as Error).message;
    setCurrentDetails(`Failed: ${message}${fix && !message.includes(fix) ? `\n\nFix: ${fix}` : ''}`);
    rethrowAsWorkflowFailure(error);
  }
}

async function beginAndList(
  connectionId: string,
  trigger: SyncWorkflowInput['trigger'] & string,
  progress: SyncProgress,
): Promise<SyncResumeState> {
  const { workflowId, runId } = workflowInfo();
  const run = await db.beginSyncRun.executeWithOptions(
    { ...activityPolicies.database, summary: `Begin ${trigger} sync run` },
    [{ connectionId, trigger, workflowId, runId }],
  );
  progress.syncRunId = run.syncRunId;

  progress.phase = 'groups';
  setCurrentDetails(`Reading groups: ${run.groupLists.join(', ')}`);
  const groups = await hibob.syncGroups.executeWithOptions(
    { ...activityPolicies.hibobRead, summary: `Read groups: ${run.groupLists.join(', ')}` },
    [{ connectionId, syncRunId: run.syncRunId }],
  );
  progress.groupsSeen = groups.seen;
  progress.groupsChanged = groups.changed;
  progress.warnings = [...groups.warnings];

  progress.phase = 'listing';
  setCurrentDetails('Listing employee ids (active, terminated and pre-hires)');
  const listing = await hibob.listEmployeeIds.executeWithOptions(
    { ...activityPolicies.hibobRead, summary: 'List employee ids in HiBob' },
    [{ connectionId, syncRunId: run.syncRunId, pageSize: run.pageSize }],
  );
  progress.pagesTotal = listing.pagesTotal;
  progress.employeesTotal = listing.employeesTotal;
  return {
    syncRunId: run.syncRunId,
    pagesTotal: listing.pagesTotal,
    pageSize: run.pageSize,
    nextPage: 0,
    employeesTotal: listing.employeesTotal,
    employeesSeen: 0,
    employeesChanged: 0,
    missingFields: null,
    groups,
  };
}

/**
 * Up to `pageConcurrency` pages in flight, the next one starting as soon as one finishes.
 * When Temporal suggests continue-as-new, no new page starts; the ones in flight finish,
 * and the next run resumes at the first page not yet started.
 */
async function syncPages(input: ReturnType<typeof syncWorkflowInputSchema.parse>, state: SyncResumeState, progress: SyncProgress): Promise<void> {
  const inFlight = new Map<number, Promise<{ pageIndex: number; page: PageResult }>>();
  const startPage = (pageIndex: number) =>
    inFlight.set(
      pageIndex,
      hibob.syncEmployeePage
        .executeWithOptions({ ...activityPolicies.hibobRead, summary: pageSummary(pageIndex, state) }, [
          { connectionId: input.connectionId, syncRunId: state.syncRunId, pageIndex },
        ])
        .then((page) => ({ pageIndex, page })),
    );
  let draining = false;
  while (state.nextPage < state.pagesTotal || inFlight.size > 0) {
    while (!draining && inFlight.size < input.pageConcurrency && state.nextPage < state.pagesTotal) startPage(state.nextPage++);
    const { pageIndex, page } = await Promise.race(inFlight.values());
    inFlight.delete(pageIndex);
    progress.pagesDone += 1;
    progress.employeesSeen += page.seen;
    progress.employeesChanged += page.changed;
    // A field is missing for the sync only if it is missing from every page.
    state.missingFields = state.missingFields === null ? page.missingFields : state.missingFields.filter((f) => page.missingFields.includes(f));
    describe(progress);
    draining ||= state.nextPage < state.pagesTotal && workflowInfo().continueAsNewSuggested;
    if (draining && inFlight.size === 0) {
      await continueAsNew<typeof hibobSyncWorkflow>({
        ...input,
        resume: { ...state, employeesSeen: progress.employeesSeen, employeesChanged: progress.employeesChanged },
      });
    }
  }
}

function pageSummary(pageIndex: number, state: SyncResumeState): string {
  const first = pageIndex * state.pageSize + 1;
  const last = Math.min((pageIndex + 1) * state.pageSize, state.employeesTotal);
  return `Read employees ${formatCount(first)}-${formatCount(last)} of ${formatCount(state.employeesTotal)}`;
}

function describe(progress: SyncProgress): void {
  setCurrentDetails(
    `Employees: page ${progress.pagesDone} of ${progress.pagesTotal} ` +
      `(${formatCount(progress.employeesSeen)} of ${formatCount(progress.employeesTotal)} read, ${formatCount(progress.employeesChanged)} changed); ` +
      `groups: ${formatCount(progress.groupsSeen)} read` +
      (progress.warnings.length ? `\n\nWarnings:\n${progress.warnings.map((w) => `- ${w.message}`).join('\n')}` : ''),
  );
}

function isContinueAsNew(error: unknown): boolean {
  return error instanceof ContinueAsNew;
}

export interface ScheduledSyncResult {
  joinedRunningSync: boolean;
  summary?: SyncSummary;
}

/**
 * What a schedule starts. Schedules add a timestamp to their workflow ids, so this starts
 * the real sync as a child under the fixed id `hibob-sync/<connectionId>`: if a sync is
 * already running (a manual one), this run simply ends, joined to it.
 */
export async function hibobScheduledSyncWorkflow(input: { connectionId: string; connectionName?: string }): Promise<ScheduledSyncResult> {
  const { connectionId } = parseWorkflowInput(syncWorkflowInputSchema.pick({ connectionId: true }), input);
  const name = typeof input.connectionName === 'string' && input.connectionName ? input.connectionName : connectionId;
  try {
    const child = await startChild(hibobSyncWorkflow, {
      workflowId: syncWorkflowId(connectionId),
      args: [{ connectionId, trigger: 'schedule' }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: connectionIdKey, value: connectionId },
        { key: syncTriggerKey, value: 'schedule' },
      ],
      staticSummary: `Sync HiBob: ${name} (scheduled)`,
      staticDetails: `Connection \`${connectionId}\`, trigger **schedule**. Query \`progress\` for live counts.`,
    });
    return { joinedRunningSync: false, summary: await child.result() };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { joinedRunningSync: true };
    throw error;
  }
}
