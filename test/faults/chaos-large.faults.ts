/**
 * A larger company (2,000 employees) synced while HiBob answers 10% of requests with a 5xx,
 * adds latency spikes and throws 429 bursts: the rows equal a clean sync's, and time-off
 * requests made under the same faults each exist exactly once.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { waitForSync } from '../../src/client/sync';
import { createTimeOffRequest } from '../../src/client/timeoff';
import type { SyncSummary } from '../../src/shared/sync';
import type { TimeOffRequestInput, TimeOffStatus } from '../../src/shared/timeoff';
import {
  assertNoSecretsLeaked,
  bookableEmployees,
  historiesOf,
  retryStats,
  sleep,
  snapshotEmployees,
  snapshotGroups,
  faultSuite,
  syncRunsOf,
  within,
} from '../support/faults';

const EMPLOYEES = 2000;
const TIME_OFF_REQUESTS = 20;
const suite = faultSuite();

test(`${EMPLOYEES} employees under 10% 5xx, latency spikes and 429 bursts: the rows of a clean sync, each request once`, async (t) => {
  const began = Date.now();
  const r = await suite.rig('chaos-large', {
    simulator: { employees: EMPLOYEES, seed: 41, rateLimits: { peopleSearch: 10_000, default: 10_000, windowMs: 5000 } },
    env: { SYNC_PAGE_SIZE: '50' },
  });
  const clean = await r.connect('Acme (clean)');
  assert.equal((await within('the clean sync', waitForSync(clean.sync.handle), 180_000)).status, 'succeeded');

  r.sim.admin.resetStats();
  r.sim.admin.setFaults({ errorRate: 0.1, latencyMs: 50, latencyJitterMs: 800 });
  let stopBursts = false;
  let bursts = 0;
  const burster = (async () => {
    while (!stopBursts && bursts < 15) {
      await sleep(2000);
      if (stopBursts) break;
      r.sim.admin.setFaults({ rateLimitBurst: 5 });
      bursts++;
    }
  })();
  const employees = bookableEmployees(r.sim).slice(0, TIME_OFF_REQUESTS);
  let summary: SyncSummary | undefined;
  let results: TimeOffStatus[];
  let inputs: TimeOffRequestInput[];
  try {
    const chaotic = await r.connect('Acme (chaos)');
    summary = await within('the sync under faults', waitForSync(chaotic.sync.handle), 300_000);
    inputs = employees.map((e) => ({
      connectionId: chaotic.connection.id,
      employee: e.email!,
      policyType: 'Holiday',
      startDate: '2027-11-08',
      endDate: '2027-11-10',
      idempotencyKey: `chaos-${randomUUID()}`,
    }));
    results = await within(
      'time-off requests under faults',
      Promise.all(inputs.map((input) => createTimeOffRequest(suite.client, input, { taskQueue: r.config.temporal.taskQueue, wait: true }))),
      300_000,
    );
  } finally {
    stopBursts = true;
    await burster;
  }
  const stats = r.sim.stats();
  r.sim.admin.setFaults({ errorRate: 0, latencyMs: 0, latencyJitterMs: 0, rateLimitBurst: 0 });

  assert.equal(summary.status, 'succeeded');
  const faultedEmployees = await snapshotEmployees(suite.database.db, summary.connectionId);
  assert.equal(faultedEmployees.length, EMPLOYEES);
  assert.deepEqual(faultedEmployees, await snapshotEmployees(suite.database.db, clean.connection.id));
  assert.deepEqual(await snapshotGroups(suite.database.db, summary.connectionId), await snapshotGroups(suite.database.db, clean.connection.id));
  const runs = await syncRunsOf(suite.database.db, summary.connectionId);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.employees_changed, EMPLOYEES, 'no page counted twice');

  for (const [i, employee] of employees.entries()) {
    assert.equal(results[i]!.status, 'confirmed', employee.email!);
    const inHiBob = r.sim.admin.timeOffRequests().filter((q) => q.employeeId === employee.id);
    assert.equal(inHiBob.length, 1, `exactly one request for ${employee.email}`);
    assert.equal(String(inHiBob[0]!.requestId), results[i]!.hibobRequestId);
    assert.notEqual(inHiBob[0]!.status, 'canceled');
    const row = await suite.database.db.selectFrom('hibob_time_off_requests').selectAll().where('idempotency_key', '=', inputs[i]!.idempotencyKey).executeTakeFirstOrThrow();
    assert.equal(row.status, 'confirmed');
  }

  assert.ok(stats.injectedErrors > 0 && stats.rateLimited > 0, `the faults fired: ${JSON.stringify(stats)}`);
  const retries = retryStats(await historiesOf(suite.client, r.config.temporal.taskQueue));
  assert.ok(retries.retries > 0);
  assert.deepEqual(r.worker.unexpectedExits(), []);
  t.diagnostic(
    `${stats.total} HiBob requests, ${stats.injectedErrors} 5xx, ${stats.rateLimited} 429s (${bursts} bursts of 5); ` +
      `${retries.retries} activity retries ${JSON.stringify(retries.byActivity)}; ${Date.now() - began} ms in all`,
  );
});

test('no workflow history, worker output or stored token holds a secret', async (t) => {
  const read = await assertNoSecretsLeaked({ client: suite.client, rigs: suite.rigs, db: suite.database.db });
  t.diagnostic(`${read.histories} histories, ${read.logBytes} bytes of output, ${read.storedTokens} stored tokens: clean`);
});
