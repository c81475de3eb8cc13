/** What activities need from the outside world, given once when the worker starts. */
import type { Client } from '@temporalio/client';
import type { ConnectorConfig } from '../../temporal.config';
import type { ConnectorDb } from '../db/database';
import type { Logger } from '../observability/logger';
import type { ConnectorMetrics } from '../observability/metrics';

export interface ActivityDeps {
  config: ConnectorConfig;
  db: ConnectorDb;
  logger: Logger;
  metrics: ConnectorMetrics;
  taskQueue: string;
  /** For activities that act on Temporal itself (pausing a schedule after an auth failure). */
  temporal?: Client;
}
