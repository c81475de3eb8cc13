/**
 * Connect and reconnect: check the service user's credentials against HiBob, store the
 * connection (token encrypted), then start the first sync and the periodic schedule.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { ConnectorConfig } from '../../temporal.config';
import { getConnection, insertConnection } from '../db/connections';
import type { ConnectorDb } from '../db/database';
import type { ConnectionRow } from '../db/schema';
import { HiBobClient, validateCredentials } from '../hibob';
import { TokenCipher } from '../security/token-cipher';
import { syncIntervalSchema } from '../shared/duration';
import { describeSyncSchedule, resumeSyncSchedule, startSync, upsertSyncSchedule, type StartedSync } from './sync';

export interface ConnectorContext {
  db: ConnectorDb;
  temporal: Client;
  config: ConnectorConfig;
}

const listNameSchema = z.string().trim().min(1).max(200).regex(/^[^,]+$/, 'list names cannot contain commas');

export const connectInputSchema = z.object({
  // Not trimmed: whitespace in credentials is reported (validateCredentials), never silently fixed.
  serviceUserId: z.string().min(1, 'is required').max(200),
  token: z.string().min(1, 'is required').max(2000),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  groupLists: z.array(listNameSchema).min(1).max(20).default(['department']),
  every: syncIntervalSchema.default('1h'),
});
export type ConnectInput = z.input<typeof connectInputSchema>;

export interface ConnectResult {
  connection: PublicConnection;
  scheduleId: string;
  sync: StartedSync;
}

/** A connection as shown to people and machines: never the token, not even encrypted. */
export interface PublicConnection {
  id: string;
  name: string;
  baseUrl: string;
  serviceUserId: string;
  status: ConnectionRow['status'];
  groupLists: string[];
  syncInterval: string;
  lastVerifiedAt: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
}

export function toPublicConnection(row: ConnectionRow): PublicConnection {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.base_url,
    serviceUserId: row.service_user_id,
    status: row.status,
    groupLists: row.group_lists,
    syncInterval: row.sync_interval,
    lastVerifiedAt: row.last_verified_at?.toISOString() ?? null,
    lastSyncAt: row.last_sync_at?.toISOString() ?? null,
    lastError: row.last_error,
  };
}

function cipherFor(config: ConnectorConfig): TokenCipher {
  if (!config.encryptionKey) {
    throw Object.assign(new Error('CONNECTOR_ENCRYPTION_KEY is not set: tokens cannot be stored encrypted.'), {
      fix: 'Set CONNECTOR_ENCRYPTION_KEY to 32 random bytes (openssl rand -base64 32) and keep it: workers need the same key.',
    });
  }
  return new TokenCipher(config.encryptionKey);
}

/** One cheap authenticated call; throws the client's typed 401 / 403 / network error. */
export async function verifyServiceUser(baseUrl: string, serviceUserId: string, token: string, config: ConnectorConfig): Promise<void> {
  validateCredentials({ serviceUserId, token });
  const hibob = new HiBobClient({ baseUrl, credentials: { serviceUserId, token }, timeoutMs: config.hibob.httpTimeoutMs });
  await hibob.verifyCredentials();
}

export async function connect(ctx: ConnectorContext, rawInput: ConnectInput): Promise<ConnectResult> {
  const input = connectInputSchema.parse(rawInput);
  const cipher = cipherFor(ctx.config);
  const baseUrl = input.baseUrl ?? ctx.config.hibob.defaultBaseUrl;
  await verifyServiceUser(baseUrl, input.serviceUserId, input.token, ctx.config);

  const row = await insertConnection(ctx.db, {
    name: input.name ?? `HiBob (${new URL(baseUrl).host})`,
    base_url: baseUrl,
    service_user_id: input.serviceUserId,
    token_ciphertext: cipher.encrypt(input.token, input.serviceUserId),
    status: 'active',
    group_lists: [...new Set(['department', ...input.groupLists])],
    sync_interval: input.every,
    updated_at: new Date(),
    last_verified_at: new Date(),
  });
  const taskQueue = ctx.config.temporal.taskQueue;
  const scheduleId = await upsertSyncSchedule(ctx.temporal, { connectionId: row.id, taskQueue, every: input.every, connectionName: row.name });
  const sync = await startSync(ctx.temporal, { connectionId: row.id, taskQueue, trigger: 'initial', connectionName: row.name });
  return { connection: toPublicConnection(row), scheduleId, sync };
}

export const reconnectInputSchema = z.object({
  connectionId: z.uuid('must be a connection id (a UUID)'),
  token: z.string().min(1).max(2000).optional(),
  serviceUserId: z.string().min(1).max(200).optional(),
});
export type ReconnectInput = z.input<typeof reconnectInputSchema>;

/** The setup page's "manual reconnect": verify again, store, resume the schedule, sync now. */
export async function reconnect(ctx: ConnectorContext, rawInput: ReconnectInput): Promise<ConnectResult> {
  const input = reconnectInputSchema.parse(rawInput);
  const cipher = cipherFor(ctx.config);
  const current = await getConnection(ctx.db, input.connectionId);
  const serviceUserId = input.serviceUserId ?? current.service_user_id;
  const token = input.token ?? cipher.decrypt(current.token_ciphertext, current.service_user_id);
  await verifyServiceUser(current.base_url, serviceUserId, token, ctx.config);

  const row = await ctx.db
    .updateTable('hibob_connections')
    .set({
      service_user_id: serviceUserId,
      token_ciphertext: cipher.encrypt(token, serviceUserId),
      status: 'active',
      last_error: null,
      last_verified_at: new Date(),
      updated_at: new Date(),
    })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();

  const taskQueue = ctx.config.temporal.taskQueue;
  const scheduleId = await upsertSyncSchedule(ctx.temporal, { connectionId: row.id, taskQueue, every: row.sync_interval, connectionName: row.name });
  const schedule = await describeSyncSchedule(ctx.temporal, row.id);
  if (schedule.paused) await resumeSyncSchedule(ctx.temporal, row.id, 'Resumed by reconnect: credentials verified.');
  const sync = await startSync(ctx.temporal, { connectionId: row.id, taskQueue, trigger: 'reconnect', connectionName: row.name });
  return { connection: toPublicConnection(row), scheduleId, sync };
}
