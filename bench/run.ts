/**
 * `npm run bench`: the connector's figures, each measured side by side in one run on the
 * real stack (HiBob simulator in its own process, Temporal dev server, PostgreSQL):
 *
 * - full sync, no rate limit: employees/s of the workflow against a plain baseline (same
 *   HiBobClient reads, same upsert, no Temporal), at pageConcurrency 1 and the default;
 * - the same sync under HiBob's 50 searches a minute: searches, 429s, time against the least
 *   the limit allows;
 * - a second sync with nothing changed: rows written and its time against the first;
 * - time off: latency until the HiBob request exists, and confirmed requests per second;
 * - the deployed worker (`node bin/hibob.cjs worker`): peak memory and history events.
 *
 * Prints a table, writes bench/results/latest.json, progress goes to stderr.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadavg } from 'node:os';
import type { SyncSummary } from '../src/shared/sync';
import { parseArgs, type BenchArgs } from './args';
import { directActivitiesSync, plainSync } from './baseline';
import { WORKER_COMMANDS, sampleRss, startChildWorker } from './child-worker';
import {
  DEFAULT_PAGE_CONCURRENCY,
  benchConfig,
  closeSharedConnection,
  describeSync,
  insertBenchConnection,
  runWorkflowSync,
  startInProcessWorker,
  workerEnv,
  SyncRunFailed,
  type HistoryFigures,
  type WorkflowSyncResult,
} from './connector';
import { describeMachine } from './machine';
import { printReport, targetsOf } from './report';
import type { BenchResults, MemoryResult, RateLimitResult, ResyncRow, SyncRow } from './results';
import { NO_RATE_LIMIT, startSimProcess, statsDelta, type BenchSimulator } from './sim';
import { cancelActiveQueries, settledEmployeeTableWrites, startBenchStack, type BenchDatabase, type BenchStack } from './stack';
import { measureSimulatorSpeed } from './simulator-speed';
import { runTimeOffBench } from './timeoff';
import { errorText, log, now, elapsedMs, round, withTimeout } from './util';

const HIBOB_LIMIT_PER_MINUTE = 50;
const SIM_SEED = 1;

interface Ctx {
  args: BenchArgs;
  stack: BenchStack;
  client: Client;
  results: BenchResults;
}

/** Time bound of one sync: generous, proportional to the company, scalable by flag. */
function syncTimeoutMs(args: BenchArgs, employees: number): number {
  return Math.round((120_000 + employees * 30) * args.timeoutScale);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = now();
  log(`settings: sizes ${args.sizes.join(', ')}, page size ${args.pageSize}, concurrency ${args.concurrencies.join(', ')}, ` +
    `time off ${args.timeOffRequests} (${args.timeOffInFlight} in flight), rate-limited ${args.rateLimitEmployees} at page size ${args.rateLimitPageSize}, ` +
    `memory at ${args.memorySize}; scenarios: ${[...args.scenarios].join(', ')}`);
  const stack = await startBenchStack();
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  const results: BenchResults = {
    schema: 1,
    machine: describeMachine(stack),
    settings: {
      sizes: args.sizes,
      pageSize: args.pageSize,
      concurrencies: args.concurrencies,
      workflowDefaultPageConcurrency: DEFAULT_PAGE_CONCURRENCY,
      timeOffRequests: args.timeOffRequests,
      timeOffInFlight: args.timeOffInFlight,
      rateLimitEmployees: args.rateLimitEmployees,
      rateLimitPageSize: args.rateLimitPageSize,
      memorySize: args.memorySize,
      scenarios: [...args.scenarios],
      quick: args.quick,
      simulator: { seed: SIM_SEED, unlimitedRateLimits: NO_RATE_LIMIT, separateProcess: true },
      worker: 'in the bench process (pre-built workflow bundle), except the memory run: node --max-old-space-size=192 bin/hibob.cjs worker, and the same without the heap cap',
    },
    sync: [],
    ratios: [],
    resync: [],
    targets: [],
    totalWallMs: 0,
  };
  const ctx: Ctx = { args, stack, client, results };
  try {
    if (args.warmup && (args.scenarios.has('sync') || args.scenarios.has('resync'))) await warmUp(ctx);
    for (const employees of args.sizes) await syncSize(ctx, employees);
    if (args.scenarios.has('memory') && !args.sizes.includes(args.memorySize)) {
      const sim = await startSimProcess({ employees: args.memorySize, seed: SIM_SEED, rateLimits: NO_RATE_LIMIT });
      try {
        await memoryRuns(ctx, sim, args.memorySize);
      } finally {
        await sim.close();
      }
    }
    if (args.scenarios.has('ratelimit')) results.rateLimited = await rateLimitRun(ctx);
    if (args.scenarios.has('timeoff')) await timeOffRun(ctx);
    if (args.scenarios.has('simulator')) {
      const employees = Math.max(...args.sizes);
      log(`simulator: people search over ${employees} employees`);
      results.simulator = await measureSimulatorSpeed(employees);
    }
  } finally {
    results.machine.loadAverageEnd = Math.round(loadavg()[0]! * 100) / 100;
    results.totalWallMs = Math.round(elapsedMs(started));
    results.targets = targetsOf(results);
    writeResults(args.out, results);
    printReport(results);
    await connection.close().catch(() => {});
    await closeSharedConnection();
    await stack.stop();
  }
}

