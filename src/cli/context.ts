/** What most commands need: the validated configuration, the database and a Temporal client. */
import { loadConfig, type ConnectorConfig } from '../../temporal.config';
import type { ConnectorContext } from '../client/connections';
import { migrateToLatest, openDatabase } from '../db/database';
import { connectClient } from '../temporal/connection';

export async function withContext<T>(fn: (ctx: ConnectorContext) => Promise<T>, options: { temporal?: boolean } = {}): Promise<T> {
  const config: ConnectorConfig = loadConfig();
  const db = openDatabase(config.databaseUrl, { maxConnections: 2, applicationName: 'hibob-cli' });
  try {
    await migrateToLatest(db);
    const temporal = options.temporal === false ? (undefined as never) : await connectClient(config.temporal);
    try {
      return await fn({ db, temporal, config });
    } finally {
      await temporal?.connection.close();
    }
  } finally {
    await db.destroy();
  }
}
