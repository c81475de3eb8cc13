/**
 * The real stack the benchmark runs on, started the way the tests start theirs: the
 * Temporal dev server (Temporal CLI), PostgreSQL (DATABASE_URL, else the embedded engine)
 * and the workflow code bundled once. Each measured run gets a fresh database.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleWorkflowsTo } from '../src/worker/bundle';
import pg from 'pg';
import { migrateToLatest, openDatabase, type ConnectorDb } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { provisionTemporalCli } from '../src/temporal/cli-provision';
import { findFreePort, startDevServer } from '../src/temporal/dev-server';
import { log } from './util';

export interface BenchDatabase {
  name: string;
  url: string;
  db: ConnectorDb;
  drop(): Promise<void>;
}

export interface BenchStack {
  temporalAddress: string;
  temporalCliPath: string;
  temporalCliVersion: string;
  postgresSource: 'DATABASE_URL' | 'embedded';
  postgresVersion: string;
  workflowBundlePath: string;
  createDatabase(label: string): Promise<BenchDatabase>;
  stop(): Promise<void>;
}

const execFileAsync = promisify(execFile);

export async function startBenchStack(): Promise<BenchStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'hibob-bench-'));
  chmodSync(workDir, 0o755); // the embedded engine runs as its own user when we are root
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const cli = await provisionTemporalCli({ log });
    const [temporal, postgres, workflowBundlePath, temporalCliVersion] = await Promise.all([
      startDevServer({ cliPath: cli.path }).then((server) => {
        stops.push(server.stop);
        log(`Temporal dev server at ${server.address}`);
        return server;
      }),
      startPostgres(workDir, stops),
      bundle(workDir),
      execFileAsync(cli.path, ['--version']).then(
        (r) => r.stdout.trim(),
        () => 'unknown',
      ),
    ]);
    const postgresVersion = await adminQuery(postgres.adminUrl, "select current_setting('server_version') as v").then((rows) => String(rows[0]?.v));
    let counter = 0;
    const createDatabase = async (label: string): Promise<BenchDatabase> => {
      const name = `hibob_bench_${process.pid}_${++counter}_${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}`.slice(0, 60);
      await adminQuery(postgres.adminUrl, `create database ${name}`);
      const url = withDatabase(postgres.adminUrl, name);
      const db = openDatabase(url, { maxConnections: 10, applicationName: 'hibob-bench' });
      await migrateToLatest(db);
      return {
        name,
        url,
        db,
        async drop() {
          await db.destroy();
          await adminQuery(postgres.adminUrl, `drop database if exists ${name} with (force)`);
        },
      };
    };
    return {
      temporalAddress: temporal.address,
      temporalCliPath: cli.path,
      temporalCliVersion,
      postgresSource: postgres.source,
      postgresVersion,
      workflowBundlePath,
      createDatabase,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startPostgres(
  workDir: string,
  stops: (() => Promise<unknown>)[],
): Promise<{ adminUrl: string; source: 'DATABASE_URL' | 'embedded' }> {
  const given = process.env.DATABASE_URL?.trim();
  if (given) {
    log('PostgreSQL: DATABASE_URL (its role creates one database per measured run)');
    return { adminUrl: given, source: 'DATABASE_URL' };
  }
  const engine = await startEmbeddedPostgres({ dataDir: join(workDir, 'pg'), port: await findFreePort(), persistent: false });
  stops.push(engine.stop);
  log('PostgreSQL: embedded engine (no DATABASE_URL given)');
  return { adminUrl: engine.adminUrl, source: 'embedded' };
}

async function bundle(workDir: string): Promise<string> {
  const path = join(workDir, 'workflow-bundle.js');
  await bundleWorkflowsTo(path);
  log('workflow code bundled');
  return path;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(adminUrl: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** Rows PostgreSQL counted as inserted or updated in hibob_employees (cumulative statistics). */
export async function employeeTableWrites(url: string): Promise<{ inserted: number; updated: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_stat_clear_snapshot()');
    const { rows } = await client.query(
      "select n_tup_ins::bigint as ins, n_tup_upd::bigint as upd from pg_stat_user_tables where relname = 'hibob_employees'",
    );
    return { inserted: Number(rows[0]?.ins ?? 0), updated: Number(rows[0]?.upd ?? 0) };
  } finally {
    await client.end();
  }
}

/**
 * Backends report their table statistics when idle, at most once a second: wait until two
 * reads a second apart agree (bounded), so a delta is not read before the worker's writes land.
 */
export async function settledEmployeeTableWrites(url: string, maxWaitMs = 15_000): Promise<{ inserted: number; updated: number }> {
  const deadline = Date.now() + maxWaitMs;
  let previous = await employeeTableWrites(url);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1200));
    const current = await employeeTableWrites(url);
    if ((current.inserted === previous.inserted && current.updated === previous.updated) || Date.now() > deadline) return current;
    previous = current;
  }
}

/** Cancels the queries running in one of the benchmark's own databases (a stopped sync's leftovers). */
export async function cancelActiveQueries(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "select pg_cancel_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'active'",
    );
    return rows.length;
  } finally {
    await client.end();
  }
}