// ---------------------------------------------------------------------------------------

async function warmUp(ctx: Ctx): Promise<void> {
  log('warm-up: 1,000 employees through the baseline and the workflow (not recorded)');
  const sim = await startSimProcess({ employees: 1000, seed: SIM_SEED + 1, rateLimits: NO_RATE_LIMIT });
  try {
    await baselineRun(ctx, sim, 1000, 1);
    const { database, result } = await workflowRun(ctx, sim, 1000, DEFAULT_PAGE_CONCURRENCY);
    await database.drop();
    void result;
  } catch (error) {
    log(`warm-up failed (continuing): ${errorText(error)}`);
  } finally {
    await sim.close();
  }
}

async function syncSize(ctx: Ctx, employees: number): Promise<void> {
  const { args, results } = ctx;
  const wantSync = args.scenarios.has('sync');
  const wantResync = args.scenarios.has('resync');
  const wantMemory = args.scenarios.has('memory') && args.memorySize === employees;
  if (!wantSync && !wantResync && !wantMemory) return;
  log(`--- ${employees.toLocaleString('en-US')} employees, no rate limit ---`);
  const sim = await startSimProcess({ employees, seed: SIM_SEED, rateLimits: NO_RATE_LIMIT });
  let keep: { database: BenchDatabase; connectionId: string; first: WorkflowSyncResult } | undefined;
  let firstSyncError: string | undefined;
  try {
    if (wantSync) {
      for (const c of args.concurrencies) results.sync.push(await guardedRow(employees, 'baseline', c, () => baselineRun(ctx, sim, employees, c)));
      results.sync.push(await guardedRow(employees, 'activities', 1, () => activitiesRun(ctx, sim, employees, 1)));
      for (const c of args.concurrencies) {
        const row = await guardedRow(employees, 'workflow', c, async () => {
          const run = await workflowRun(ctx, sim, employees, c);
          if (wantResync && c === DEFAULT_PAGE_CONCURRENCY && !keep) keep = { database: run.database, connectionId: run.connectionId, first: run.result };
          else await run.database.drop();
          return run.row;
        });
        if (c === DEFAULT_PAGE_CONCURRENCY && row.error) firstSyncError = row.error;
        results.sync.push(row);
      }
      addRatios(ctx, employees);
    }
    if (wantResync) {
      results.resync.push(
        firstSyncError && !keep
          ? { employees, firstWallMs: null, secondWallMs: null, secondOverFirst: null, employeesChanged: null, pgRowsWritten: null, error: `first sync failed: ${firstSyncError}` }
          : await resyncRun(ctx, sim, employees, keep),
      );
    }
    if (wantMemory) {
      await memoryRuns(ctx, sim, employees);
      const m = results.memory!;
      results.sync.push({
        employees,
        variant: 'workflow-child',
        concurrency: DEFAULT_PAGE_CONCURRENCY,
        wallMs: m.wallMs,
        employeesPerSec: m.employeesPerSec,
        pagesPhaseEmployeesPerSec: m.pagesPhaseEmployeesPerSec,
        rowsWritten: null,
        requests: null,
        peopleSearches: null,
        rateLimited: null,
        historyEvents: m.historyEvents ?? undefined,
        historyRuns: m.historyRuns ?? undefined,
        detail: { command: m.command },
        ...(m.error ? { error: m.error } : {}),
      });
    }
  } finally {
    await keep?.database.drop().catch(() => {});
    await sim.close();
  }
}

