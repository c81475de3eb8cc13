/**
 * Proves the stack end to end: a worker on the real Temporal dev server runs a workflow
 * whose activity writes to and reads from the real PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connectorDiagnosticsWorkflow } from '../src/workflows';
import { createTestDatabase, startTestWorker, testConfig, type TestDatabase, type TestWorker } from './support/harness';

let database: TestDatabase;
let worker: TestWorker;

before(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker(await testConfig(database.url));
});

after(async () => {
  await worker?.stop();
  await database?.drop();
});

test('a workflow on the real dev server writes to and reads from the real PostgreSQL', async () => {
  const workflowId = `diagnostics-${Date.now()}`;
  const result = await worker.client.workflow.execute(connectorDiagnosticsWorkflow, {
    workflowId,
    taskQueue: worker.config.temporal.taskQueue,
  });
  assert.match(result.workerIdentity, new RegExp(`@${worker.config.temporal.taskQueue}$`));
  assert.match(result.postgresVersion, /^\d+/);

  const row = await database.db
    .selectFrom('hibob_worker_checkins')
    .selectAll()
    .where('worker_identity', '=', result.workerIdentity)
    .executeTakeFirstOrThrow();
  assert.equal(row.workflow_id, workflowId);
  assert.equal(row.task_queue, worker.config.temporal.taskQueue);

  const history = await worker.client.workflow.getHandle(workflowId).fetchHistory();
  const completed = history.events?.some((e) => e.activityTaskCompletedEventAttributes);
  assert.ok(completed, 'the activity ran on the worker and completed in the workflow history');
});
