/**
 * Helpers for the fault tests: a connector worker run as a real child process
 * (`node bin/hibob.cjs worker`, configured by environment variables only) that can be
 * SIGKILLed and restarted, bounded waits, snapshots of the synced tables for comparing a
 * faulted run with a clean one, and readers of workflow histories (retries, secrets).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { ConnectorConfig } from '../../temporal.config';
import { connect, type ConnectorContext, type ConnectResult } from '../../src/client/connections';
import type { ConnectorDb } from '../../src/db/database';
import { syncScheduleId } from '../../src/shared/ids';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator';
import { createTestDatabase, TEST_ENCRYPTION_KEY, testConfig, type TestDatabase } from './harness';
import { STACK_ENV, stackEnv } from './stack';

const HIBOB_BIN = join(__dirname, '..', '..', 'bin', 'hibob.cjs');

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// Bounded waits

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns a value other than undefined, null or false, and returns
 * that value. A probe that throws counts as "not yet" (a query while the worker is down);
 * the timeout error names what was awaited and the last value or error seen.
 */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as T;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? `${last.name}: ${last.message}` : JSON.stringify(last);
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${description} (last seen: ${seen})`);
    }
    await sleep(options.intervalMs ?? 200);
  }
}

/** Resolves with the promise's value, or rejects naming `description` after `timeoutMs`. */
export async function within<T>(description: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------
// A worker in a child process

export interface WorkerProcessOptions {
  /** Label for error messages. */
  name: string;
  /** The worker's whole configuration: TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, DATABASE_URL... */
  env: Record<string, string>;
  /** A client of the same Temporal server, to see when the worker polls. */
  client: Client;
  namespace?: string;
  readyTimeoutMs?: number;
  /** Also append the output to this file (set HIBOB_FAULTS_LOG_DIR to get one per rig). */
  logFile?: string;
}

export interface WorkerExit {
  generation: number;
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when we killed or stopped it; false when it exited on its own. */
  expected: boolean;
}

/**
 * `node bin/hibob.cjs worker` as a child process, restartable. Keeps every line the
 * successive processes printed (stdout and stderr) and how each one ended.
 */
export class WorkerProcess {
  /** Every chunk any generation printed, in order. */
  private readonly chunks: string[] = [];
  readonly exits: WorkerExit[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private expectingExit = false;
  generation = 0;

  constructor(private readonly options: WorkerProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get taskQueue(): string {
    return this.options.env.TEMPORAL_TASK_QUEUE!;
  }

  /** Everything the worker processes printed so far (all generations, stdout and stderr). */
  output(): string {
    return this.chunks.join('');
  }

  /**
   * Spawns a new process and waits until it polls both the workflow and the activity task
   * queue: until pollers appear under an identity the task queue had not seen before (a
   * killed worker's pollers stay listed for a while, so "some poller" would not do).
   */
  async start(): Promise<{ readyMs: number }> {
    if (this.running) throw new Error(`${this.options.name}: already running (pid ${this.pid})`);
    const workflowType = temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW;
    const activityType = temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;
    const known = new Set([...(await this.pollerIdentities(workflowType)), ...(await this.pollerIdentities(activityType))]);
    const spawnedAt = Date.now();
    const generation = ++this.generation;
    const child = spawn(process.execPath, [HIBOB_BIN, 'worker'], {
      // Nothing inherited but what Node needs to run: the worker sees only its own configuration.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.expectingExit = false;
    const logFile = this.options.logFile;
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.chunks.push(text);
      if (logFile) appendFileSync(logFile, text);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        this.exits.push({ generation, pid: child.pid, code, signal, expected: this.expectingExit });
        resolve();
      }),
    );
    const exitedEarly = () =>
      new Error(`${this.options.name} exited (${child.exitCode ?? child.signalCode}) before polling:\n${this.tail()}`);
    const isNew = (identity: string) => !known.has(identity);
    await waitFor(
      `${this.options.name} (pid ${child.pid}) to poll task queue ${this.taskQueue}`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw exitedEarly();
        const [workflow, activity] = await Promise.all([this.pollerIdentities(workflowType), this.pollerIdentities(activityType)]);
        return workflow.some(isNew) && activity.some(isNew);
      },
      { timeoutMs: this.options.readyTimeoutMs ?? 90_000, intervalMs: 100 },
    ).catch((error: Error) => {
      // An early exit is final: say so rather than "timed out".
      if (child.exitCode !== null || child.signalCode !== null) throw exitedEarly();
      throw error;
    });
    return { readyMs: Date.now() - spawnedAt };
  }

  /** SIGKILL: no graceful shutdown, no completion sent for the activities in flight. */
  async kill(): Promise<void> {
    await this.end('SIGKILL', 10_000);
  }

  /** SIGTERM (graceful), SIGKILL if it has not ended after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    await this.end('SIGTERM', graceMs);
  }

  async restart(): Promise<{ readyMs: number }> {
    if (this.running) await this.kill();
    return this.start();
  }

  /** Exits nobody asked for (a worker that gave up by itself). */
  unexpectedExits(): WorkerExit[] {
    return this.exits.filter((exit) => !exit.expected);
  }

  tail(chars = 4000): string {
    return this.output().slice(-chars);
  }

  private async end(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectingExit = true;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      await within(`${this.options.name} (pid ${child.pid}) to exit after ${signal}`, this.exited, graceMs + 10_000);
    } finally {
      clearTimeout(timer);
    }
  }

  private async pollerIdentities(taskQueueType: temporal.api.enums.v1.TaskQueueType): Promise<string[]> {
    const response = await this.options.client.workflowService.describeTaskQueue({
      namespace: this.options.namespace ?? 'default',
      taskQueue: { name: this.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType,
    });
    return response.pollers.map((poller) => poller.identity ?? '');
  }
}

// ---------------------------------------------------------------------------------------
// Snapshots of what a sync wrote, for comparing a faulted run with a clean one

/** Every stored employee of a connection, content only (no connection id, timestamps or sync ids), by HiBob id. */
export async function snapshotEmployees(db: ConnectorDb, connectionId: string) {
  const rows = await db
    .selectFrom('hibob_employees')
    .select([
      'hibob_id', 'email', 'display_name', 'first_name', 'surname', 'job_title', 'department_id', 'department_name',
      'manager_hibob_id', 'status', 'lifecycle_status', 'hire_date', 'site', 'content_hash', 'removed_at',
    ])
    .where('connection_id', '=', connectionId)
    .orderBy('hibob_id')
    .execute();
  return rows.map(({ removed_at, ...row }) => ({ ...row, removed: removed_at !== null }));
}

/** Every stored group item of a connection, content only, in a stable order. */
export async function snapshotGroups(db: ConnectorDb, connectionId: string) {
  const rows = await db
    .selectFrom('hibob_groups')
    .select(['list_name', 'item_id', 'name', 'parent_item_id', 'archived', 'removed_at'])
    .where('connection_id', '=', connectionId)
    .orderBy('list_name')
    .orderBy('item_id')
    .execute();
  return rows.map(({ removed_at, ...row }) => ({ ...row, removed: removed_at !== null }));
}

export async function syncRunsOf(db: ConnectorDb, connectionId: string) {
  return db.selectFrom('hibob_sync_runs').selectAll().where('connection_id', '=', connectionId).orderBy('started_at').execute();
}

/** Pages of a sync run written to the database (what a kill cannot take back). */
export async function completedPages(db: ConnectorDb, syncRunId: string): Promise<{ done: number; total: number }> {
  const rows = await db.selectFrom('hibob_sync_pages').select('completed_at').where('sync_run_id', '=', syncRunId).execute();
  return { done: rows.filter((r) => r.completed_at !== null).length, total: rows.length };
}

/** The connection's latest sync run, once it exists. */
export async function latestSyncRun(db: ConnectorDb, connectionId: string) {
  return db
    .selectFrom('hibob_sync_runs')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------
// Workflow histories

export interface StoredHistory {
  workflowId: string;
  runId: string;
  workflowType: string;
  history: temporal.api.history.v1.IHistory;
}

/** Every workflow run (open or closed) started on a task queue, with its full history. */
export async function historiesOf(client: Client, taskQueue: string): Promise<StoredHistory[]> {
  const found: StoredHistory[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = "${taskQueue}"` })) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    found.push({ workflowId: execution.workflowId, runId: execution.runId, workflowType: execution.type, history });
  }
  return found;
}