async function guardedRow(employees: number, variant: SyncRow['variant'], concurrency: number, run: () => Promise<SyncRow>): Promise<SyncRow> {
  try {
    return await run();
  } catch (error) {
    log(`${variant} c=${concurrency} at ${employees} failed: ${errorText(error)}`);
    const row = (error as { row?: SyncRow }).row;
    if (row) return row;
    return {
      employees,
      variant,
      concurrency,
      wallMs: null,
      employeesPerSec: null,
      rowsWritten: null,
      requests: null,
      peopleSearches: null,
      rateLimited: null,
      pagesPhaseEmployeesPerSec: null,
      error: errorText(error),
    };
  }
}

function addRatios(ctx: Ctx, employees: number): void {
  const rows = ctx.results.sync.filter((r) => r.employees === employees);
  const eps = (variant: string, c: number) => rows.find((r) => r.variant === variant && r.concurrency === c)?.employeesPerSec ?? null;
  const pps = (variant: string, c: number) => rows.find((r) => r.variant === variant && r.concurrency === c)?.pagesPhaseEmployeesPerSec ?? null;
  for (const c of ctx.args.concurrencies) {
    for (const b of ctx.args.concurrencies) {
      if (b !== c && b !== 1) continue; // the fair pair, and each against the sequential baseline
      const w = eps('workflow', c);
      const base = eps('baseline', b);
      ctx.results.ratios.push({
        employees,
        pageConcurrency: c,
        baselineConcurrency: b,
        ratio: w !== null && base ? round(w / base, 3) : null,
        pagesPhaseRatio: pps('workflow', c) !== null && pps('baseline', b) ? round(pps('workflow', c)! / pps('baseline', b)!, 3) : null,
        fair: b === c,
      });
    }
  }
}

async function baselineRun(ctx: Ctx, sim: BenchSimulator, employees: number, concurrency: number): Promise<SyncRow> {
  const database = await ctx.stack.createDatabase(`base${employees}c${concurrency}`);
  try {
    const connectionId = await insertBenchConnection(database.db, sim.baseUrl);
    const before = await sim.stats();
    log(`baseline (no Temporal), waves of ${concurrency}...`);
    const r = await plainSync({
      baseUrl: sim.baseUrl,
      db: database.db,
      connectionId,
      pageSize: ctx.args.pageSize,
      concurrency,
      timeoutMs: 120_000,
    });
    const delta = statsDelta(before, await sim.stats());
    describeSync(`baseline c=${concurrency}`, r.employees, r.wallMs);
    return {
      employees,
      variant: 'baseline',
      concurrency,
      wallMs: round(r.wallMs, 0),
      employeesPerSec: round(r.employees / (r.wallMs / 1000), 0),
      pagesPhaseEmployeesPerSec: round(r.employees / ((r.wallMs - r.listMs) / 1000), 0),
      rowsWritten: r.written,
      ...delta,
      detail: {
        pages: r.pages,
        listMs: round(r.listMs, 0),
        readMsPerPage: round(r.readMs / r.pages, 1),
        upsertMsPerPage: round(r.upsertMs / r.pages, 1),
        readShare: round(r.readMs / (r.readMs + r.upsertMs), 3),
      },
    };
  } finally {
    await database.drop();
  }
}

