/**
 * The fault suite, small enough for CI (`npm test`). Workers run as real child processes
 * (`node bin/hibob.cjs worker`, configured by environment variables only) so they can be
 * SIGKILLed mid-run:
 *  a. a sync killed twice mid-way ends with the same rows as a clean sync;
 *  b. a time-off run killed after HiBob committed the submit makes exactly one request;
 *  c. 10% 5xx, latency spikes and 429 bursts: same rows as a clean sync, each request once;
 *  d. no workflow history and no worker log line holds the HiBob token or the encryption key.
 * a, b and c run side by side (each on its own simulator, task queue and worker) to keep the
 * file short: most of the time is Temporal waiting out the timeouts of the killed attempts.
 * The full version (10 kills each, PostgreSQL and Temporal restarts, 2,000 employees) is
 * `npm run test:faults`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { getSyncProgress, waitForSync } from '../src/client/sync';
import { createTimeOffRequest } from '../src/client/timeoff';
import { syncWorkflowId, timeOffWorkflowId } from '../src/shared/ids';
import type { SyncSummary } from '../src/shared/sync';
import type { TimeOffRequestInput, TimeOffStatus } from '../src/shared/timeoff';
import {
  activityAttempts,
  assertNoSecretsLeaked,
  bookableEmployees,
  completedPages,
  historiesOf,
  latestSyncRun,
  retryStats,
  sleep,
  snapshotEmployees,
  snapshotGroups,
  faultSuite,
  submitAttempts,
  syncRunsOf,
  waitFor,
  within,
} from './support/faults';

const suite = faultSuite();

function timeOffInput(connectionId: string, employeeEmail: string, startDate: string, endDate: string): TimeOffRequestInput {
  return {
    connectionId,
    employee: employeeEmail,
    policyType: 'Holiday',
    startDate,
    endDate,
    description: 'Fault test',
    requestedBy: 'faults-ci',
    idempotencyKey: `faults-${randomUUID()}`,
  };
}

/** Rows a sync wrote, for one connection: compared between a faulted and a clean sync. */
async function snapshot(connectionId: string) {
  return { employees: await snapshotEmployees(suite.database.db, connectionId), groups: await snapshotGroups(suite.database.db, connectionId) };
}