/**
 * A history as text to search: its JSON (as `historyToJSON` writes it) plus the decoded
 * content of every payload in it (inputs, results, failure details, heartbeats, search
 * attributes, memos), since the JSON shows payload data only base64-encoded.
 */
export function historyText(history: temporal.api.history.v1.IHistory): string {
  const decoded: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > 64) return;
    if (value instanceof Uint8Array) {
      decoded.push(Buffer.from(value).toString('utf8'));
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const item of Object.values(value as Record<string, unknown>)) visit(item, depth + 1);
  };
  visit(history, 0);
  return [historyToJSON(history), ...decoded].join('\n');
}

export interface ActivityAttempt {
  activityType: string;
  /** The attempt that ended the activity (1 = no retry). */
  attempt: number;
  /** Why the attempt before it failed, when there was one (a timeout after a kill, a 5xx...). */
  lastFailure: string | null;
  outcome: 'completed' | 'failed' | 'timed_out' | 'cancelled' | 'open';
}

/** Each activity of a history with its final attempt number and the failure that preceded it. */
export function activityAttempts(history: temporal.api.history.v1.IHistory): ActivityAttempt[] {
  const byScheduledId = new Map<string, ActivityAttempt>();
  for (const event of history.events ?? []) {
    const id = String(event.eventId);
    if (event.activityTaskScheduledEventAttributes) {
      byScheduledId.set(id, {
        activityType: event.activityTaskScheduledEventAttributes.activityType?.name ?? '?',
        attempt: 1,
        lastFailure: null,
        outcome: 'open',
      });
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const entry = byScheduledId.get(String(started.scheduledEventId));
      if (entry) {
        entry.attempt = started.attempt ?? 1;
        const failure = started.lastFailure;
        entry.lastFailure = failure
          ? [failure.message, failure.timeoutFailureInfo ? `timeout ${temporal.api.enums.v1.TimeoutType[failure.timeoutFailureInfo.timeoutType ?? 0]}` : '']
              .filter(Boolean)
              .join(' / ')
          : null;
      }
    }
    const ended: [unknown, ActivityAttempt['outcome']][] = [
      [event.activityTaskCompletedEventAttributes, 'completed'],
      [event.activityTaskFailedEventAttributes, 'failed'],
      [event.activityTaskTimedOutEventAttributes, 'timed_out'],
      [event.activityTaskCanceledEventAttributes, 'cancelled'],
    ];
    for (const [attributes, outcome] of ended) {
      const scheduledId = (attributes as { scheduledEventId?: unknown } | null | undefined)?.scheduledEventId;
      const entry = scheduledId !== undefined ? byScheduledId.get(String(scheduledId)) : undefined;
      if (entry) entry.outcome = outcome;
    }
  }
  return [...byScheduledId.values()];
}

