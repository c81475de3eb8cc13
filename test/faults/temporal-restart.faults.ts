/**
 * The Temporal server stopped and restarted (same port, same SQLite file) in the middle of
 * a sync: the worker process reconnects on its own, the run resumes from its persisted
 * history, and the rows end as a clean sync writes them.
 *
 * What happens (measured with an 8 s outage): the worker process does not exit. The SDK's
 * core retries its polls (WARN "gRPC call poll_*_task_queue retried N times") and
 * reconnects when the server is back. An activity that finishes during the outage retries
 * its completion for a few seconds, then drops it (WARN "Network error while completing
 * activity"): the server times that attempt out (heartbeat timeout, 45 s) and retries it,
 * which finds the page already written. So the sync ends 15 to 45 s after the restart.
 * The test leaves the worker alone and fails if it exits; were that to change, restart
 * it with `rig.worker.start()` and say so here.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { waitForSync } from '../../src/client/sync';
import { startDevServer, type RunningDevServer } from '../../src/temporal/dev-server';
import {
  assertNoSecretsLeaked,
  completedPages,
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
import { createTestDatabase, type TestDatabase } from '../support/harness';

const workDir = mkdtempSync(join(tmpdir(), 'hibob-faults-temporal-'));
const dbFilename = join(workDir, 'temporal.sqlite');
let database: TestDatabase;
let server: RunningDevServer;
let connection: Connection;
let client: Client;
const rigs: FaultRig[] = [];

before(async () => {
  chmodSync(workDir, 0o755);
  database = await createTestDatabase();
  server = await startDevServer({ dbFilename });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});

after(async () => {
  for (const rig of rigs) await rig.stop().catch(() => undefined);
  await connection?.close();
  await server?.stop();
  await database?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

test('Temporal stopped and restarted mid-sync: the worker reconnects and the sync ends with the rows of a clean one', async (t) => {
  const began = Date.now();
  const r = await startFaultRig({
    name: 'temporal-restart',
    database,
    client,
    temporalAddress: server.address,
    simulator: { employees: 400, seed: 21 },
    env: { SYNC_PAGE_SIZE: '5' },
  });
  rigs.push(r);
  await r.worker.start();
  const clean = await r.connect('Acme (clean)');
  assert.equal((await within('the clean sync', waitForSync(clean.sync.handle), 120_000)).status, 'succeeded');

  r.sim.admin.setFaults({ latencyMs: 250 });
  const faulted = await r.connect('Acme (Temporal restarted)');
  const connectionId = faulted.connection.id;
  const run = await waitFor('the sync run to list its pages', async () => {
    const row = await latestSyncRun(database.db, connectionId);
    return row && row.pages_total > 0 ? row : undefined;
  }, { timeoutMs: 60_000, intervalMs: 50 });
  await waitFor('a quarter of the pages written', async () => (await completedPages(database.db, run.id)).done >= run.pages_total / 4, {
    timeoutMs: 120_000,
    intervalMs: 50,
  });

  const port = Number(server.address.split(':')[1]);
  await server.stop();
  const stoppedAt = Date.now();
  const atStop = await completedPages(database.db, run.id);
  assert.ok(atStop.done < atStop.total, `stopped mid-sync (${atStop.done} of ${atStop.total} pages)`);
  await sleep(8000);
  const duringDowntime = (await completedPages(database.db, run.id)).done - atStop.done;
  server = await startDevServer({ dbFilename, port });
  const restartedAt = Date.now();
  assert.equal(server.address, `127.0.0.1:${port}`);

  // The worker process is left alone: it must reconnect by itself (an exit would fail below).
  const finished = await waitFor('the sync to finish after the restart', async () => {
    if (!r.worker.running) throw new Error(`the worker exited: ${JSON.stringify(r.worker.exits)}\n${r.worker.tail()}`);
    const row = await latestSyncRun(database.db, connectionId);
    return row && row.status !== 'running' ? row : undefined;
  }, { timeoutMs: 240_000, intervalMs: 250 });
  const resumedMs = Date.now() - restartedAt;
  assert.equal(finished.status, 'succeeded');
  const summary = await within('the sync result through the reconnected client', waitForSync(faulted.sync.handle), 60_000);
  assert.equal(summary.status, 'succeeded');

  const [cleanEmployees, faultedEmployees] = [await snapshotEmployees(database.db, clean.connection.id), await snapshotEmployees(database.db, connectionId)];
  assert.equal(faultedEmployees.length, r.sim.company.employees.length);
  assert.deepEqual(faultedEmployees, cleanEmployees);
  assert.deepEqual(await snapshotGroups(database.db, connectionId), await snapshotGroups(database.db, clean.connection.id));
  const runs = await syncRunsOf(database.db, connectionId);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.employees_changed, r.sim.company.employees.length, 'no page counted twice');
  assert.deepEqual(r.worker.unexpectedExits(), [], 'the worker process rode through the outage');
  assert.equal(r.worker.generation, 1, 'the same worker process throughout');
  t.diagnostic(
    `Temporal down ${restartedAt - stoppedAt} ms at page ${atStop.done} of ${atStop.total}; ${duringDowntime} pages written while it was down; ` +
      `sync finished ${resumedMs} ms after the restart; ${Date.now() - began} ms in all`,
  );
});

test('no workflow history, worker output or stored token holds a secret', async (t) => {
  const read = await assertNoSecretsLeaked({ client, rigs, db: database.db });
  t.diagnostic(`${read.histories} histories, ${read.logBytes} bytes of output, ${read.storedTokens} stored tokens: clean`);
});