describe('faults, small (CI)', { concurrency: true }, () => {
  test('a. a worker SIGKILLed twice in the middle of a sync: restarted, it ends with the rows of a clean sync', async (t) => {
    const began = Date.now();
    const r = await suite.rig('kill-sync', { simulator: { employees: 120, seed: 11 }, env: { SYNC_PAGE_SIZE: '4' } });
    const clean = await r.connect('Acme (clean)');
    assert.equal((await within('the clean sync', waitForSync(clean.sync.handle), 90_000)).status, 'succeeded');

    // Slow HiBob so each page takes a while: the kills land with pages in flight.
    r.sim.admin.setFaults({ latencyMs: 300 });
    const killed = await r.connect('Acme (killed twice)');
    const connectionId = killed.connection.id;
    const run = await waitFor('the sync run to list its pages', async () => {
      const row = await latestSyncRun(suite.database.db, connectionId);
      return row && row.pages_total > 0 ? row : undefined;
    }, { timeoutMs: 60_000, intervalMs: 50 });
    const total = run.pages_total;

    const kills: { pagesDoneAtKill: number; recoveredMs: number; restartReadyMs: number }[] = [];
    let threshold = Math.ceil(total * 0.2);
    for (let kill = 1; kill <= 2; kill++) {
      const reached = await waitFor(`page ${threshold} of ${total} written before kill ${kill}`, async () => {
        const pages = await completedPages(suite.database.db, run.id);
        return pages.done >= threshold ? pages : undefined;
      }, { timeoutMs: 120_000, intervalMs: 50 });
      await r.worker.kill();
      const killedAt = Date.now();
      const atKill = await completedPages(suite.database.db, run.id);
      assert.ok(atKill.done < total, `kill ${kill} landed mid-sync (${atKill.done} of ${total} pages written)`);
      const { readyMs } = await r.worker.start();
      if (kill === 1) {
        // The restarted worker rebuilds the run from its history to answer the progress query.
        const progress = await waitFor(
          'the progress query answered by the restarted worker',
          () => within('a progress query', getSyncProgress(suite.client, connectionId), 10_000),
          { timeoutMs: 60_000 },
        );
        assert.equal(progress.phase, 'employees');
        assert.equal(progress.pagesTotal, total);
      }
      await waitFor(`a page written after kill ${kill}`, async () => (await completedPages(suite.database.db, run.id)).done > atKill.done, {
        timeoutMs: 150_000,
        intervalMs: 100,
      });
      kills.push({ pagesDoneAtKill: reached.done, recoveredMs: Date.now() - killedAt, restartReadyMs: readyMs });
      threshold = atKill.done + 3;
    }

    const summary = await within('the killed sync to finish', waitForSync(killed.sync.handle), 150_000);
    assert.equal(summary.status, 'succeeded');

    const expectedIds = r.sim.company.employees.map((e) => e.id).sort();
    const cleanRows = await snapshot(clean.connection.id);
    const killedRows = await snapshot(connectionId);
    assert.deepEqual(killedRows.employees.map((e) => e.hibob_id), expectedIds, 'no lost and no phantom employee');
    assert.deepEqual(killedRows.employees, cleanRows.employees, 'every field as a clean sync wrote it');
    assert.deepEqual(killedRows.groups, cleanRows.groups);

    const runs = await syncRunsOf(suite.database.db, connectionId);
    assert.equal(runs.length, 1, 'one sync run, resumed (not restarted) after each kill');
    assert.equal(runs[0]!.status, 'succeeded');
    assert.equal(runs[0]!.pages_done, total);
    assert.equal(runs[0]!.employees_seen, expectedIds.length);
    assert.equal(runs[0]!.employees_changed, expectedIds.length, 'no page counted twice');
    assert.equal(summary.employeesChanged, expectedIds.length);

    const history = await suite.client.workflow.getHandle(syncWorkflowId(connectionId)).fetchHistory();
    const retriedPages = activityAttempts(history).filter((a) => a.activityType === 'syncEmployeePage' && a.attempt > 1);
    assert.ok(retriedPages.some((a) => a.lastFailure?.includes('timeout')), 'a page attempt died with a worker and was retried');
    assert.deepEqual(r.worker.unexpectedExits(), [], 'no worker exited by itself');
    t.diagnostic(
      `a: ${total} pages; kills at ${kills.map((k) => k.pagesDoneAtKill).join(' and ')} pages written; ` +
        `worker ready ${kills.map((k) => k.restartReadyMs).join('/')} ms after restart; ` +
        `first page written ${kills.map((k) => k.recoveredMs).join('/')} ms after each kill; ` +
        `${retriedPages.length} page activities retried; ${Date.now() - began} ms in all`,
    );
  });

  test('b. a worker SIGKILLed after HiBob committed a time-off submit: restarted, exactly one request, confirmed', async (t) => {
    const began = Date.now();
    const r = await suite.rig('kill-timeoff', { simulator: { employees: 40, seed: 12 } });
    const connected = await r.connect('Acme (time off)');
    await within('the first sync', waitForSync(connected.sync.handle), 90_000);
    const employee = bookableEmployees(r.sim)[0]!;
    const input = timeOffInput(connected.connection.id, employee.email!, '2027-08-02', '2027-08-04');
    const requestsInHiBob = () => r.sim.admin.timeOffRequests().filter((q) => q.employeeId === employee.id);

    // HiBob answers the submit with an empty body, so the submit looks its request up
    // afterwards; slowed down, that leaves the attempt running well after the commit.
    r.sim.admin.setFaults({ latencyMs: 1200 });
    const outcome = createTimeOffRequest(suite.client, input, { taskQueue: r.config.temporal.taskQueue, wait: true });
    outcome.catch(() => undefined);
    await waitFor('HiBob to commit the request', () => requestsInHiBob().length === 1, { timeoutMs: 60_000, intervalMs: 20 });
    await r.worker.kill();
    const killedAt = Date.now();
    const rowAtKill = await suite.database.db.selectFrom('hibob_time_off_requests').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    assert.notEqual(rowAtKill?.status, 'confirmed', 'the kill landed before the run confirmed');
    assert.equal(rowAtKill?.hibob_request_id ?? null, null, 'the kill landed before the request id was recorded');

    r.sim.admin.setFaults({ latencyMs: 0 });
    const { readyMs } = await r.worker.start();
    const final = await within('the killed time-off run to finish', outcome, 150_000);
    const recoveredMs = Date.now() - killedAt;

    assert.equal(final.status, 'confirmed');
    const inHiBob = requestsInHiBob();
    assert.equal(inHiBob.length, 1, 'exactly one request in HiBob');
    assert.equal(inHiBob[0]!.status, 'pending');
    assert.equal(String(inHiBob[0]!.requestId), final.hibobRequestId);
    assert.equal(submitAttempts(r.sim), 1, 'the retry found the request: no second submit');
    const row = await suite.database.db.selectFrom('hibob_time_off_requests').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow();
    assert.equal(row.status, 'confirmed');
    assert.equal(row.hibob_request_id, final.hibobRequestId);

    const history = await suite.client.workflow.getHandle(timeOffWorkflowId(input.idempotencyKey)).fetchHistory();
    const submit = activityAttempts(history).find((a) => a.activityType === 'submitTimeOffRequest');
    assert.ok(submit && submit.attempt > 1 && submit.lastFailure?.includes('timeout'), `the submit attempt died with the worker: ${JSON.stringify(submit)}`);
    assert.deepEqual(r.worker.unexpectedExits(), []);
    t.diagnostic(`b: worker ready ${readyMs} ms after restart; run confirmed ${recoveredMs} ms after the kill; submit attempts ${submit.attempt}; ${Date.now() - began} ms in all`);
  });

  test('c. 10% 5xx, latency spikes and 429 bursts: the rows of a clean sync, and each time-off request exactly once', async (t) => {
    const began = Date.now();
    const r = await suite.rig('chaos', { simulator: { employees: 150, seed: 13 }, env: { SYNC_PAGE_SIZE: '5' } });
    const clean = await r.connect('Acme (clean)');
    assert.equal((await within('the clean sync', waitForSync(clean.sync.handle), 90_000)).status, 'succeeded');

    r.sim.admin.resetStats();
    r.sim.admin.setFaults({ errorRate: 0.1, latencyMs: 20, latencyJitterMs: 400 });
    let done = false;
    let bursts = 0;
    const burster = (async () => {
      while (!done && bursts < 6) {
        await sleep(1500);
        if (done) break;
        r.sim.admin.setFaults({ rateLimitBurst: 3 });
        bursts++;
      }
    })();
    let summary: SyncSummary | undefined;
    let results: TimeOffStatus[];
    const employees = bookableEmployees(r.sim).slice(0, 6);
    const inputs: TimeOffRequestInput[] = [];
    try {
      const chaotic = await r.connect('Acme (chaos)');
      summary = await within('the sync under faults', waitForSync(chaotic.sync.handle), 150_000);
      for (const e of employees) inputs.push(timeOffInput(chaotic.connection.id, e.email!, '2027-10-04', '2027-10-05'));
      results = await within(
        'time-off requests under faults',
        Promise.all(inputs.map((input) => createTimeOffRequest(suite.client, input, { taskQueue: r.config.temporal.taskQueue, wait: true }))),
        150_000,
      );
    } finally {
      done = true;
      await burster;
    }
    const stats = r.sim.stats();
    r.sim.admin.setFaults({ errorRate: 0, latencyMs: 0, latencyJitterMs: 0, rateLimitBurst: 0 });

    assert.equal(summary?.status, 'succeeded');
    const cleanRows = await snapshot(clean.connection.id);
    const chaosRows = await snapshot(summary!.connectionId);
    assert.equal(chaosRows.employees.length, r.sim.company.employees.length);
    assert.deepEqual(chaosRows.employees, cleanRows.employees, 'every employee and field as a clean sync wrote it');
    assert.deepEqual(chaosRows.groups, cleanRows.groups);
    const runs = await syncRunsOf(suite.database.db, summary!.connectionId);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.employees_changed, r.sim.company.employees.length, 'no page counted twice');

    for (const [i, input] of inputs.entries()) {
      assert.equal(results[i]!.status, 'confirmed', input.employee);
      const inHiBob = r.sim.admin.timeOffRequests().filter((q) => q.employeeId === employees[i]!.id);
      assert.equal(inHiBob.length, 1, `exactly one request for ${input.employee}`);
      assert.equal(String(inHiBob[0]!.requestId), results[i]!.hibobRequestId);
      assert.notEqual(inHiBob[0]!.status, 'canceled');
    }

    // The faults did fire, and Temporal's retries (not luck) carried the runs through.
    assert.ok(stats.injectedErrors > 0, 'some 5xx were injected');
    assert.ok(stats.rateLimited > 0, 'some 429s were answered');
    const retries = retryStats(await historiesOf(suite.client, r.config.temporal.taskQueue));
    assert.ok(retries.retries > 0, 'some activities were retried');
    assert.deepEqual(r.worker.unexpectedExits(), []);
    t.diagnostic(
      `c: ${stats.total} HiBob requests, ${stats.injectedErrors} 5xx, ${stats.rateLimited} 429s (${bursts} bursts of 3); ` +
        `${retries.retries} activity retries ${JSON.stringify(retries.byActivity)}; ${Date.now() - began} ms in all`,
    );
  });
});

test('d. no workflow history, worker log line or stored token holds the HiBob token or the encryption key', async (t) => {
  const read = await assertNoSecretsLeaked({ client: suite.client, rigs: suite.rigs, db: suite.database.db });
  assert.ok(read.histories >= 6, `histories read: ${read.histories}`);
  t.diagnostic(`d: ${read.histories} histories, ${read.logBytes} bytes of output from ${read.processes} worker processes, ${read.storedTokens} stored tokens: clean`);
});
