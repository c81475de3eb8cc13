/**
 * `hibob dev` (`npm start`): the whole product on one machine with nothing installed or
 * configured. Starts, in one process tree: the Temporal dev server with its UI, an
 * embedded PostgreSQL, the HiBob simulator with a demo company, and the worker; then
 * connects, runs the first sync with a progress bar and creates the schedule. State is
 * kept under `.data/`, so a second start reuses it. Each part switches to a real one when
 * configured: TEMPORAL_ADDRESS, DATABASE_URL, HIBOB_SERVICE_USER_ID + HIBOB_TOKEN.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, type ConnectorConfig } from '../../../temporal.config';
import { connect, reconnect, type ConnectResult } from '../../client/connections';
import { ensureDatabaseExists, openDatabase } from '../../db/database';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { createLogger } from '../../observability/logger';
import { startSimulator } from '../../simulator';
import { connectClient } from '../../temporal/connection';
import { preferredPort, startDevServer } from '../../temporal/dev-server';
import { createConnectorWorker } from '../../worker';
import { action } from '../errors';
import { followSync, printSyncSummary } from '../sync-progress';

const optionsSchema = z.object({
  dataDir: z.string().min(1),
  employees: z.coerce.number().int().min(1).max(100_000),
  uiPort: z.coerce.number().int().min(1).max(65_535),
  fresh: z.boolean().default(false),
});

type Stop = () => Promise<void>;

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('Run everything locally on embedded defaults: Temporal + UI, PostgreSQL, a HiBob simulator, the worker; connect and sync')
    .option('--data-dir <dir>', 'where state is kept between runs', '.data')
    .option('--employees <n>', 'size of the simulated demo company', '250')
    .option('--ui-port <port>', 'Temporal UI port', '8233')
    .action(
      action(async (raw: Record<string, unknown>) => {
        const options = optionsSchema.parse(raw);
        const stops: Stop[] = [];
        const stopAll = async () => {
          for (const stop of stops.reverse()) await stop().catch(() => {});
        };
        try {
          await runDev(options, stops);
        } finally {
          await stopAll();
          console.error('Stopped.');
        }
      }),
    );
}

async function runDev(options: z.infer<typeof optionsSchema>, stops: Stop[]): Promise<void> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as its own user when we are root
  const env: Record<string, string | undefined> = { ...process.env };
  const say = (line: string) => console.error(line);

  // Temporal: the given server, or the dev server with its UI, state in .data/temporal.db.
  let uiUrl = process.env.TEMPORAL_UI_URL;
  if (!env.TEMPORAL_ADDRESS) {
    say('Starting the Temporal dev server (first run builds the Temporal CLI: a few minutes)...');
    const server = await startDevServer({
      ui: true,
      uiPort: await preferredPort(options.uiPort),
      port: await preferredPort(7233),
      dbFilename: join(dataDir, 'temporal.db'),
    });
    stops.push(server.stop);
    env.TEMPORAL_ADDRESS = server.address;
    uiUrl = server.uiUrl;
  }

  // PostgreSQL: the given server, or the embedded engine with its data in .data/postgres.
  if (!env.DATABASE_URL) {
    say('Starting the embedded PostgreSQL...');
    const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: await preferredPort(54329) });
    stops.push(pg.stop);
    env.DATABASE_URL = pg.urlFor('hibob_connector');
  }
  await ensureDatabaseExists(env.DATABASE_URL);

  env.CONNECTOR_ENCRYPTION_KEY ??= localEncryptionKey(dataDir);

  // HiBob: the real API when credentials are configured, else the simulator's demo company.
  let credentials: { serviceUserId: string; token: string; baseUrl: string };
  if (env.HIBOB_SERVICE_USER_ID && env.HIBOB_TOKEN) {
    credentials = { serviceUserId: env.HIBOB_SERVICE_USER_ID, token: env.HIBOB_TOKEN, baseUrl: env.HIBOB_BASE_URL ?? 'https://api.hibob.com/v1' };
    say(`Using the real HiBob API at ${credentials.baseUrl}.`);
  } else {
    const demoUser = demoServiceUser(dataDir);
    const sim = await startSimulator({ port: await preferredPort(7480), employees: options.employees, seed: 2026, serviceUsers: [demoUser] });
    stops.push(() => sim.close());
    credentials = { serviceUserId: demoUser.id, token: demoUser.token, baseUrl: sim.baseUrl };
    say(`HiBob simulator with a demo company of ${options.employees} employees at ${sim.baseUrl}`);
  }

  const config = loadConfig(env);
  const worker = await createConnectorWorker({ config, logger: createLogger({ level: env.LOG_LEVEL ?? 'warn' }) });
  const running = worker.run();
  takeOverShutdownSignals(() => worker.worker.shutdown());
  stops.push(async () => {
    if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
    await running;
  });

  const temporal = await connectClient(config.temporal);
  stops.push(() => temporal.connection.close());
  const result = await connectOrReuse(config, temporal, credentials);
  console.log(`\nConnection "${result.connection.name}" (${result.connection.id}), synced every ${result.connection.syncInterval}.`);
  printSyncSummary(await followSync(result.sync.handle));
  const envFile = writeDevEnv(dataDir, env);
  printNextSteps(result, uiUrl, envFile);
  say('\nThe worker is running; Ctrl-C stops everything (state is kept in .data/).');
  await running;
}

/**
 * Ctrl-C must stop the parts in order (worker, simulator, PostgreSQL, Temporal) and wait for
 * each. The embedded PostgreSQL package installs an exit hook that calls process.exit on
 * SIGINT, which would cut that short, so this command takes the signals over: the first
 * one shuts the worker down, and `runDev`'s caller then stops the rest.
 */
