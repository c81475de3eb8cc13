/**
 * The one way to open the connector's PostgreSQL database, and to bring its schema up to
 * date with Kysely's Migrator (versioned, forward-only).
 */
import { Kysely, Migrator, PostgresDialect, type MigrationResult } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations';
import type { Database } from './schema';

// `date` columns (hire dates, time-off days) are calendar days: keep them as YYYY-MM-DD
// strings instead of letting pg turn them into midnight in the local time zone.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value) => value);

export type ConnectorDb = Kysely<Database>;

export interface OpenDatabaseOptions {
  /** Pool size; the worker runs several activities at once. */
  maxConnections?: number;
  applicationName?: string;
}

export function openDatabase(databaseUrl: string, options: OpenDatabaseOptions = {}): ConnectorDb {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'hibob-connector',
    // Errors on idle clients (a restarted server) must not crash the worker; the pool drops them.
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(db: Kysely<unknown> | ConnectorDb): Promise<string[]> {
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'hibob_connector_migrations',
    migrationLockTableName: 'hibob_connector_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r: MigrationResult) => r.status === 'Error');
  if (error || failed) {
    throw new MigrationError(
      `Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Creates the database named in `databaseUrl` when it does not exist (needs CREATEDB). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!name) return false;
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await admin.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await admin.end();
  }
}
