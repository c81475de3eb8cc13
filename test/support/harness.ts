/**
 * What an integration test needs: its own fresh database on the real PostgreSQL, a
 * client of the real Temporal dev server, and a worker on a task queue of its own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import { loadConfig, type ConnectorConfig } from '../../temporal.config';
import { migrateToLatest, openDatabase, type ConnectorDb } from '../../src/db/database';
import { createLogger } from '../../src/observability/logger';
import { createConnectorWorker, type ConnectorWorker } from '../../src/worker';
import { installTemporalRuntime } from '../../src/worker/runtime';
import { STACK_ENV, stackEnv } from './stack';

export const TEST_ENCRYPTION_KEY = randomBytes(32).toString('base64');

export interface TestDatabase {
  url: string;
  db: ConnectorDb;
  drop(): Promise<void>;
}

/** A new, migrated database for one test file; `drop` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const env = await stackEnv();
  const adminUrl = env[STACK_ENV.pgAdminUrl]!;
  const name = `hibob_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const db = openDatabase(url, { maxConnections: 5 });
  await migrateToLatest(db);
  return {
    url,
    db,
    async drop() {
      await db.destroy();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The connector configuration a test runs with: the stack's servers, a task queue of its own. */
export async function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): Promise<ConnectorConfig> {
  const env = await stackEnv();
  return loadConfig({
    TEMPORAL_ADDRESS: env[STACK_ENV.temporalAddress],
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    DATABASE_URL: databaseUrl,
    CONNECTOR_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}

export interface TestWorker {
  config: ConnectorConfig;
  client: Client;
  worker: ConnectorWorker;
  stop(): Promise<void>;
}

/** Starts a worker on the dev server with the pre-built workflow bundle; `stop` shuts it and the client. */
export async function startTestWorker(config: ConnectorConfig): Promise<TestWorker> {
  const env = await stackEnv();
  const logger = createLogger({ level: 'warn' });
  installTemporalRuntime({ logger });
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createConnectorWorker({
    config,
    connection: nativeConnection,
    workflowBundlePath: env[STACK_ENV.workflowBundle],
    logger,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  return {
    config,
    client,
    worker,
    async stop() {
      if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}
