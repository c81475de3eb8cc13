/**
 * Finds or builds the Temporal CLI, whose `server start-dev` is our real local Temporal
 * server. The SDK's own download cannot work on machines that reach only package
 * registries, so we try, in order: $TEMPORAL_CLI_PATH, `temporal` on PATH, a build cached
 * outside the checkout, `go install` into that cache, and last the SDK's download.
 *
 * Run directly (`npm run temporal:provision`) it prints where the CLI is.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** v1.5.1 is the newest tag whose go.mod has no `replace` directive; older ones are fallbacks. */
export const TEMPORAL_CLI_VERSIONS = ['v1.5.1', 'v1.5.0', 'v1.4.1'] as const;
const GO_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type TemporalCliSource = 'env' | 'path' | 'cache' | 'go-install' | 'sdk-download';
export interface TemporalCli {
  path: string;
  source: TemporalCliSource;
}

export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'hibob-connector', 'temporal-cli');
}

export interface ProvisionOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export async function provisionTemporalCli(options: ProvisionOptions = {}): Promise<TemporalCli> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const fromEnv = env.TEMPORAL_CLI_PATH?.trim();
  if (fromEnv) {
    if (!isExecutableFile(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH points at ${fromEnv}, which is not an executable file.`);
    return { path: fromEnv, source: 'env' };
  }
  const onPath = findOnPath('temporal', env.PATH ?? '');
  if (onPath) return { path: onPath, source: 'path' };

  const cacheDir = temporalCliCacheDir(env);
  for (const version of TEMPORAL_CLI_VERSIONS) {
    const cached = join(cacheDir, version, 'temporal');
    if (isExecutableFile(cached)) return { path: cached, source: 'cache' };
  }

  const goFailures: string[] = [];
  for (const version of TEMPORAL_CLI_VERSIONS) {
    const target = join(cacheDir, version);
    log(`Building the Temporal CLI ${version} with go install (takes a few minutes the first time)...`);
    try {
      mkdirSync(target, { recursive: true });
      await execFileAsync('go', ['install', `${GO_MODULE}@${version}`], {
        env: { ...env, GOBIN: target, CGO_ENABLED: env.CGO_ENABLED ?? '0' },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 20 * 60_000,
      });
      const built = join(target, 'temporal');
      if (isExecutableFile(built)) return { path: built, source: 'go-install' };
      goFailures.push(`${version}: go install succeeded but ${built} is missing`);
    } catch (error) {
      goFailures.push(`${version}: ${describeExecError(error)}`);
    }
  }

  log('go install failed; trying the Temporal SDK download as a last resort...');
  try {
    return { path: await downloadWithSdk(join(cacheDir, 'sdk-download')), source: 'sdk-download' };
  } catch (error) {
    throw new Error(
      'Could not find or build the Temporal CLI.\n' +
        goFailures.map((f) => `  - go install ${f}`).join('\n') +
        `\n  - SDK download: ${(error as Error).message}\n` +
        'Fix: install the Temporal CLI and set TEMPORAL_CLI_PATH, or put `temporal` on PATH.',
      { cause: error },
    );
  }
}

/** The SDK downloads the CLI when it starts a local server; we start one, stop it and keep the binary. */
async function downloadWithSdk(downloadDir: string): Promise<string> {
  mkdirSync(downloadDir, { recursive: true });
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'cached-download', downloadDir } },
  });
  await env.teardown();
  const binary = findFileNamed(downloadDir, 'temporal');
  if (!binary) throw new Error(`the SDK reported success but no binary is under ${downloadDir}`);
  return binary;
}

function findOnPath(name: string, pathVariable: string): string | undefined {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function findFileNamed(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findFileNamed(full, name);
      if (found) return found;
    } else if (entry.name.startsWith(name) && isExecutableFile(full)) {
      return full;
    }
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    const stats = statSync(path);
    return stats.isFile() && (stats.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

function describeExecError(error: unknown): string {
  const e = error as { code?: unknown; stderr?: string; message?: string };
  const stderr = (e.stderr ?? '').trim().split('\n').slice(-15).join('\n    ');
  return `exit ${String(e.code ?? '?')}${stderr ? `\n    ${stderr}` : ` ${e.message ?? ''}`}`;
}

if (require.main === module) {
  provisionTemporalCli({ log: (line) => console.error(line) })
    .then((cli) => {
      console.log(`Temporal CLI (${cli.source}): ${cli.path}`);
    })
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    });
}