/** Retries (attempts beyond the first) over histories, with the kinds of failure that caused them. */
export function retryStats(histories: StoredHistory[]): { retries: number; byActivity: Record<string, number>; afterTimeout: number } {
  let retries = 0;
  let afterTimeout = 0;
  const byActivity: Record<string, number> = {};
  for (const { history } of histories) {
    for (const attempt of activityAttempts(history)) {
      if (attempt.attempt <= 1) continue;
      retries += attempt.attempt - 1;
      byActivity[attempt.activityType] = (byActivity[attempt.activityType] ?? 0) + attempt.attempt - 1;
      if (attempt.lastFailure?.includes('timeout')) afterTimeout += 1;
    }
  }
  return { retries, byActivity, afterTimeout };
}

// ---------------------------------------------------------------------------------------
// Secrets

/** The forms a secret could leak in: the token, the key as base64 and hex, and the HTTP Basic header value. */
export function secretForms(secrets: { serviceUserId: string; token: string; encryptionKeyBase64: string }): Record<string, string> {
  const key = Buffer.from(secrets.encryptionKeyBase64, 'base64');
  return {
    'HiBob token': secrets.token,
    'CONNECTOR_ENCRYPTION_KEY (base64)': secrets.encryptionKeyBase64,
    'CONNECTOR_ENCRYPTION_KEY (base64 without padding)': secrets.encryptionKeyBase64.replace(/=+$/, ''),
    'CONNECTOR_ENCRYPTION_KEY (base64url)': key.toString('base64url'),
    'CONNECTOR_ENCRYPTION_KEY (hex)': key.toString('hex'),
    'CONNECTOR_ENCRYPTION_KEY (HEX)': key.toString('hex').toUpperCase(),
    'HTTP Basic credentials (base64 of id:token)': Buffer.from(`${secrets.serviceUserId}:${secrets.token}`).toString('base64'),
  };
}

