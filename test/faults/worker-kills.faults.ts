/**
 * Workers SIGKILLed at seeded random points (HIBOB_FAULTS_SEED replays a run):
 *  - one sync killed 10 times, each time a random delay after the restarted worker has
 *    made progress again: the rows end as a clean sync writes them;
 *  - 10 time-off runs, each killed at a random point of its own run (the next run starts on
 *    the restarted worker while the earlier ones wait out their timeouts): each request
 *    exists exactly once in HiBob and ends confirmed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { waitForSync } from '../../src/client/sync';
import { createTimeOffRequest } from '../../src/client/timeoff';
import { syncWorkflowId } from '../../src/shared/ids';
import type { TimeOffRequestInput, TimeOffStatus } from '../../src/shared/timeoff';
import type { SimEmployee } from '../../src/simulator';
import {
  activityAttempts,
  assertNoSecretsLeaked,
  bookableEmployees,
  completedPages,
  latestSyncRun,
  seededRandom,
  sleep,
  snapshotEmployees,
  snapshotGroups,
  faultSuite,
  syncRunsOf,
  waitFor,
  within,
} from '../support/faults';

const SEED = Number(process.env.HIBOB_FAULTS_SEED || 20261204);
const KILLS = 10;
const suite = faultSuite();

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `min ${sorted[0]} / median ${sorted[Math.floor(sorted.length / 2)]} / max ${sorted[sorted.length - 1]} ms`;
};

describe(`worker kills at random points (seed ${SEED})`, { concurrency: true }, () => {
  test(`a sync SIGKILLed ${KILLS} times ends with the rows of a clean sync`, async (t) => {
    const began = Date.now();
    const random = seededRandom(SEED);
    const r = await suite.rig('kills-sync', { simulator: { employees: 1500, seed: 51 }, env: { SYNC_PAGE_SIZE: '5' } });
    const clean = await r.connect('Acme (clean)');
    assert.equal((await within('the clean sync', waitForSync(clean.sync.handle), 180_000)).status, 'succeeded');

    r.sim.admin.setFaults({ latencyMs: 300 });
    const killed = await r.connect(`Acme (killed ${KILLS} times)`);
    const connectionId = killed.connection.id;
    const run = await waitFor('the sync run to list its pages', async () => {
      const row = await latestSyncRun(suite.database.db, connectionId);
      return row && row.pages_total > 0 ? row : undefined;
    }, { timeoutMs: 60_000, intervalMs: 50 });
    const total = run.pages_total;

    const kills: { delayMs: number; pagesAtKill: number; readyMs: number; recoveredMs?: number }[] = [];
    let pagesAtLastKill = 0;
    let lastKillAt = 0;
    for (let k = 1; k <= KILLS; k++) {
      // Wait until the (restarted) worker writes pages again, then a random while longer.
      await waitFor(`a page written before kill ${k}`, async () => (await completedPages(suite.database.db, run.id)).done > pagesAtLastKill, {
        timeoutMs: 180_000,
        intervalMs: 100,
      });
      if (kills.length > 0) kills[kills.length - 1]!.recoveredMs = Date.now() - lastKillAt;
      const delayMs = Math.round(random() * 2500);
      await sleep(delayMs);
      await r.worker.kill();
      lastKillAt = Date.now();
      const atKill = await completedPages(suite.database.db, run.id);
      assert.ok(atKill.done < total, `kill ${k} landed mid-sync (${atKill.done} of ${total} pages written)`);
      const { readyMs } = await r.worker.start();
      kills.push({ delayMs, pagesAtKill: atKill.done, readyMs });
      pagesAtLastKill = atKill.done;
    }
    await waitFor('a page written after the last kill', async () => (await completedPages(suite.database.db, run.id)).done > pagesAtLastKill, {
      timeoutMs: 180_000,
      intervalMs: 100,
    });
    kills[kills.length - 1]!.recoveredMs = Date.now() - lastKillAt;

    const summary = await within('the sync to finish', waitForSync(killed.sync.handle), 300_000);
    assert.equal(summary.status, 'succeeded');
    const expectedIds = r.sim.company.employees.map((e) => e.id).sort();
    const rows = await snapshotEmployees(suite.database.db, connectionId);
    assert.deepEqual(rows.map((e) => e.hibob_id), expectedIds, 'no lost and no phantom employee');
    assert.deepEqual(rows, await snapshotEmployees(suite.database.db, clean.connection.id));
    assert.deepEqual(await snapshotGroups(suite.database.db, connectionId), await snapshotGroups(suite.database.db, clean.connection.id));
    const runs = await syncRunsOf(suite.database.db, connectionId);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.status, 'succeeded');
    assert.equal(runs[0]!.pages_done, total);
    assert.equal(runs[0]!.employees_changed, expectedIds.length, 'no page counted twice');

    const history = await suite.client.workflow.getHandle(syncWorkflowId(connectionId)).fetchHistory();
    const timedOut = activityAttempts(history).filter((a) => a.attempt > 1 && a.lastFailure?.includes('timeout'));
    // Most kills cut page attempts short (one landing between two waves may cut none).
    assert.ok(timedOut.length >= KILLS / 2, `the kills cut activities short (${timedOut.length} retried after a timeout)`);
    assert.deepEqual(r.worker.unexpectedExits(), []);
    t.diagnostic(
      `sync: ${total} pages; kills at pages ${kills.map((k) => k.pagesAtKill).join(', ')} (random delays ${kills.map((k) => k.delayMs).join(', ')} ms); ` +
        `restart to polling ${stats(kills.map((k) => k.readyMs))}; kill to next page written ${stats(kills.map((k) => k.recoveredMs!))}; ` +
        `${timedOut.length} activities retried after a timeout; ${Date.now() - began} ms in all`,
    );
  });

  test(`${KILLS} time-off runs, each SIGKILLed at a random point: one request each, confirmed`, async (t) => {
    const began = Date.now();
    const random = seededRandom(SEED + 1);
    const r = await suite.rig('kills-timeoff', { simulator: { employees: 60, seed: 52 } });
    const connected = await r.connect('Acme (time off)');
    await within('the first sync', waitForSync(connected.sync.handle), 120_000);
    r.sim.admin.setFaults({ latencyMs: 600 });

    type Run = { input: TimeOffRequestInput; employee: SimEmployee; outcome: Promise<TimeOffStatus>; delayMs: number; phase: string; killedAt: number; settledAt?: number };
    const runs: Run[] = [];
    const phaseOf = async (input: TimeOffRequestInput, employee: SimEmployee) => {
      const row = await suite.database.db.selectFrom('hibob_time_off_requests').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
      const committed = r.sim.admin.timeOffRequests().some((q) => q.employeeId === employee.id);
      if (!row) return committed ? 'committed' : 'resolving or checking the policy';
      if (row.status === 'confirmed') return 'confirmed';
      if (row.hibob_request_id) return 'confirming';
      if (committed) return 'committed, id not yet known';
      if (row.submit_started_at) return 'submit sent';
      return 'looking before the submit';
    };
    const [calibrationEmployee, ...employees] = bookableEmployees(r.sim).slice(0, KILLS + 1);
    const requestFor = (employee: SimEmployee, i: number): TimeOffRequestInput => ({
      connectionId: connected.connection.id,
      employee: employee.email!,
      policyType: 'Holiday',
      startDate: '2027-12-06',
      endDate: '2027-12-08',
      idempotencyKey: `kills-${i}-${randomUUID()}`,
    });
    // One run left alone: how long a run takes here, so the kill points spread over all of one.
    const calibration = requestFor(calibrationEmployee!, -1);
    const calibrationStarted = Date.now();
    await within('the calibration run', createTimeOffRequest(suite.client, calibration, { taskQueue: r.config.temporal.taskQueue, wait: true }), 120_000);
    const runMs = Date.now() - calibrationStarted;

    for (const [i, employee] of employees.entries()) {
      const input = requestFor(employee, i);
      const outcome = createTimeOffRequest(suite.client, input, { taskQueue: r.config.temporal.taskQueue, wait: true });
      // Anywhere in the first 85% of a run: every phase can be hit, and the run is never over yet.
      const entry: Run = { input, employee, outcome, delayMs: Math.round(random() * runMs * 0.85), phase: '', killedAt: 0 };
      outcome.then(() => (entry.settledAt = Date.now()), () => undefined);
      await sleep(entry.delayMs);
      entry.phase = await phaseOf(input, employee);
      await r.worker.kill();
      entry.killedAt = Date.now();
      runs.push(entry);
      assert.notEqual(entry.phase, 'confirmed', `kill ${i + 1} landed before its run confirmed`);
      await r.worker.start();
    }
    const results = await within('every killed run to finish', Promise.all(runs.map((run) => run.outcome)), 360_000);

    assert.equal(r.sim.admin.timeOffRequests().filter((q) => q.employeeId === calibrationEmployee!.id).length, 1);
    for (const [i, run] of runs.entries()) {
      assert.equal(results[i]!.status, 'confirmed', run.input.employee);
      const inHiBob = r.sim.admin.timeOffRequests().filter((q) => q.employeeId === run.employee.id);
      assert.equal(inHiBob.length, 1, `exactly one request for ${run.input.employee} (killed while: ${run.phase})`);
      assert.notEqual(inHiBob[0]!.status, 'canceled');
      assert.equal(String(inHiBob[0]!.requestId), results[i]!.hibobRequestId);
      const row = await suite.database.db.selectFrom('hibob_time_off_requests').selectAll().where('idempotency_key', '=', run.input.idempotencyKey).executeTakeFirstOrThrow();
      assert.equal(row.status, 'confirmed');
      assert.equal(row.hibob_request_id, results[i]!.hibobRequestId);
    }
    assert.deepEqual(r.worker.unexpectedExits(), []);
    const phases: Record<string, number> = {};
    for (const run of runs) phases[run.phase] = (phases[run.phase] ?? 0) + 1;
    t.diagnostic(
      `time off: a run takes ${runMs} ms unharmed; kills landed ${JSON.stringify(phases)} (random delays ${runs.map((x) => x.delayMs).join(', ')} ms); ` +
        `kill to confirmed ${stats(runs.map((x) => x.settledAt! - x.killedAt))}; ${Date.now() - began} ms in all`,
    );
  });
});

test('no workflow history, worker output or stored token holds a secret', async (t) => {
  const read = await assertNoSecretsLeaked({ client: suite.client, rigs: suite.rigs, db: suite.database.db });
  t.diagnostic(`${read.histories} histories, ${read.logBytes} bytes of output from ${read.processes} worker processes, ${read.storedTokens} stored tokens: clean`);
});
