/**
 * The sync keeps its history small: no employee data in any payload, and continue-as-new
 * when the server suggests it, with the next run picking up at the next page. The server
 * here suggests it after 40 events (the default is 4,096) so a small company exercises it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { connect } from '../src/client/connections';
import { waitForSync } from '../src/client/sync';
import { startSimulator, type RunningSimulator } from '../src/simulator';
import { startDevServer, type RunningDevServer } from '../src/temporal/dev-server';
import { SERVICE_USER } from './support/connector';
import { createTestDatabase, startTestWorker, testConfig, type TestDatabase, type TestWorker } from './support/harness';

let server: RunningDevServer;
let sim: RunningSimulator;
let database: TestDatabase;
let worker: TestWorker;

before(async () => {
  server = await startDevServer({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 } });
  sim = await startSimulator({ employees: 200, seed: 11, serviceUsers: [SERVICE_USER], rateLimits: { peopleSearch: 1000 } });
  database = await createTestDatabase();
  worker = await startTestWorker(
    await testConfig(database.url, { TEMPORAL_ADDRESS: server.address, HIBOB_BASE_URL: sim.baseUrl, SYNC_PAGE_SIZE: '10' }),
  );
});
after(async () => {
  await worker?.stop();
  await database?.drop();
  await sim?.close();
  await server?.stop();
});

test('a long sync continues as new and still ends with every employee, counted once', async () => {
  const result = await connect(
    { db: database.db, temporal: worker.client, config: worker.config },
    { serviceUserId: SERVICE_USER.id, token: SERVICE_USER.token, baseUrl: sim.baseUrl },
  );
  const summary = await waitForSync(result.sync.handle);
  assert.equal(summary.status, 'succeeded');
  assert.equal(summary.employeesSeen, 200);
  assert.equal(summary.employeesChanged, 200);

  const stored = await database.db.selectFrom('hibob_employees').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(stored.n), 200);
  const runs = await database.db.selectFrom('hibob_sync_runs').selectAll().execute();
  assert.equal(runs.length, 1, 'one sync run row across every continued run');
  assert.equal(runs[0]!.pages_done, 20);

  // Walk the chain of runs from the first: each ended in continue-as-new except the last.
  const workflowId = result.sync.workflowId;
  let runId: string | undefined = result.sync.runId;
  const eventsPerRun: number[] = [];
  while (runId) {
    const history: Awaited<ReturnType<ReturnType<typeof worker.client.workflow.getHandle>['fetchHistory']>> = await worker.client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events = history.events ?? [];
    eventsPerRun.push(events.length);
    const serialized = JSON.stringify(historyToJSON(history));
    for (const e of sim.company.employees.slice(0, 20)) {
      assert.ok(!serialized.includes(e.id), 'no employee id in the history');
      if (e.email) assert.ok(!serialized.includes(e.email), 'no employee email in the history');
    }
    assert.ok(!serialized.includes(SERVICE_USER.token), 'no token in the history');
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  assert.ok(eventsPerRun.length > 1, `continued as new (runs: ${eventsPerRun.join(', ')})`);
  assert.ok(eventsPerRun.every((n) => n < 80), `every run stays near the suggested 40 events: ${eventsPerRun.join(', ')}`);
});