/** The names of the secret forms found in `text` (empty when clean). */
export function leakedSecrets(text: string, forms: Record<string, string>): string[] {
  return Object.entries(forms)
    .filter(([, value]) => value.length > 0 && text.includes(value))
    .map(([name]) => name);
}

// ---------------------------------------------------------------------------------------
// Seeded randomness for the on-demand fault runs (reproducible kill points)

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------
// A rig: one simulator, one task queue, one child-process worker, connections made through the real client

/** The service user of the fault tests: a token of this run's own, so a leak cannot be a coincidence. */
export const FAULT_SERVICE_USER = {
  id: 'SERVICE-USER-FAULTS',
  token: `tok_faults_${randomBytes(16).toString('hex')}`,
} as const;

export interface FaultRigOptions {
  name: string;
  database: TestDatabase;
  /** A client of `temporalAddress` (the stack's dev server by default). */
  client: Client;
  temporalAddress?: string;
  simulator?: SimulatorOptions;
  /** Connector variables for the worker (and the test's own config), e.g. SYNC_PAGE_SIZE. */
  env?: Record<string, string>;
  /** Defaults to 'debug': the more the worker prints, the more the secrets check reads. */
  logLevel?: string;
}

export interface FaultRig {
  name: string;
  sim: RunningSimulator;
  config: ConnectorConfig;
  ctx: ConnectorContext;
  worker: WorkerProcess;
  connectionIds: string[];
  /** `connect` through the real client; the credentials check is retried while HiBob answers 5xx or 429. */
  connect(name: string): Promise<ConnectResult>;
  stop(): Promise<void>;
}

export async function startFaultRig(options: FaultRigOptions): Promise<FaultRig> {
  const sim = await startSimulator({
    employees: 120,
    seed: 7,
    serviceUsers: [{ id: FAULT_SERVICE_USER.id, token: FAULT_SERVICE_USER.token }],
    // Windows of a few seconds: a 429 burst costs a wait for the reset, not a whole minute.
    rateLimits: { peopleSearch: 10_000, default: 10_000, windowMs: 2000 },
    ...options.simulator,
  });
  const env = { HIBOB_STALE_READ_WINDOW_MS: '1500', ...options.env };
  const overrides: Record<string, string> = { HIBOB_BASE_URL: sim.baseUrl, ...env };
  if (options.temporalAddress) overrides.TEMPORAL_ADDRESS = options.temporalAddress;
  const config = await testConfig(options.database.url, overrides);
  const logDir = process.env.HIBOB_FAULTS_LOG_DIR;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const worker = new WorkerProcess({
    name: `${options.name} worker`,
    client: options.client,
    logFile: logDir ? join(logDir, `${options.name}-${Date.now()}.log`) : undefined,
    env: {
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      DATABASE_URL: options.database.url,
      CONNECTOR_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      LOG_LEVEL: options.logLevel ?? 'debug',
      ...env,
    },
  });
  const ctx: ConnectorContext = { db: options.database.db, temporal: options.client, config };
  const connectionIds: string[] = [];
  return {
    name: options.name,
    sim,
    config,
    ctx,
    worker,
    connectionIds,
    async connect(name: string) {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await connect(ctx, {
            serviceUserId: FAULT_SERVICE_USER.id,
            token: FAULT_SERVICE_USER.token,
            baseUrl: sim.baseUrl,
            name,
            groupLists: ['department', 'team'],
          });
          connectionIds.push(result.connection.id);
          return result;
        } catch (error) {
          if ((error as { retryable?: boolean }).retryable !== true || attempt >= 10) throw error;
          await sleep(500 * attempt);
        }
      }
    },
    async stop() {
      await worker.stop().catch(() => undefined);
      for (const id of connectionIds) {
        await options.client.schedule.getHandle(syncScheduleId(id)).delete().catch(() => undefined);
      }
      await sim.close();
    },
  };
}

/** Employees of the simulated company a time-off request can be made for (employed, with an email). */
export function bookableEmployees(sim: RunningSimulator) {
  return sim.company.employees.filter((e) => e.lifecycleStatus === 'employed' && e.email);
}

