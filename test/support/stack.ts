/**
 * The real stack the tests run against: a Temporal dev server (the Temporal CLI), a
 * PostgreSQL server (system one from DATABASE_URL, else an embedded one) and the
 * workflow code bundled once. `test/run.ts` starts it once per test run and passes it to
 * every test file through the environment; a test file run on its own starts its own.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { findFreePort, startDevServer } from '../../src/temporal/dev-server';
import { bundleWorkflowsTo } from '../../src/worker/bundle';

export const STACK_ENV = {
  temporalAddress: 'HIBOB_TEST_TEMPORAL_ADDRESS',
  pgAdminUrl: 'HIBOB_TEST_PG_ADMIN_URL',
  workflowBundle: 'HIBOB_TEST_WORKFLOW_BUNDLE',
} as const;

export interface TestStack {
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestStack(log: (line: string) => void = () => {}): Promise<TestStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'hibob-test-stack-'));
  // The embedded engine runs as its own system user when we are root: it must reach its data dir.
  chmodSync(workDir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const [temporal, pgAdminUrl, bundlePath] = await Promise.all([
      startDevServer({}).then((server) => {
        stops.push(server.stop);
        log(`Temporal dev server at ${server.address}`);
        return server;
      }),
      startPostgres(workDir, stops, log),
      bundleWorkflows(workDir),
    ]);
    return {
      env: {
        [STACK_ENV.temporalAddress]: temporal.address,
        [STACK_ENV.pgAdminUrl]: pgAdminUrl,
        [STACK_ENV.workflowBundle]: bundlePath,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** DATABASE_URL (or TEST_DATABASE_URL) names a server whose role may create databases; else embedded. */
async function startPostgres(workDir: string, stops: (() => Promise<void>)[], log: (line: string) => void): Promise<string> {
  const given = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (given) {
    log(`PostgreSQL from ${given.startsWith('postgres') ? 'TEST_DATABASE_URL/DATABASE_URL' : '?'}`);
    return given;
  }
  const engine = await startEmbeddedPostgres({ dataDir: join(workDir, 'pg'), port: await findFreePort(), persistent: false });
  stops.push(engine.stop);
  log('PostgreSQL: embedded engine (no DATABASE_URL given)');
  return engine.adminUrl;
}

async function bundleWorkflows(workDir: string): Promise<string> {
  const path = join(workDir, 'workflow-bundle.js');
  await bundleWorkflowsTo(path);
  return path;
}

/**
 * The stack's settings, from the environment `test/run.ts` gives every test file. A file
 * run bare (`node --test`) would have to own servers that outlive its hooks, so it is told
 * how to run instead.
 */
export async function stackEnv(): Promise<Record<string, string>> {
  if (process.env[STACK_ENV.temporalAddress] && process.env[STACK_ENV.pgAdminUrl]) {
    return Object.fromEntries(Object.values(STACK_ENV).flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
  }
  throw new Error('Run test files through the stack runner, which starts Temporal and PostgreSQL: `node --import tsx test/run.ts <file-filter>` (or `npm run test:only`).');
}
