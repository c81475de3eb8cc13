/**
 * The worker as operators run it (`hibob worker`, a child process): Prometheus metrics
 * (ours and Temporal's runtime metrics on one endpoint) and structured JSON logs that carry
 * connection and workflow ids and never a secret.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { connect } from '../src/client/connections';
import { waitForSync } from '../src/client/sync';
import { startSimulator, type RunningSimulator } from '../src/simulator';
import { findFreePort } from '../src/temporal/dev-server';
import { SERVICE_USER } from './support/connector';
import { createTestDatabase, TEST_ENCRYPTION_KEY, testConfig, type TestDatabase } from './support/harness';

let sim: RunningSimulator;
let database: TestDatabase;
let worker: ChildProcess;
let client: Client;
let metricsUrl: string;
const logLines: string[] = [];
let config: Awaited<ReturnType<typeof testConfig>>;

before(async () => {
  sim = await startSimulator({ employees: 60, seed: 3, serviceUsers: [SERVICE_USER] });
  database = await createTestDatabase();
  config = await testConfig(database.url, { HIBOB_BASE_URL: sim.baseUrl, SYNC_PAGE_SIZE: '20' });
  const metricsPort = await findFreePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  worker = spawn(process.execPath, [join(__dirname, '..', 'bin', 'hibob.cjs'), 'worker'], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      DATABASE_URL: database.url,
      CONNECTOR_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [worker.stdout!, worker.stderr!]) {
    stream.setEncoding('utf8');
    let partial = '';
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      logLines.push(...lines.filter(Boolean));
    });
  }
  await waitFor(() => logLines.some((l) => l.includes('worker started')), 60_000, () => logLines.join('\n'));
  client = new Client({ connection: await Connection.connect({ address: config.temporal.address }) });
});

after(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await client?.connection.close();
  await database?.drop();
  await sim?.close();
});

async function waitFor(check: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; so far:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a sync run by the worker process is measured and logged', async () => {
  const result = await connect({ db: database.db, temporal: client, config }, { serviceUserId: SERVICE_USER.id, token: SERVICE_USER.token, baseUrl: sim.baseUrl });
  const summary = await waitForSync(result.sync.handle);
  assert.equal(summary.status, 'succeeded');

  const metrics = await (await fetch(metricsUrl)).text();
  assert.match(metrics, /^hibob_requests_total\{endpoint="POST \/people\/search",status="200"\} [1-9]/m);
  assert.match(metrics, /^hibob_employees_read_total [1-9]/m);
  assert.match(metrics, new RegExp(`^hibob_employees_written_total ${summary.employeesChanged}$`, 'm'));
  assert.match(metrics, /^hibob_rate_limited_total 0$/m);
  assert.match(metrics, /^hibob_connector_process_resident_memory_bytes /m, 'Node process metrics');
  assert.match(metrics, /^temporal_[a-z_]+/m, "Temporal's runtime metrics on the same endpoint");

  await waitFor(() => logLines.some((l) => l.includes('sync run finished')), 10_000, () => logLines.join('\n'));
  const finished = JSON.parse(logLines.find((l) => l.includes('sync run finished'))!) as Record<string, unknown>;
  assert.equal(finished.connectionId, result.connection.id);
  assert.equal(finished.workflowId, `hibob-sync/${result.connection.id}`);
  assert.equal(finished.status, 'succeeded');
  for (const line of logLines) {
    assert.doesNotThrow(() => JSON.parse(line), `every log line is JSON: ${line.slice(0, 200)}`);
    assert.ok(!line.includes(SERVICE_USER.token), 'no token in logs');
    assert.ok(!line.includes(TEST_ENCRYPTION_KEY), 'no encryption key in logs');
  }
});

test('SIGTERM shuts the worker down gracefully', async () => {
  const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
  worker.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(logLines.some((l) => l.includes('worker stopped')));
});
