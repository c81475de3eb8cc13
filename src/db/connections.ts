/** Reading and writing `hibob_connections`: the one place that touches that table. */
import type { ConnectorDb } from './database';
import type { ConnectionRow, ConnectionStatus, NewConnectionRow } from './schema';

export class ConnectionNotFoundError extends Error {
  override readonly name = 'ConnectionNotFoundError';
  readonly fix = 'List the connections with `hibob connections` and use one of their ids.';
  constructor(readonly connectionId: string) {
    super(`No HiBob connection with id ${connectionId}.`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findConnection(db: ConnectorDb, connectionId: string): Promise<ConnectionRow | undefined> {
  if (!UUID.test(connectionId)) return undefined;
  return db.selectFrom('hibob_connections').selectAll().where('id', '=', connectionId).executeTakeFirst();
}

export async function getConnection(db: ConnectorDb, connectionId: string): Promise<ConnectionRow> {
  const row = await findConnection(db, connectionId);
  if (!row) throw new ConnectionNotFoundError(connectionId);
  return row;
}

export async function insertConnection(db: ConnectorDb, values: NewConnectionRow): Promise<ConnectionRow> {
  return db.insertInto('hibob_connections').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listConnections(db: ConnectorDb): Promise<ConnectionRow[]> {
  return db.selectFrom('hibob_connections').selectAll().orderBy('created_at').execute();
}

export async function setConnectionStatus(
  db: ConnectorDb,
  connectionId: string,
  status: ConnectionStatus,
  lastError: string | null,
): Promise<void> {
  await db
    .updateTable('hibob_connections')
    .set({ status, last_error: lastError, updated_at: new Date() })
    .where('id', '=', connectionId)
    .execute();
}
