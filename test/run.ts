/**
 * `npm run test:only`: starts the real stack once (Temporal dev server, PostgreSQL, the
 * workflow bundle), then hands every test file to Node's own test runner, whose summary
 * CI reads. Exits with the runner's code.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startTestStack } from './support/stack';

function findTestFiles(root: string, suffix: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => relative(process.cwd(), join(root, file)))
    .sort();
}

async function main(): Promise<number> {
  const suffix = process.argv.includes('--faults') ? '.faults.ts' : '.test.ts';
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const files = findTestFiles(__dirname, suffix).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
  if (files.length === 0) {
    console.error('No test files found.');
    return 1;
  }
  const started = Date.now();
  const stack = await startTestStack((line) => console.error(`[stack] ${line}`));
  console.error(`[stack] ready in ${Date.now() - started} ms; running ${files.length} test file(s)`);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
      stdio: 'inherit',
      env: { ...process.env, ...stack.env },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
