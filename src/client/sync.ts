/**
 * Starting, joining and watching syncs, and the periodic schedule, from any Temporal
 * client. Platform engineers embed these; the CLI is built on them.
 */
import { ScheduleOverlapPolicy, WorkflowIdConflictPolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import { connectionIdKey, syncTriggerKey } from '../shared/search-attributes';
import { syncScheduleId, syncWorkflowId } from '../shared/ids';
import type { SyncProgress, SyncSummary, SyncTriggerName } from '../shared/sync';
import { durationToMs } from '../shared/duration';
import { hibobScheduledSyncWorkflow, hibobSyncWorkflow, progressQuery } from '../workflows';
import { toConnectorError } from './errors';

export interface StartSyncOptions {
  connectionId: string;
  taskQueue: string;
  trigger?: SyncTriggerName;
  /** Shown in the Temporal UI: "Sync HiBob: Acme, 1,204 employees". */
  connectionName?: string;
  lastEmployeeCount?: number;
  /** Pages read at once (default 2); HiBob's rate limit bounds a real company's sync anyway. */
  pageConcurrency?: number;
}

export interface StartedSync {
  workflowId: string;
  runId: string;
  /** False when a sync of this connection was already running and this call joined it. */
  started: boolean;
  handle: WorkflowHandle<typeof hibobSyncWorkflow>;
}

/** Starts a sync, or joins the one already running for this connection. */
export async function startSync(client: Client, options: StartSyncOptions): Promise<StartedSync> {
  const trigger = options.trigger ?? 'manual';
  const workflowId = syncWorkflowId(options.connectionId);
  const running = await client.workflow
    .getHandle(workflowId)
    .describe()
    .then((d) => d.status.name === 'RUNNING')
    .catch(() => false);
  const handle = await client.workflow.start(hibobSyncWorkflow, {
    workflowId,
    taskQueue: options.taskQueue,
    args: [{ connectionId: options.connectionId, trigger, pageConcurrency: options.pageConcurrency }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    typedSearchAttributes: [
      { key: connectionIdKey, value: options.connectionId },
      { key: syncTriggerKey, value: trigger },
    ],
    staticSummary: syncSummaryLine(options),
    staticDetails: `Connection \`${options.connectionId}\`, trigger **${trigger}**. Query \`progress\` for live counts.`,
  });
  // With USE_EXISTING the server hands back the running execution instead of starting a second one.
  return { workflowId, runId: handle.firstExecutionRunId, started: !running, handle };
}

export function syncSummaryLine(options: Pick<StartSyncOptions, 'connectionId' | 'connectionName' | 'lastEmployeeCount'>): string {
  const name = options.connectionName ?? options.connectionId;
  const count = options.lastEmployeeCount ? `, ${options.lastEmployeeCount.toLocaleString('en-US')} employees` : '';
  return `Sync HiBob: ${name}${count}`;
}

export async function getSyncProgress(client: Client, connectionId: string): Promise<SyncProgress> {
  return client.workflow.getHandle(syncWorkflowId(connectionId)).query(progressQuery);
}

/** Waits for the sync's summary; a failed sync throws the connector's typed error (cause and fix). */
export async function waitForSync(handle: WorkflowHandle<typeof hibobSyncWorkflow>): Promise<SyncSummary> {
  try {
    return await handle.result();
  } catch (error) {
    throw toConnectorError(error);
  }
}

export interface SyncScheduleOptions {
  connectionId: string;
  taskQueue: string;
  every: string;
  connectionName?: string;
}

/** Creates (or updates) the periodic sync of one connection; overlapping runs are skipped. */
export async function upsertSyncSchedule(client: Client, options: SyncScheduleOptions): Promise<string> {
  const scheduleId = syncScheduleId(options.connectionId);
  const spec = { intervals: [{ every: durationToMs(options.every) }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: hibobScheduledSyncWorkflow,
    args: [{ connectionId: options.connectionId, connectionName: options.connectionName }] as [{ connectionId: string; connectionName?: string }],
    taskQueue: options.taskQueue,
    workflowId: `hibob-sync-scheduled/${options.connectionId}`,
    typedSearchAttributes: [
      { key: connectionIdKey, value: options.connectionId },
      { key: syncTriggerKey, value: 'schedule' },
    ],
    staticSummary: `Scheduled HiBob sync: ${options.connectionName ?? options.connectionId}, every ${options.every}`,
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      state: { note: `HiBob sync every ${options.every}` },
    });
  } catch (error) {
    if ((error as Error).name !== 'ScheduleAlreadyRunning') throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
  return scheduleId;
}

export async function pauseSyncSchedule(client: Client, connectionId: string, note: string): Promise<void> {
  await client.schedule.getHandle(syncScheduleId(connectionId)).pause(note);
}

export async function resumeSyncSchedule(client: Client, connectionId: string, note: string): Promise<void> {
  await client.schedule.getHandle(syncScheduleId(connectionId)).unpause(note);
}

export async function triggerSyncSchedule(client: Client, connectionId: string): Promise<void> {
  await client.schedule.getHandle(syncScheduleId(connectionId)).trigger(ScheduleOverlapPolicy.SKIP);
}

export async function describeSyncSchedule(client: Client, connectionId: string) {
  const description = await client.schedule.getHandle(syncScheduleId(connectionId)).describe();
  return {
    scheduleId: description.scheduleId,
    paused: description.state.paused,
    note: description.state.note ?? null,
    every: description.spec.intervals?.[0]?.every ?? null,
    nextActionTimes: description.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()),
    recentActions: description.info.recentActions.slice(-5).map((a) => ({ scheduledAt: a.scheduledAt.toISOString(), workflowId: a.action.workflow.workflowId })),
  };
}
