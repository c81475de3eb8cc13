/**
 * Bundles the workflow code in a short-lived child process. Bundling (webpack) in the
 * worker itself would keep ~100 MB of bundler memory resident for the worker's lifetime.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function bundleWorkflowsInChildProcess(): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'hibob-workflows-')), 'workflow-bundle.js');
  await execFileAsync(process.execPath, ['--import', 'tsx', __filename, out], { maxBuffer: 16 * 1024 * 1024, timeout: 180_000 });
  return out;
}

/** Bundles the workflow code into `out` (the worker's child process, the test stack and the bench use it). */
export async function bundleWorkflowsTo(out: string): Promise<void> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const silent = () => {};
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: { trace: silent, debug: silent, info: silent, warn: silent, error: console.error, log: silent },
  });
  writeFileSync(out, code);
}

if (require.main === module) {
  bundleWorkflowsTo(process.argv[2]!).catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exitCode = 1;
  });
}
