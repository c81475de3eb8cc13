/**
 * The `hibob` binary as people and machines use it: help everywhere, `--json` everywhere,
 * exit codes 0 / 1 / 2, errors as cause and fix, bad input rejected with nothing written.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { SERVICE_USER, startTestConnector, type TestConnector } from './support/connector';
import { TEST_ENCRYPTION_KEY } from './support/harness';

const run = promisify(execFile);
const BIN = join(__dirname, '..', 'bin', 'hibob.cjs');

let t: TestConnector;
let env: Record<string, string>;

before(async () => {
  t = await startTestConnector();
  env = {
    ...(process.env as Record<string, string>),
    TEMPORAL_ADDRESS: t.ctx.config.temporal.address,
    TEMPORAL_TASK_QUEUE: t.ctx.config.temporal.taskQueue,
    DATABASE_URL: t.database.url,
    CONNECTOR_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    HIBOB_BASE_URL: t.sim.baseUrl,
    LOG_LEVEL: 'warn',
  };
  delete env.HIBOB_TOKEN;
});
after(async () => {
  await t?.stop();
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function hibob(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const json = (result: CliResult) => JSON.parse(result.stdout) as Record<string, unknown> & { ok: boolean };

describe('help and bad input', () => {
  test('every command has --help', async () => {
    const top = await hibob('--help');
    assert.equal(top.code, 0);
    const commands = ['connect', 'reconnect', 'connections', 'sync', 'runs', 'status', 'schedule', 'employees', 'worker', 'dev', 'simulator', 'migrate', 'setup'];
    for (const command of commands) assert.match(top.stdout, new RegExp(`\\b${command}\\b`));
    for (const command of [...commands.map((c) => [c]), ['timeoff', 'create'], ['timeoff', 'status']]) {
      const help = await hibob(...command, '--help');
      assert.equal(help.code, 0, command.join(' '));
      assert.match(help.stdout, /Usage: hibob/);
    }
  });

  test('bad input exits 2 with a clear message and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['connect', '--service-user-id', SERVICE_USER.id, '--token', ` ${SERVICE_USER.token}`], /service user token starts or ends with whitespace/],
      [['connect', '--service-user-id', SERVICE_USER.id, '--token', SERVICE_USER.token, '--every', '10x'], /every/],
      [['sync', "'; drop table hibob_connections; --"], /connection id/],
      [['runs', '--limit', 'lots'], /Invalid input/],
      [['schedule', '00000000-0000-4000-8000-000000000000', '--pause', '--resume'], /one of/],
      [['employees', 'not-a-uuid'], /connection id/],
      [['timeoff', 'create', '--connection', '00000000-0000-4000-8000-000000000000', '--employee', 'ada@acme.test', '--policy-type', 'Holiday', '--start', '2027-07-03', '--end', '2027-07-01'], /endDate: must not be before startDate/],
      [['timeoff', 'create', '--connection', 'x'], /required option/],
      [['no-such-command'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const result = await hibob(...args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.ok(!result.stderr.includes(SERVICE_USER.token), 'the token is never echoed');
    }
    const rows = await t.database.db.selectFrom('hibob_connections').select('id').execute();
    assert.equal(rows.length, 0);
  });

  test('--json errors are one JSON object with the cause and fix', async () => {
    const result = await hibob('connect', '--service-user-id', SERVICE_USER.id, '--token', 'wrong-token', '--json');
    assert.equal(result.code, 1);
    const body = json(result);
    assert.equal(body.ok, false);
    const error = body.error as { message: string; fix: string };
    assert.match(error.message, /Authentication failed/);
    assert.match(error.fix, /regenerate the token in HiBob/);
  });
});

describe('a whole session through the CLI', () => {
  let connectionId: string;

  test('connect --wait --json connects and syncs', async () => {
    const result = await hibob('connect', '--service-user-id', SERVICE_USER.id, '--token', SERVICE_USER.token, '--name', 'Acme', '--group-lists', 'department,team', '--wait', '--json');
    assert.equal(result.code, 0, result.stderr);
    const body = json(result);
    connectionId = body.connectionId as string;
    assert.match(connectionId, /^[0-9a-f-]{36}$/);
    const summary = body.summary as { status: string; employeesSeen: number };
    assert.equal(summary.status, 'succeeded');
    assert.equal(summary.employeesSeen, t.sim.company.employees.length);
    assert.ok(!result.stdout.includes(SERVICE_USER.token));
  });

  test('connections, runs, sync, status and schedule answer in JSON', async () => {
    const connections = json(await hibob('connections', '--json'));
    assert.equal((connections.connections as { id: string }[])[0]!.id, connectionId);
    assert.ok(!JSON.stringify(connections).includes('token_ciphertext'));

    const sync = json(await hibob('sync', connectionId, '--wait', '--json'));
    assert.equal((sync.summary as { employeesChanged: number }).employeesChanged, 0);

    const runs = json(await hibob('runs', '--connection', connectionId, '--json'));
    assert.equal((runs.runs as unknown[]).length, 2);

    const status = json(await hibob('status', `hibob-sync/${connectionId}`, '--json'));
    assert.equal(status.status, 'COMPLETED');
    assert.equal(status.type, 'hibobSyncWorkflow');

    const paused = json(await hibob('schedule', connectionId, '--pause', '--json'));
    assert.equal((paused.schedule as { paused: boolean }).paused, true);
    const every = json(await hibob('schedule', connectionId, '--every', '30m', '--json'));
    assert.equal((every.schedule as { every: number }).every, 30 * 60_000);
  });

  test('employees search treats SQL metacharacters as text', async () => {
    const hostile = json(await hibob('employees', connectionId, '--search', "'; drop table hibob_employees; --", '--json'));
    assert.deepEqual(hostile.employees, []);
    const first = t.sim.company.employees.find((e) => e.lifecycleStatus === 'employed')!;
    const found = json(await hibob('employees', connectionId, '--search', first.surname, '--json'));
    assert.ok((found.employees as { hibob_id: string }[]).some((e) => e.hibob_id === first.id));
  });

  test('timeoff create and status', async () => {
    const employee = t.sim.company.employees.find((e) => e.lifecycleStatus === 'employed' && e.email)!;
    const created = json(
      await hibob('timeoff', 'create', '--connection', connectionId, '--employee', employee.email!, '--policy-type', 'Holiday', '--start', '2027-07-01', '--end', '2027-07-02', '--idempotency-key', 'cli-test-1', '--wait', '--json'),
    );
    assert.equal(created.status, 'confirmed');
    const again = json(await hibob('timeoff', 'status', 'hibob-timeoff/cli-test-1', '--json'));
    assert.equal(again.hibobRequestId, created.hibobRequestId);
    const unknownPolicy = await hibob('timeoff', 'create', '--connection', connectionId, '--employee', employee.email!, '--policy-type', 'Nap', '--start', '2027-08-01', '--end', '2027-08-01');
    assert.equal(unknownPolicy.code, 1);
    assert.match(unknownPolicy.stderr, /Unknown time-off policy type "Nap"/);
    assert.match(unknownPolicy.stderr, /Fix: Use one of: Holiday/);
  });
});
