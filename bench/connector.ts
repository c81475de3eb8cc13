/**
 * The connector as the product runs it: a stored connection, a worker (in this process
 * or as `node bin/hibob.cjs worker`), syncs started through the Temporal client, and what
 * the history says about where a run spent its time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import type { temporal } from '@temporalio/proto';
import { loadConfig, type ConnectorConfig } from '../temporal.config';
import { startSync, syncSummaryLine, waitForSync } from '../src/client/sync';
import { insertConnection } from '../src/db/connections';
import type { ConnectorDb } from '../src/db/database';
import { createLogger } from '../src/observability/logger';
import { TokenCipher } from '../src/security/token-cipher';
import { syncWorkflowId } from '../src/shared/ids';
import { connectionIdKey, syncTriggerKey } from '../src/shared/search-attributes';
import { syncWorkflowInputSchema, type SyncSummary } from '../src/shared/sync';
import { createConnectorWorker } from '../src/worker';
import { installTemporalRuntime } from '../src/worker/runtime';
import { hibobSyncWorkflow } from '../src/workflows';
import { BENCH_SERVICE_USER } from './sim';
import { elapsedMs, errorText, log, mean, now, withTimeout } from './util';

export const BENCH_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** The workflow's own default, read from its input schema (not assumed). */
export const DEFAULT_PAGE_CONCURRENCY = syncWorkflowInputSchema.parse({ connectionId: randomUUID() }).pageConcurrency;