async function activitiesRun(ctx: Ctx, sim: BenchSimulator, employees: number, concurrency: number): Promise<SyncRow> {
  const database = await ctx.stack.createDatabase(`act${employees}`);
  try {
    const connectionId = await insertBenchConnection(database.db, sim.baseUrl);
    const config = benchConfig(workerEnv(ctx.stack.temporalAddress, database.url, ctx.args.pageSize));
    const before = await sim.stats();
    log(`product activities called directly (no Temporal), waves of ${concurrency}...`);
    const r = await withTimeout(directActivitiesSync({ config, connectionId, concurrency }), syncTimeoutMs(ctx.args, employees), 'direct activities sync', () =>
      cancelActiveQueries(database.url),
    );
    const delta = statsDelta(before, await sim.stats());
    describeSync(`activities c=${concurrency}`, r.employeesSeen, r.wallMs);
    return {
      employees,
      variant: 'activities',
      concurrency,
      wallMs: round(r.wallMs, 0),
      employeesPerSec: round(r.employeesSeen / (r.wallMs / 1000), 0),
      pagesPhaseEmployeesPerSec: round(r.employeesSeen / (r.phasesMs.pages / 1000), 0),
      rowsWritten: r.employeesChanged,
      ...delta,
      detail: { phasesMs: Object.fromEntries(Object.entries(r.phasesMs).map(([k, v]) => [k, round(v, 0)])) },
    };
  } finally {
    await database.drop();
  }
}