function takeOverShutdownSignals(shutdown: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the worker, the simulator, PostgreSQL and Temporal...`);
      shutdown();
    });
  }
}

/** First start: connect. Later starts: the stored connection, reconnected (verified, synced). */
async function connectOrReuse(
  config: ConnectorConfig,
  temporal: Client,
  credentials: { serviceUserId: string; token: string; baseUrl: string },
): Promise<ConnectResult> {
  const db = openDatabase(config.databaseUrl, { maxConnections: 2 });
  try {
    const ctx = { db, temporal, config };
    const existing = await db
      .selectFrom('hibob_connections')
      .selectAll()
      .where('service_user_id', '=', credentials.serviceUserId)
      .orderBy('created_at')
      .executeTakeFirst();
    if (!existing) {
      return await connect(ctx, { ...credentials, name: 'Demo company', groupLists: ['department', 'team'], every: '1h' });
    }
    if (existing.base_url !== credentials.baseUrl) {
      await db.updateTable('hibob_connections').set({ base_url: credentials.baseUrl }).where('id', '=', existing.id).execute();
    }
    return await reconnect(ctx, { connectionId: existing.id, token: credentials.token });
  } finally {
    await db.destroy();
  }
}

function printNextSteps(result: ConnectResult, uiUrl: string | undefined, envFile: string): void {
  const id = result.connection.id;
  console.log(`
Temporal UI:  ${uiUrl ?? '(your Temporal server)'}${uiUrl ? `/namespaces/default/workflows` : ''}

Try, in another terminal (first: set -a && . ${envFile} && set +a):
  npm run -s hibob -- employees ${id} --search ada
  npm run -s hibob -- runs
  npm run -s hibob -- sync ${id} --wait
  npm run -s hibob -- timeoff create --connection ${id} --employee <email from the list> --policy-type Holiday --start 2027-07-01 --end 2027-07-03 --wait
  npm run -s hibob -- schedule ${id} --every 30m`);
}

/** The settings other `hibob` commands need to reach this dev stack (0600: it holds the local key). */
function writeDevEnv(dataDir: string, env: Record<string, string | undefined>): string {
  const path = join(dataDir, 'dev.env');
  const keys = ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'CONNECTOR_ENCRYPTION_KEY', 'TEMPORAL_TASK_QUEUE'] as const;
  writeFileSync(path, keys.filter((k) => env[k]).map((k) => `${k}=${env[k]}`).join('\n') + '\n', { mode: 0o600 });
  return path;
}

/** A key generated once and kept (0600) under .data/, so a second start decrypts what the first stored. */
function localEncryptionKey(dataDir: string): string {
  const path = join(dataDir, 'encryption.key');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

/** The simulator's demo service user: stable across starts, since the stored connection uses it. */
function demoServiceUser(dataDir: string): { id: string; token: string } {
  const path = join(dataDir, 'demo-service-user.json');
  if (!existsSync(path)) {
    writeFileSync(path, JSON.stringify({ id: 'SERVICE-USER-DEMO', token: `demo_${randomBytes(18).toString('base64url')}` }), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(path, 'utf8')) as { id: string; token: string };
}