/** Submits that reached the simulator, whatever their answer (a second one would be a duplicate risk). */
export function submitAttempts(sim: RunningSimulator): number {
  return Object.entries(sim.stats().byRoute)
    .filter(([route]) => /^POST \/v1\/timeoff\/employees\/[^/]+\/requests$/.test(route))
    .reduce((sum, [, byStatus]) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
}

/**
 * The secrets check every fault run ends with: stops the rigs' workers (flushing their
 * output), then asserts that no workflow history of their task queues (JSON and decoded
 * payloads), no line any of their processes printed, and no stored ciphertext holds the
 * HiBob token or CONNECTOR_ENCRYPTION_KEY in any form. Returns what it read.
 */
export async function assertNoSecretsLeaked(options: { client: Client; rigs: FaultRig[]; db: ConnectorDb }) {
  const { client, rigs, db } = options;
  assert.ok(rigs.length > 0, 'the fault tests ran');
  for (const r of rigs) await r.worker.stop();
  const forms = secretForms({ serviceUserId: FAULT_SERVICE_USER.id, token: FAULT_SERVICE_USER.token, encryptionKeyBase64: TEST_ENCRYPTION_KEY });

  let histories = 0;
  let namingTheirConnection = 0;
  for (const r of rigs) {
    for (const stored of await historiesOf(client, r.config.temporal.taskQueue)) {
      histories++;
      const text = historyText(stored.history);
      if (r.connectionIds.some((id) => text.includes(id))) namingTheirConnection++;
      assert.deepEqual(leakedSecrets(text, forms), [], `secrets in workflow ${stored.workflowId} (${stored.workflowType})`);
    }
  }
  assert.ok(histories > 0, 'some workflow histories were read');
  // A control: each history names its connection only inside (base64-encoded) payloads and
  // search attributes, so this shows the search reads decoded payloads.
  assert.equal(namingTheirConnection, histories, 'every history read names its connection');

  let logBytes = 0;
  let processes = 0;
  for (const r of rigs) {
    const output = r.worker.output();
    logBytes += output.length;
    processes += r.worker.generation;
    assert.ok(output.includes(r.config.temporal.taskQueue), `${r.name}: the worker's output was captured`);
    assert.deepEqual(leakedSecrets(output, forms), [], `secrets in the output of the ${r.name} workers`);
  }

  const connectionIds = rigs.flatMap((r) => r.connectionIds);
  const stored = await db.selectFrom('hibob_connections').select(['id', 'token_ciphertext']).where('id', 'in', connectionIds).execute();
  assert.equal(stored.length, connectionIds.length, 'every connection made has a stored token');
  for (const row of stored) {
    assert.notEqual(row.token_ciphertext, FAULT_SERVICE_USER.token);
    assert.ok(!row.token_ciphertext.includes(FAULT_SERVICE_USER.token), `connection ${row.id}: the ciphertext contains the token`);
    assert.deepEqual(leakedSecrets(row.token_ciphertext, forms), [], `connection ${row.id}`);
  }
  return { histories, logBytes, processes, storedTokens: stored.length };
}

export interface FaultSuite {
  /** Set in the file's `before`: one database for every rig of the file. */
  database: TestDatabase;
  /** A client of the stack's dev server. */
  client: Client;
  rigs: FaultRig[];
  /** Starts a rig on the suite's database and client, and its worker; stopped when the file ends. */
  rig(name: string, options?: Omit<FaultRigOptions, 'name' | 'database' | 'client'>): Promise<FaultRig>;
}

/** The set-up a fault file on the stack's dev server shares: registers its `before` and `after` hooks. */
export function faultSuite(): FaultSuite {
  let connection: Connection | undefined;
  const suite: FaultSuite = {
    database: undefined as unknown as TestDatabase,
    client: undefined as unknown as Client,
    rigs: [],
    async rig(name, options = {}) {
      const started = await startFaultRig({ name, database: suite.database, client: suite.client, ...options });
      suite.rigs.push(started);
      await started.worker.start();
      return started;
    },
  };
  before(async () => {
    const env = await stackEnv();
    suite.database = await createTestDatabase();
    connection = await Connection.connect({ address: env[STACK_ENV.temporalAddress]! });
    suite.client = new Client({ connection });
  });
  after(async () => {
    for (const rig of suite.rigs) await rig.stop().catch(() => undefined);
    await suite.database?.drop();
    await connection?.close();
  });
  return suite;
}