/** The environment a worker of this benchmark runs with (also given to the child-process worker). */
export function workerEnv(temporalAddress: string, databaseUrl: string, pageSize: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
    DATABASE_URL: databaseUrl,
    CONNECTOR_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY,
    SYNC_PAGE_SIZE: String(pageSize),
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export function benchConfig(env: Record<string, string>): ConnectorConfig {
  return loadConfig(env);
}

/** Stores a connection the way `connect` does, without its credentials check (a people search) or its schedule. */
export async function insertBenchConnection(db: ConnectorDb, baseUrl: string): Promise<string> {
  const cipher = new TokenCipher(Buffer.from(BENCH_ENCRYPTION_KEY, 'base64'));
  const row = await insertConnection(db, {
    name: 'Bench Co',
    base_url: baseUrl,
    service_user_id: BENCH_SERVICE_USER.id,
    token_ciphertext: cipher.encrypt(BENCH_SERVICE_USER.token, BENCH_SERVICE_USER.id),
    status: 'active',
    group_lists: ['department'],
    sync_interval: '1h',
    updated_at: new Date(),
    last_verified_at: new Date(),
  });
  return row.id;
}

let nativeConnection: Promise<NativeConnection> | undefined;

export interface InProcessWorker {
  taskQueue: string;
  stop(): Promise<void>;
}

/** A worker in this process on its own task queue, with the pre-built workflow bundle (as the tests run it). */
export async function startInProcessWorker(config: ConnectorConfig, workflowBundlePath: string): Promise<InProcessWorker> {
  // Worker and SDK logs go to stderr with the progress lines; stdout keeps the tables.
  const logger = createLogger({ level: 'warn', destination: pino.destination(2) });
  installTemporalRuntime({ logger });
  nativeConnection ??= NativeConnection.connect({ address: config.temporal.address });
  const worker = await createConnectorWorker({ config, connection: await nativeConnection, workflowBundlePath, logger });
  const running = worker.run();
  return {
    taskQueue: worker.taskQueue,
    async stop() {
      if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
      await running; // closes the worker's database pool: its backends report their statistics on exit
    },
  };
}

export async function closeSharedConnection(): Promise<void> {
  if (nativeConnection) await (await nativeConnection).close().catch(() => {});
}

export interface WorkflowSyncResult {
  wallMs: number;
  summary: SyncSummary;
  history: HistoryFigures;
}

/** A sync stopped early because one of its activities kept failing (a systematic problem, not noise). */
export class SyncRetriesExceeded extends Error {
  override readonly name = 'SyncRetriesExceeded';
}

/** A sync that did not complete, with what its history says up to the failure (the pages phase may be whole). */
export class SyncRunFailed extends Error {
  override readonly name = 'SyncRunFailed';
  constructor(
    message: string,
    readonly wallMs: number,
    readonly history: HistoryFigures | undefined,
  ) {
    super(message);
  }
}

/**
 * One sync end to end: from the client's start call to its result. The workflow's default
 * concurrency goes through the product's `startSync`; other values start the same workflow
 * with `pageConcurrency` set (startSync has no such option).
 *
 * A watchdog polls the run: when one activity reaches attempt `abortAtAttempt` the sync is
 * stopped (onAbort first, to cancel its runaway queries, then terminate) instead of
 * burning the machine through Temporal's retries until the time bound.
 */
export async function runWorkflowSync(
  client: Client,
  options: {
    connectionId: string;
    taskQueue: string;
    pageConcurrency: number;
    timeoutMs: number;
    abortAtAttempt?: number;
    onAbort?: () => Promise<unknown>;
  },
): Promise<WorkflowSyncResult> {
  const started = now();
  let handle: WorkflowHandle<typeof hibobSyncWorkflow>;
  let firstRunId: string;
  if (options.pageConcurrency === DEFAULT_PAGE_CONCURRENCY) {
    const s = await startSync(client, { connectionId: options.connectionId, taskQueue: options.taskQueue, trigger: 'manual' });
    handle = s.handle;
    firstRunId = s.runId;
  } else {
    const s = await client.workflow.start(hibobSyncWorkflow, {
      workflowId: syncWorkflowId(options.connectionId),
      taskQueue: options.taskQueue,
      args: [{ connectionId: options.connectionId, trigger: 'manual', pageConcurrency: options.pageConcurrency }],
      typedSearchAttributes: [
        { key: connectionIdKey, value: options.connectionId },
        { key: syncTriggerKey, value: 'manual' },
      ],
      staticSummary: syncSummaryLine({ connectionId: options.connectionId }),
    });
    handle = s;
    firstRunId = s.firstExecutionRunId;
  }
  const stop = async (reason: string) => {
    await options.onAbort?.().catch(() => {});
    await handle.terminate(reason).catch(() => {});
  };
  const watchdog = watchRetries(handle, options.abortAtAttempt ?? 3, stop);
  try {
    const summary = await withTimeout(Promise.race([waitForSync(handle), watchdog.failed]), options.timeoutMs, 'sync workflow', () =>
      stop('benchmark time bound exceeded'),
    );
    const wallMs = elapsedMs(started);
    const history = await historyFigures(client, handle.workflowId, firstRunId);
    return { wallMs, summary, history };
  } catch (error) {
    // A terminated run fails its result too: report why the benchmark stopped it.
    const cause = watchdog.reason() ?? error;
    const wallMs = elapsedMs(started);
    const history = await historyFigures(client, handle.workflowId, firstRunId).catch(() => undefined);
    throw new SyncRunFailed(errorText(cause), wallMs, history);
  } finally {
    watchdog.stop();
  }
}

function watchRetries(handle: WorkflowHandle, abortAtAttempt: number, stop: (reason: string) => Promise<void>) {
  let timer: NodeJS.Timeout | undefined;
  let reason: SyncRetriesExceeded | undefined;
  let stopped = false;
  const failed = new Promise<never>((_, reject) => {
    const poll = async () => {
      if (stopped) return;
      try {
        const description = await handle.describe();
        for (const pending of description.raw.pendingActivities ?? []) {
          const attempt = pending.attempt ?? 1;
          if (attempt >= abortAtAttempt) {
            const type = pending.activityType?.name ?? 'activity';
            const last = pending.lastFailure?.message ?? 'unknown failure';
            reason = new SyncRetriesExceeded(`${type} reached attempt ${attempt} (last failure: ${last}); sync stopped by the benchmark`);
            log(reason.message);
            await stop(reason.message);
            reject(reason);
            return;
          }
        }
      } catch {
        // the run may be between continue-as-new runs or already closed
      }
      if (!stopped) timer = setTimeout(poll, 2000);
    };
    timer = setTimeout(poll, 2000);
  });
  failed.catch(() => {});
  return {
    failed,
    reason: () => reason,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------------------
// History: events per sync (summed over continue-as-new runs) and where the time went

export interface ActivityTypeFigures {
  count: number;
  /** Mean time from scheduled to picked up by the worker. */
  meanScheduleToStartMs: number;
  /** Mean time from picked up to completion reported. */
  meanStartToCloseMs: number;
  totalStartToCloseMs: number;
}

export interface HistoryFigures {
  runs: number;
  events: number;
  maxEventsPerRun: number;
  /** Activity attempts beyond the first (from the started events' attempt numbers). */
  retries: number;
  byActivity: Record<string, ActivityTypeFigures>;
  /** First page activity scheduled to last page activity completed: the sync without its fixed steps. */
  pagesPhaseMs: number | null;
  pagesCompleted: number;
  /**
   * Mean time from an activity's completion to the next activity's scheduling: one
   * workflow task round trip (server -> worker -> server), per wave of pages.
   */
  meanOrchestrationGapMs: number;
}

function eventMs(event: temporal.api.history.v1.IHistoryEvent): number {
  const ts = event.eventTime;
  if (!ts) return NaN;
  const seconds = ts.seconds as unknown;
  const s = typeof seconds === 'object' && seconds !== null ? Number(String(seconds)) : Number(seconds ?? 0);
  return s * 1000 + (ts.nanos ?? 0) / 1e6;
}

function eventId(value: unknown): string {
  return String(value ?? '');
}

/** `firstRunId` undefined: the latest run of the id (enough for workflows that never continue as new). */
export async function historyFigures(client: Client, workflowId: string, firstRunId: string | undefined): Promise<HistoryFigures> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let runs = 0;
  let maxEventsPerRun = 0;
  let runId: string | undefined = firstRunId;
  let first = true;
  while ((runId || first) && runs < 100) {
    first = false;
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const runEvents: temporal.api.history.v1.IHistoryEvent[] = history.events ?? [];
    runs += 1;
    maxEventsPerRun = Math.max(maxEventsPerRun, runEvents.length);
    events.push(...runEvents);
    runId = runEvents.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }

  const scheduled = new Map<string, { type: string; at: number }>();
  const startedAt = new Map<string, number>();
  const perType = new Map<string, { s2s: number[]; s2c: number[] }>();
  const gaps: number[] = [];
  let lastCompletionMs: number | null = null;
  let retries = 0;
  let firstPageScheduled: number | null = null;
  let lastPageCompleted: number | null = null;
  let pagesCompleted = 0;
  for (const event of events) {
    const at = eventMs(event);
    if (event.activityTaskScheduledEventAttributes) {
      const type = event.activityTaskScheduledEventAttributes.activityType?.name ?? '?';
      scheduled.set(eventId(event.eventId), { type, at });
      if (type === 'syncEmployeePage') firstPageScheduled ??= at;
      if (lastCompletionMs !== null) gaps.push(at - lastCompletionMs);
      lastCompletionMs = null;
    } else if (event.activityTaskStartedEventAttributes) {
      startedAt.set(eventId(event.activityTaskStartedEventAttributes.scheduledEventId), at);
      retries += Math.max(0, (event.activityTaskStartedEventAttributes.attempt ?? 1) - 1);
    } else if (event.activityTaskCompletedEventAttributes) {
      const scheduledId = eventId(event.activityTaskCompletedEventAttributes.scheduledEventId);
      const s = scheduled.get(scheduledId);
      const st = startedAt.get(scheduledId);
      if (s?.type === 'syncEmployeePage') {
        lastPageCompleted = at;
        pagesCompleted += 1;
      }
      if (s && st !== undefined) {
        const entry = perType.get(s.type) ?? { s2s: [], s2c: [] };
        entry.s2s.push(st - s.at);
        entry.s2c.push(at - st);
        perType.set(s.type, entry);
      }
      lastCompletionMs = at;
    }
  }
  const byActivity: Record<string, ActivityTypeFigures> = {};
  for (const [type, { s2s, s2c }] of perType) {
    byActivity[type] = {
      count: s2c.length,
      meanScheduleToStartMs: mean(s2s),
      meanStartToCloseMs: mean(s2c),
      totalStartToCloseMs: s2c.reduce((a, b) => a + b, 0),
    };
  }
  const pagesPhaseMs = firstPageScheduled !== null && lastPageCompleted !== null ? lastPageCompleted - firstPageScheduled : null;
  return { runs, events: events.length, maxEventsPerRun, retries, pagesPhaseMs, pagesCompleted, byActivity, meanOrchestrationGapMs: mean(gaps) };
}

export function describeSync(label: string, employees: number, wallMs: number): void {
  log(`${label}: ${employees} employees in ${(wallMs / 1000).toFixed(1)} s (${Math.round(employees / (wallMs / 1000))} employees/s)`);
}
