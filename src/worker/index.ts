/**
 * The connector's Temporal worker: registers the workflows and activities on the task
 * queue, with a database pool and metrics, and shuts down gracefully on SIGINT/SIGTERM.
 */
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { ConnectorConfig } from '../../temporal.config';
import { createActivities } from '../activities';
import { migrateToLatest, openDatabase, type ConnectorDb } from '../db/database';
import { createLogger, type Logger } from '../observability/logger';
import { createMetrics, type ConnectorMetrics } from '../observability/metrics';
import { connectClient, connectWorker } from '../temporal/connection';
import { startMetricsServer, type MetricsServer } from '../observability/metrics-server';
import { findFreePort } from '../temporal/dev-server';
import { bundleWorkflowsInChildProcess } from './bundle';
import { installTemporalRuntime } from './runtime';

export interface ConnectorWorkerOptions {
  config: ConnectorConfig;
  /** A connection to reuse (tests share one); opened from config otherwise. */
  connection?: NativeConnection;
  taskQueue?: string;
  logger?: Logger;
  metrics?: ConnectorMetrics;
  /** Pre-bundled workflow code (tests bundle once per run); bundled from source otherwise. */
  workflowBundlePath?: string;
  /** Extra Worker options (concurrency limits in benchmarks, for instance). */
  workerOptions?: Partial<WorkerOptions>;
}

export interface ConnectorWorker {
  worker: Worker;
  db: ConnectorDb;
  taskQueue: string;
  /** Runs until shutdown (a signal, or `worker.shutdown()`), then closes what it opened. */
  run(): Promise<void>;
}

export async function createConnectorWorker(options: ConnectorWorkerOptions): Promise<ConnectorWorker> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = options.metrics ?? createMetrics();
  const taskQueue = options.taskQueue ?? config.temporal.taskQueue;
  // Temporal's runtime metrics go to an internal port; METRICS_PORT serves them with ours.
  const temporalMetricsPort = config.metricsPort !== undefined ? await findFreePort() : undefined;
  installTemporalRuntime({ logger, temporalMetricsAddress: temporalMetricsPort ? `127.0.0.1:${temporalMetricsPort}` : undefined });
  const db = openDatabase(config.databaseUrl, { maxConnections: 20, applicationName: 'hibob-connector-worker' });
  const applied = await migrateToLatest(db);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');

  const ownConnection = options.connection === undefined;
  const connection = options.connection ?? (await connectWorker(config.temporal));
  const temporal = await connectClient(config.temporal);
  const ownBundle = options.workflowBundlePath === undefined;
  const workflowBundlePath = options.workflowBundlePath ?? (await bundleWorkflowsInChildProcess());
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    identity: `hibob-worker-${process.pid}@${hostname()}`,
    activities: createActivities({ config, db, logger, metrics, taskQueue, temporal }),
    workflowBundle: { codePath: workflowBundlePath },
    ...options.workerOptions,
  }).finally(() => {
    // Worker.create has read the bundle; a temporary one is not needed any more.
    if (ownBundle) rmSync(dirname(workflowBundlePath), { recursive: true, force: true });
  });

  return {
    worker,
    db,
    taskQueue,
    async run() {
      let metricsServer: MetricsServer | undefined;
      if (config.metricsPort !== undefined) {
        metricsServer = await startMetricsServer({
          port: config.metricsPort,
          registry: metrics.registry,
          temporalMetricsUrl: temporalMetricsPort ? `http://127.0.0.1:${temporalMetricsPort}/metrics` : undefined,
        });
        logger.info({ url: metricsServer.url }, 'metrics served');
      }
      logger.info({ taskQueue, namespace: config.temporal.namespace, address: config.temporal.address }, 'worker started');
      try {
        await worker.run();
      } finally {
        await metricsServer?.close();
        await db.destroy();
        await temporal.connection.close();
        if (ownConnection) await connection.close();
        logger.info({ taskQueue }, 'worker stopped');
      }
    },
  };
}
