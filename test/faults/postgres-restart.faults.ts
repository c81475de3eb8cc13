/**
 * PostgreSQL stopped (fast shutdown: every connection cut) and started again in the middle
 * of a sync: the worker process rides through on activity retries, and the rows end as a
 * clean sync writes them. The engine is this file's own embedded PostgreSQL on a free port.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { waitForSync } from '../../src/client/sync';
import { migrateToLatest, openDatabase } from '../../src/db/database';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { findFreePort } from '../../src/temporal/dev-server';
import {
  activityAttempts,
  assertNoSecretsLeaked,
  completedPages,
  historiesOf,
  latestSyncRun,
  sleep,
  snapshotEmployees,
  snapshotGroups,
  startFaultRig,
  syncRunsOf,
  waitFor,
  within,
  type FaultRig,
} from '../support/faults';
import type { TestDatabase } from '../support/harness';
import { STACK_ENV, stackEnv } from '../support/stack';

const workDir = mkdtempSync(join(tmpdir(), 'hibob-faults-pg-'));
const engineOptions = { dataDir: join(workDir, 'pg'), persistent: true, port: 0 };
let engine: RunningEmbeddedPostgres | undefined;
let database: TestDatabase;
let connection: Connection;
let client: Client;
const rigs: FaultRig[] = [];

before(async () => {
  // The engine runs as its own system user when we are root: it must reach its data dir.
  chmodSync(workDir, 0o755);
  engineOptions.port = await findFreePort();
  engine = await startEmbeddedPostgres(engineOptions);
  const admin = new pg.Client({ connectionString: engine.adminUrl });
  await admin.connect();
  await admin.query('create database hibob_faults');
  await admin.end();
  const url = engine.urlFor('hibob_faults');
  const db = openDatabase(url, { maxConnections: 5 });
  await migrateToLatest(db);
  database = { url, db, drop: async () => db.destroy() };
  const env = await stackEnv();
  connection = await Connection.connect({ address: env[STACK_ENV.temporalAddress]! });
  client = new Client({ connection });
});

after(async () => {
  for (const rig of rigs) await rig.stop().catch(() => undefined);
  await database?.drop();
  await engine?.stop();
  await connection?.close();
  rmSync(workDir, { recursive: true, force: true });
});

test('PostgreSQL restarted mid-sync: the worker rides through on activity retries and the rows equal a clean sync', async (t) => {
  const began = Date.now();
  const r = await startFaultRig({ name: 'postgres-restart', database, client, simulator: { employees: 400, seed: 31 }, env: { SYNC_PAGE_SIZE: '5' } });
  rigs.push(r);
  await r.worker.start();
  const clean = await r.connect('Acme (clean)');
  assert.equal((await within('the clean sync', waitForSync(clean.sync.handle), 120_000)).status, 'succeeded');

  r.sim.admin.setFaults({ latencyMs: 250 });
  const faulted = await r.connect('Acme (PostgreSQL restarted)');
  const connectionId = faulted.connection.id;
  const run = await waitFor('the sync run to list its pages', async () => {
    const row = await latestSyncRun(database.db, connectionId);
    return row && row.pages_total > 0 ? row : undefined;
  }, { timeoutMs: 60_000, intervalMs: 50 });
  const atStop = await waitFor('a quarter of the pages written', async () => {
    const pages = await completedPages(database.db, run.id);
    return pages.done >= run.pages_total / 4 ? pages : undefined;
  }, { timeoutMs: 120_000, intervalMs: 50 });

  await engine!.stop();
  const stoppedAt = Date.now();
  await sleep(6000);
  engine = await startEmbeddedPostgres(engineOptions);
  const restartedAt = Date.now();

  const summary = await within('the sync to finish after the restart', waitForSync(faulted.sync.handle), 240_000);
  const finishedMs = Date.now() - restartedAt;
  assert.equal(summary.status, 'succeeded');
  assert.ok(atStop.done < run.pages_total, `stopped mid-sync (${atStop.done} of ${run.pages_total} pages)`);

  const faultedEmployees = await snapshotEmployees(database.db, connectionId);
  assert.equal(faultedEmployees.length, r.sim.company.employees.length);
  assert.deepEqual(faultedEmployees, await snapshotEmployees(database.db, clean.connection.id));
  assert.deepEqual(await snapshotGroups(database.db, connectionId), await snapshotGroups(database.db, clean.connection.id));
  const runs = await syncRunsOf(database.db, connectionId);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.status, 'succeeded');
  assert.equal(runs[0]!.employees_changed, r.sim.company.employees.length, 'no page counted twice');
  assert.deepEqual(r.worker.unexpectedExits(), [], 'the worker process rode through the outage');
  assert.equal(r.worker.generation, 1, 'the same worker process throughout');

  const history = (await historiesOf(client, r.config.temporal.taskQueue)).find((h) => h.workflowId.endsWith(connectionId))!;
  const retried = activityAttempts(history.history).filter((a) => a.attempt > 1);
  assert.ok(retried.length > 0, 'activities failed on the database and were retried');
  t.diagnostic(
    `PostgreSQL down ${restartedAt - stoppedAt} ms at page ${atStop.done} of ${run.pages_total}; sync finished ${finishedMs} ms after it came back; ` +
      `${retried.length} activities retried (${[...new Set(retried.map((a) => a.lastFailure?.slice(0, 80)))].join(' | ')}); ${Date.now() - began} ms in all`,
  );
});

test('no workflow history, worker output or stored token holds a secret', async (t) => {
  const read = await assertNoSecretsLeaked({ client, rigs, db: database.db });
  t.diagnostic(`${read.histories} histories, ${read.logBytes} bytes of output, ${read.storedTokens} stored tokens: clean`);
});