/** A fresh database and in-process worker, one workflow sync; the database is handed back (for the resync). */
/** A fresh database and in-process worker, one workflow sync; the database is handed back (for the resync). */
async function workflowRun(
  ctx: Ctx,
  sim: BenchSimulator,
  employees: number,
  pageConcurrency: number,
): Promise<{ row: SyncRow; database: BenchDatabase; connectionId: string; result: WorkflowSyncResult }> {
  const database = await ctx.stack.createDatabase(`wf${employees}c${pageConcurrency}`);
  try {
    const connectionId = await insertBenchConnection(database.db, sim.baseUrl);
    const config = benchConfig(workerEnv(ctx.stack.temporalAddress, database.url, ctx.args.pageSize));
    const worker = await startInProcessWorker(config, ctx.stack.workflowBundlePath);
    let result: WorkflowSyncResult;
    const before = await sim.stats();
    try {
      log(`workflow sync, pageConcurrency ${pageConcurrency}...`);
      result = await runWorkflowSync(ctx.client, {
        connectionId,
        taskQueue: worker.taskQueue,
        pageConcurrency,
        timeoutMs: syncTimeoutMs(ctx.args, employees),
        onAbort: () => cancelActiveQueries(database.url),
      });
    } catch (error) {
      if (error instanceof SyncRunFailed) {
        const delta = statsDelta(before, await sim.stats().catch(() => before));
        throw Object.assign(error, { row: workflowRow(ctx.args.pageSize, employees, 'workflow', pageConcurrency, error.wallMs, undefined, error.history, delta, error.message) });
      }
      throw error;
    } finally {
      await worker.stop();
    }
    const delta = statsDelta(before, await sim.stats());
    describeSync(`workflow pc=${pageConcurrency}`, result.summary.employeesSeen, result.wallMs);
    return {
      database,
      connectionId,
      result,
      row: workflowRow(ctx.args.pageSize, employees, 'workflow', pageConcurrency, result.wallMs, result.summary, result.history, delta),
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** A workflow row, also for a sync that failed: its pages phase and history still say where time went. */
function workflowRow(
  pageSize: number,
  employees: number,
  variant: SyncRow['variant'],
  pageConcurrency: number,
  wallMs: number,
  summary: SyncSummary | undefined,
  h: HistoryFigures | undefined,
  delta: ReturnType<typeof statsDelta> | undefined,
  error?: string,
): SyncRow {
  const page = h?.byActivity.syncEmployeePage;
  return {
    employees,
    variant,
    concurrency: pageConcurrency,
    wallMs: summary ? round(wallMs, 0) : null,
    employeesPerSec: summary ? round(summary.employeesSeen / (wallMs / 1000), 0) : null,
    pagesPhaseEmployeesPerSec: h?.pagesPhaseMs ? round(pageEmployees(employees, h.pagesCompleted, pageSize) / (h.pagesPhaseMs / 1000), 0) : null,
    rowsWritten: summary?.employeesChanged ?? null,
    requests: delta?.requests ?? null,
    peopleSearches: delta?.peopleSearches ?? null,
    rateLimited: delta?.rateLimited ?? null,
    historyEvents: h?.events,
    historyRuns: h?.runs,
    detail: h
      ? {
          ...(summary ? {} : { stoppedAfterMs: round(wallMs, 0), pagesCompleted: h.pagesCompleted }),
          pagesPhaseMs: round(h.pagesPhaseMs, 0),
          retries: h.retries,
          activityMsByType: Object.fromEntries(
            Object.entries(h.byActivity).map(([k, v]) => [k, { count: v.count, meanMs: round(v.meanStartToCloseMs, 1), totalMs: round(v.totalStartToCloseMs, 0) }]),
          ),
          pageScheduleToStartMs: round(page?.meanScheduleToStartMs, 1),
          orchestrationGapMs: round(h.meanOrchestrationGapMs, 1),
        }
      : undefined,
    ...(error ? { error } : {}),
  };
}

/** Employees in the first `pages` pages (the last page may be short). */
function pageEmployees(employees: number, pages: number, pageSize: number): number {
  return Math.min(employees, pages * pageSize);
}

async function resyncRun(
  ctx: Ctx,
  sim: BenchSimulator,
  employees: number,
  kept: { database: BenchDatabase; connectionId: string; first: WorkflowSyncResult } | undefined,
): Promise<ResyncRow> {
  let database = kept?.database;
  try {
    let connectionId = kept?.connectionId;
    let first = kept?.first;
    if (!database || !connectionId || !first) {
      const run = await workflowRun(ctx, sim, employees, DEFAULT_PAGE_CONCURRENCY);
      ({ database, connectionId, result: first } = run);
    }
    // The first sync's worker has stopped: its backends have reported their writes.
    const before = await settledEmployeeTableWrites(database.url);
    const config = benchConfig(workerEnv(ctx.stack.temporalAddress, database.url, ctx.args.pageSize));
    const worker = await startInProcessWorker(config, ctx.stack.workflowBundlePath);
    let second: WorkflowSyncResult;
    try {
      log('second sync, nothing changed in HiBob...');
      const url = database.url;
      second = await runWorkflowSync(ctx.client, {
        connectionId,
        taskQueue: worker.taskQueue,
        pageConcurrency: DEFAULT_PAGE_CONCURRENCY,
        timeoutMs: syncTimeoutMs(ctx.args, employees),
        onAbort: () => cancelActiveQueries(url),
      });
    } finally {
      await worker.stop();
    }
    const after = await settledEmployeeTableWrites(database.url);
    const pgRowsWritten = after.inserted - before.inserted + (after.updated - before.updated);
    log(`second sync: ${(second.wallMs / 1000).toFixed(1)} s (first ${(first.wallMs / 1000).toFixed(1)} s), ` +
      `employeesChanged ${second.summary.employeesChanged}, PostgreSQL rows written ${pgRowsWritten}`);
    return {
      employees,
      firstWallMs: round(first.wallMs, 0),
      secondWallMs: round(second.wallMs, 0),
      secondOverFirst: round(second.wallMs / first.wallMs, 3),
      employeesChanged: second.summary.employeesChanged,
      pgRowsWritten,
      pgStatsBefore: before,
      pgStatsAfter: after,
      historyEvents: second.history.events,
    };
  } catch (error) {
    log(`resync at ${employees} failed: ${errorText(error)}`);
    return { employees, firstWallMs: null, secondWallMs: null, secondOverFirst: null, employeesChanged: null, pgRowsWritten: null, error: errorText(error) };
  } finally {
    if (database && database !== kept?.database) await database.drop().catch(() => {});
  }
}

/** The deployed worker's memory (heap capped), then the same worker without the cap. */
async function memoryRuns(ctx: Ctx, sim: BenchSimulator, employees: number): Promise<void> {
  ctx.results.memory = await memoryRun(ctx, sim, employees, 'deployed');
  ctx.results.memoryUncapped = await memoryRun(ctx, sim, employees, 'uncapped');
}

async function memoryRun(ctx: Ctx, sim: BenchSimulator, employees: number, command: keyof typeof WORKER_COMMANDS): Promise<MemoryResult> {
  const result: MemoryResult = {
    employees,
    command: WORKER_COMMANDS[command].label,
    idleRssMb: null,
    startupPeakMb: null,
    peakDuringSyncMb: null,
    maxSampledRssMb: null,
    peakResetWorked: false,
    wallMs: null,
    employeesPerSec: null,
    pagesPhaseEmployeesPerSec: null,
    historyEvents: null,
    historyRuns: null,
  };
  const database = await ctx.stack.createDatabase(`mem${employees}${command}`);
  try {
    const connectionId = await insertBenchConnection(database.db, sim.baseUrl);
    log(`starting the worker as a child process: ${result.command}...`);
    const env = { ...workerEnv(ctx.stack.temporalAddress, database.url, ctx.args.pageSize), BENCH_WORKFLOW_BUNDLE: ctx.stack.workflowBundlePath };
    const worker = await startChildWorker(env, Math.round(300_000 * ctx.args.timeoutScale), command);
    try {
      const startup = worker.memory();
      result.startupPeakMb = round(startup?.hwmMb, 1);
      result.idleRssMb = round(startup?.rssMb, 1);
      result.peakResetWorked = worker.resetPeak();
      const sampler = sampleRss(worker.pid);
      let sync: WorkflowSyncResult;
      try {
        log(`child worker (pid ${worker.pid}, ${result.idleRssMb} MB idle): workflow sync of ${employees}...`);
        sync = await runWorkflowSync(ctx.client, {
          connectionId,
          taskQueue: worker.taskQueue,
          pageConcurrency: DEFAULT_PAGE_CONCURRENCY,
          timeoutMs: syncTimeoutMs(ctx.args, employees),
          onAbort: () => cancelActiveQueries(database.url),
        });
      } finally {
        const sampled = sampler.stop();
        result.maxSampledRssMb = round(sampled.maxRssMb, 1);
        const end = worker.memory();
        result.peakDuringSyncMb = result.peakResetWorked ? round(end?.hwmMb, 1) : result.maxSampledRssMb;
      }
      result.wallMs = round(sync.wallMs, 0);
      result.employeesPerSec = round(sync.summary.employeesSeen / (sync.wallMs / 1000), 0);
      result.pagesPhaseEmployeesPerSec = sync.history.pagesPhaseMs ? round(employees / (sync.history.pagesPhaseMs / 1000), 0) : null;
      result.historyEvents = sync.history.events;
      result.historyRuns = sync.history.runs;
      describeSync(`child-process worker (${command})`, sync.summary.employeesSeen, sync.wallMs);
    } finally {
      await worker.stop();
      log(`child worker (${command}) memory: idle ${result.idleRssMb} MB, start-up peak ${result.startupPeakMb} MB, sync peak ${result.peakDuringSyncMb} MB`);
    }
  } catch (error) {
    log(`memory run (${command}) failed: ${errorText(error)}`);
    result.error = errorText(error);
    if (error instanceof SyncRunFailed && error.history) {
      result.historyEvents = error.history.events;
      result.historyRuns = error.history.runs;
    }
  } finally {
    await database.drop();
  }
  return result;
}

/**
 * Least wall time HiBob's fixed, epoch-aligned windows allow for `searches` people searches
 * started at `startMs` with a full budget: the start of the window in which the last may go.
 */
export function minimumByLimitMs(searches: number, startMs: number, perWindow = HIBOB_LIMIT_PER_MINUTE, windowMs = 60_000): { ms: number; windows: number } {
  const windows = Math.max(0, Math.ceil(searches / perWindow) - 1);
  if (windows === 0) return { ms: 0, windows: 0 };
  const firstWindow = Math.floor(startMs / windowMs);
  return { ms: (firstWindow + windows) * windowMs - startMs, windows };
}

async function rateLimitRun(ctx: Ctx): Promise<RateLimitResult> {
  const { args } = ctx;
  const employees = args.rateLimitEmployees;
  const pageSize = args.rateLimitPageSize;
  const result: RateLimitResult = {
    employees,
    pageSize,
    pageConcurrency: DEFAULT_PAGE_CONCURRENCY,
    limitPerMinute: HIBOB_LIMIT_PER_MINUTE,
    peopleSearches: null,
    requests: null,
    rateLimited: null,
    wallMs: null,
    minimumByLimitMs: null,
    windowsCrossed: null,
    excessMs: null,
    startOffsetInWindowMs: null,
  };
  const expected = 1 + Math.ceil(employees / pageSize);
  log(`--- ${employees} employees under HiBob's limit (50 searches/min), page size ${pageSize}: ~${expected} searches ---`);
  if (expected <= HIBOB_LIMIT_PER_MINUTE) log(`warning: ${expected} searches fit in one window; lower --ratelimit-page-size to cross one`);
  // The simulator's default limits are HiBob's: 50 people searches a minute, 1,000 for the rest.
  const sim = await startSimProcess({ employees, seed: SIM_SEED, rateLimits: { peopleSearch: HIBOB_LIMIT_PER_MINUTE } });
  const database = await ctx.stack.createDatabase('ratelimit');
  try {
    const connectionId = await insertBenchConnection(database.db, sim.baseUrl);
    const config = benchConfig(workerEnv(ctx.stack.temporalAddress, database.url, pageSize));
    const worker = await startInProcessWorker(config, ctx.stack.workflowBundlePath);
    const before = await sim.stats();
    const startMs = Date.now();
    let sync: WorkflowSyncResult;
    try {
      const bound = Math.round((Math.ceil(expected / HIBOB_LIMIT_PER_MINUTE) * 60_000 + 180_000) * args.timeoutScale);
      sync = await runWorkflowSync(ctx.client, {
        connectionId,
        taskQueue: worker.taskQueue,
        pageConcurrency: DEFAULT_PAGE_CONCURRENCY,
        timeoutMs: bound,
        onAbort: () => cancelActiveQueries(database.url),
      });
    } finally {
      await worker.stop();
    }
    const delta = statsDelta(before, await sim.stats());
    const floor = minimumByLimitMs(delta.peopleSearches, startMs);
    Object.assign(result, {
      ...delta,
      wallMs: round(sync.wallMs, 0),
      minimumByLimitMs: floor.ms,
      windowsCrossed: floor.windows,
      excessMs: round(sync.wallMs - floor.ms, 0),
      startOffsetInWindowMs: startMs % 60_000,
      history: { events: sync.history.events, runs: sync.history.runs, retries: sync.history.retries },
    });
    log(`rate-limited sync: ${delta.peopleSearches} searches, ${delta.rateLimited} 429s, ${(sync.wallMs / 1000).toFixed(1)} s ` +
      `(least the limit allows: ${(floor.ms / 1000).toFixed(1)} s, ${floor.windows} window(s) crossed)`);
  } catch (error) {
    log(`rate-limited run failed: ${errorText(error)}`);
    result.error = errorText(error);
  } finally {
    await database.drop();
    await sim.close();
  }
  return result;
}

async function timeOffRun(ctx: Ctx): Promise<void> {
  const { args } = ctx;
  // Distinct employees for every request (latency and throughput): no two requests overlap.
  const companyEmployees = Math.max(500, Math.ceil(args.timeOffRequests * 2 * 2));
  log(`--- time off: ${args.timeOffRequests} requests one at a time, then ${args.timeOffRequests} with ${args.timeOffInFlight} in flight ---`);
  const sim = await startSimProcess({ employees: companyEmployees, seed: SIM_SEED, rateLimits: NO_RATE_LIMIT });
  const database = await ctx.stack.createDatabase('timeoff');
  try {
    const connectionId = await insertBenchConnection(database.db, sim.baseUrl);
    const config = benchConfig(workerEnv(ctx.stack.temporalAddress, database.url, args.pageSize));
    const worker = await startInProcessWorker(config, ctx.stack.workflowBundlePath);
    try {
      // Synced first, so the action resolves employees from PostgreSQL as it does in production.
      await runWorkflowSync(ctx.client, { connectionId, taskQueue: worker.taskQueue, pageConcurrency: DEFAULT_PAGE_CONCURRENCY, timeoutMs: syncTimeoutMs(args, companyEmployees) });
      const employeeIds = (
        await database.db
          .selectFrom('hibob_employees')
          .select('hibob_id')
          .where('connection_id', '=', connectionId)
          .where('lifecycle_status', '=', 'employed')
          .where('removed_at', 'is', null)
          .orderBy('hibob_id')
          .execute()
      ).map((r) => r.hibob_id);
      const figures = await runTimeOffBench({
        client: ctx.client,
        sim,
        taskQueue: worker.taskQueue,
        connectionId,
        employeeIds,
        requests: args.timeOffRequests,
        inFlight: args.timeOffInFlight,
        timeoutMs: Math.round((60_000 + args.timeOffRequests * 2_000) * args.timeoutScale),
      });
      ctx.results.timeOff = { companyEmployees, ...figures };
      log(`time off: p50 ${figures.latency.p50Ms.toFixed(0)} ms, p95 ${figures.latency.p95Ms.toFixed(0)} ms, p99 ${figures.latency.p99Ms.toFixed(0)} ms; ` +
        `${figures.throughput.confirmedPerSec.toFixed(1)} confirmed/s at ${args.timeOffInFlight} in flight`);
    } finally {
      await worker.stop();
    }
  } catch (error) {
    log(`time-off run failed: ${errorText(error)}`);
    ctx.results.timeOff = { error: errorText(error) };
  } finally {
    await database.drop();
    await sim.close();
  }
}

function writeResults(out: string, results: BenchResults): void {
  const path = resolve(out);
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  // A fixed key order, whatever order the scenarios ran in: diffs between runs stay readable.
  const ordered: BenchResults = {
    schema: results.schema,
    machine: results.machine,
    settings: results.settings,
    sync: results.sync,
    ratios: results.ratios,
    resync: results.resync,
    rateLimited: results.rateLimited,
    timeOff: results.timeOff,
    memory: results.memory,
    memoryUncapped: results.memoryUncapped,
    targets: results.targets,
    totalWallMs: results.totalWallMs,
  };
  writeFileSync(tmp, `${JSON.stringify(ordered, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v), 2)}\n`);
  renameSync(tmp, path);
  log(`results written to ${out}`);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
