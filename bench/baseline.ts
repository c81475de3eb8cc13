/**
 * What the sync costs without Temporal, two ways:
 * - plain: the same HiBobClient calls (listEmployeeIds, then readEmployeesByIds per page of
 *   the same size, ids sorted and chunked as the product does) and the product's own upsert
 *   (src/db/employees.ts), and nothing else: the floor a sync could reach.
 * - activities: the product's own sync activities called directly, in the workflow's order
 *   and waves, so the product's bookkeeping (pages table, run counters, finish) is counted
 *   but Temporal is not. Workflow minus this = Temporal's share.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectorConfig } from '../temporal.config';
import { createSyncActivities } from '../src/activities/sync';
import { openDatabase, type ConnectorDb } from '../src/db/database';
import { upsertEmployees } from '../src/db/employees';
import { HiBobClient } from '../src/hibob';
import { createLogger } from '../src/observability/logger';
import { createMetrics } from '../src/observability/metrics';
import { BENCH_SERVICE_USER } from './sim';
import { chunk, elapsedMs, inWaves, now } from './util';

export interface PlainSyncResult {
  wallMs: number;
  employees: number;
  pages: number;
  written: number;
  listMs: number;
  /** Summed over pages (overlapping when concurrency > 1). */
  readMs: number;
  upsertMs: number;
}

export async function plainSync(options: {
  baseUrl: string;
  db: ConnectorDb;
  connectionId: string;
  pageSize: number;
  concurrency: number;
  timeoutMs: number;
}): Promise<PlainSyncResult> {
  const { db, connectionId } = options;
  // A sync run row for the rows' last_seen_sync_id, made before the clock starts.
  const run = await db
    .insertInto('hibob_sync_runs')
    .values({ connection_id: connectionId, workflow_id: 'bench-baseline', run_id: randomUUID(), trigger: 'manual', status: 'running', warnings: '[]' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hibob = new HiBobClient({
    baseUrl: options.baseUrl,
    credentials: { serviceUserId: BENCH_SERVICE_USER.id, token: BENCH_SERVICE_USER.token },
    timeoutMs: options.timeoutMs,
  });

  const started = now();
  const ids = [...new Set(await hibob.listEmployeeIds())].sort();
  const listMs = elapsedMs(started);
  const pages = chunk(ids, options.pageSize);
  let readMs = 0;
  let upsertMs = 0;
  const written = await inWaves(pages, options.concurrency, async (page) => {
    const r = now();
    const batch = await hibob.readEmployeesByIds(page);
    readMs += elapsedMs(r);
    const u = now();
    const n = await upsertEmployees(db, connectionId, run.id, batch.employees);
    upsertMs += elapsedMs(u);
    return n;
  });
  return {
    wallMs: elapsedMs(started),
    employees: ids.length,
    pages: pages.length,
    written: written.reduce((a, b) => a + b, 0),
    listMs,
    readMs,
    upsertMs,
  };
}

export interface DirectActivitiesResult {
  wallMs: number;
  employeesSeen: number;
  employeesChanged: number;
  /** Wall time per step, as the workflow would run them (pages summed over waves). */
  phasesMs: { begin: number; groups: number; listing: number; pages: number; finish: number };
}

/** The product's sync activities, called without Temporal, in the workflow's order. */
export async function directActivitiesSync(options: {
  config: ConnectorConfig;
  connectionId: string;
  concurrency: number;
}): Promise<DirectActivitiesResult> {
  const db = openDatabase(options.config.databaseUrl, { maxConnections: 20, applicationName: 'hibob-bench-direct' });
  try {
    const acts = createSyncActivities({
      config: options.config,
      db,
      logger: createLogger({ level: 'warn' }),
      metrics: createMetrics(),
      taskQueue: options.config.temporal.taskQueue,
    });
    const { connectionId } = options;
    const started = now();
    let t = now();
    const phase = () => {
      const ms = elapsedMs(t);
      t = now();
      return ms;
    };
    const run = await acts.beginSyncRun({ connectionId, trigger: 'manual', workflowId: 'bench-direct', runId: randomUUID() });
    const begin = phase();
    const groups = await acts.syncGroups({ connectionId, syncRunId: run.syncRunId });
    const groupsMs = phase();
    const listing = await acts.listEmployeeIds({ connectionId, syncRunId: run.syncRunId, pageSize: run.pageSize });
    const listingMs = phase();
    const indexes = Array.from({ length: listing.pagesTotal }, (_, i) => i);
    let missingFields: string[] | null = null;
    const results = await inWaves(indexes, options.concurrency, (pageIndex) => acts.syncEmployeePage({ connectionId, syncRunId: run.syncRunId, pageIndex }));
    for (const page of results) missingFields = missingFields === null ? page.missingFields : missingFields.filter((f) => page.missingFields.includes(f));
    const pagesMs = phase();
    const summary = await acts.finishSyncRun({ connectionId, syncRunId: run.syncRunId, missingFields: missingFields ?? [], groups });
    const finish = phase();
    return {
      wallMs: elapsedMs(started),
      employeesSeen: summary.employeesSeen,
      employeesChanged: summary.employeesChanged,
      phasesMs: { begin, groups: groupsMs, listing: listingMs, pages: pagesMs, finish },
    };
  } finally {
    await db.destroy();
  }
}
