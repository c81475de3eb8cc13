/**
 * `npm start` (`hibob dev`) on embedded defaults, as a newcomer runs it: nothing configured,
 * it brings up Temporal with its UI, an embedded PostgreSQL, the simulator and the worker,
 * connects and syncs; Ctrl-C stops it all; a second start reuses the state.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dataDir = mkdtempSync(join(tmpdir(), 'hibob-dev-test-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface DevRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** Starts `hibob dev`, waits until it says the worker is running, then sends SIGINT (Ctrl-C). */
async function runDevUntilReady(): Promise<DevRun> {
  const env = { ...process.env, LOG_LEVEL: 'warn' } as Record<string, string>;
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'HIBOB_SERVICE_USER_ID', 'HIBOB_TOKEN', 'CONNECTOR_ENCRYPTION_KEY']) delete env[name];
  const child = spawn(process.execPath, [join(__dirname, '..', 'bin', 'hibob.cjs'), 'dev', '--data-dir', dataDir, '--employees', '40'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: DevRun = { stdout: '', stderr: '', exitCode: null };
  child.stdout.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (run.stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => ((run.exitCode = code ?? (signal ? 128 : null)), resolve())));
  const deadline = Date.now() + 240_000;
  while (!run.stderr.includes('The worker is running') && Date.now() < deadline && run.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(run.stderr.includes('The worker is running'), `dev became ready:\n${run.stderr}\n${run.stdout}`);
  child.kill('SIGINT');
  const stopDeadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(stopDeadline);
  return run;
}

function processesUsing(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && !line.includes('ps -eo'));
}

test('hibob dev starts everything, connects and syncs; Ctrl-C stops it; a second start reuses the state', async () => {
  const first = await runDevUntilReady();
  assert.match(first.stdout, /Connection "Demo company" \([0-9a-f-]{36}\)/);
  assert.match(first.stdout, /Status\s+succeeded/);
  assert.match(first.stdout, /Employees\s+40 seen, 40 changed/);
  assert.match(first.stdout, /Temporal UI:\s+http:\/\/127\.0\.0\.1:\d+\/namespaces\/default\/workflows/);
  assert.match(first.stdout, /hibob -- timeoff create --connection/);
  assert.deepEqual(processesUsing(dataDir), [], 'nothing left running after Ctrl-C');

  const second = await runDevUntilReady();
  const id = /Connection "Demo company" \(([0-9a-f-]{36})\)/.exec(first.stdout)![1];
  assert.ok(second.stdout.includes(id!), 'the same connection, from the kept state');
  assert.match(second.stdout, /Employees\s+40 seen, 0 changed/, 'the kept database already holds the company');
  assert.deepEqual(processesUsing(dataDir), []);
});
