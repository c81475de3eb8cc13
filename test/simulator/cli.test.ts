import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { test } from 'node:test';
import { basicAuth } from './helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'cli.ts');

function runCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', FIXTURE, 'simulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function firstLine(child: ChildProcess): Promise<string> {
  let buffered = '';
  for await (const chunk of child.stdout ?? []) {
    buffered += String(chunk);
    if (buffered.includes('\n')) return buffered.slice(0, buffered.indexOf('\n'));
  }
  throw new Error(`the CLI printed no line: ${buffered}`);
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

test('simulator --json prints its URLs and service user ids, serves, and stops on SIGTERM', async () => {
  const child = runCli(['--json', '--employees', '30', '--seed', '3', '--service-user', 'cli-user:cli:token', '--submit-returns-id']);
  try {
    const started = JSON.parse(await firstLine(child)) as { baseUrl: string; adminUrl: string; serviceUsers: string[] };
    assert.deepEqual(started.serviceUsers, ['cli-user']);
    assert.match(started.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    assert.match(started.adminUrl, /\/_admin$/);
    const answer = await fetch(`${started.baseUrl}/people/search`, {
      method: 'POST',
      headers: { authorization: basicAuth('cli-user', 'cli:token'), 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['root.id'], showInactive: true }),
    });
    assert.equal(answer.status, 200);
    assert.equal(((await answer.json()) as { employees: unknown[] }).employees.length, 30);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exitCode(child), 0);
});

test('bad simulator options exit with code 2 and a message', async () => {
  for (const args of [['--port', 'abc'], ['--employees', '0'], ['--service-user', 'no-token-here']]) {
    const child = runCli(args);
    let stderr = '';
    child.stderr?.on('data', (chunk) => { stderr += String(chunk); });
    assert.equal(await exitCode(child), 2, args.join(' '));
    assert.match(stderr, /invalid options/);
  }
});
