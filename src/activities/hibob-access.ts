/**
 * Opens a HiBob client for a stored connection: decrypts its token, wires metrics, and
 * keeps the activity alive (heartbeats) and cancellable while it waits on HiBob's limits.
 */
import { Context } from '@temporalio/activity';
import { getConnection } from '../db/connections';
import type { ConnectionRow } from '../db/schema';
import { HiBobClient } from '../hibob';
import { TokenCipher } from '../security/token-cipher';
import { FailureType } from '../shared/failure-types';
import type { ActivityDeps } from './deps';
import { connectorFailure } from './failures';

export interface ConnectionAccess {
  connection: ConnectionRow;
  hibob: HiBobClient;
}

export function tokenCipherFrom(deps: Pick<ActivityDeps, 'config'>): TokenCipher {
  if (!deps.config.encryptionKey) {
    throw connectorFailure(FailureType.ConnectionNotActive, 'CONNECTOR_ENCRYPTION_KEY is not set on this worker.', {
      cause: 'The worker cannot decrypt stored HiBob tokens without the key they were encrypted with.',
      fix: 'Set CONNECTOR_ENCRYPTION_KEY on the worker to the key used when the connection was made, and restart it.',
    });
  }
  return new TokenCipher(deps.config.encryptionKey);
}

/** Page activities of one sync follow each other closely: a few seconds of reuse saves a query and a decryption each. */
const CONNECTION_CACHE_MS = 5_000;

export function createHiBobAccess(deps: ActivityDeps) {
  const cipher = () => tokenCipherFrom(deps);
  const cache = new Map<string, { connection: ConnectionRow; token: string; until: number }>();

  async function loadConnection(connectionId: string): Promise<{ connection: ConnectionRow; token: string }> {
    const cached = cache.get(connectionId);
    if (cached && cached.until > Date.now()) return cached;
    const connection = await getConnection(deps.db, connectionId).catch((error: Error) => {
      throw connectorFailure(FailureType.ConnectionNotFound, error.message, {
        cause: 'The connection was deleted, or the id is wrong.',
        fix: 'List the connections with `hibob connections` and use one of their ids.',
      });
    });
    const entry = { connection, token: cipher().decrypt(connection.token_ciphertext, connection.service_user_id), until: Date.now() + CONNECTION_CACHE_MS };
    cache.set(connectionId, entry);
    return entry;
  }

  return async function openConnection(connectionId: string, options: { requireActive?: boolean } = {}): Promise<ConnectionAccess> {
    const { connection, token } = await loadConnection(connectionId);
    if (options.requireActive !== false && connection.status === 'disabled') {
      throw connectorFailure(FailureType.ConnectionNotActive, `HiBob connection "${connection.name}" is disabled.`, {
        cause: 'An operator disabled this connection.',
        fix: 'Run `hibob reconnect CONNECTION` to verify and enable it again.',
      });
    }
    const context = activityContext();
    const hibob = new HiBobClient({
      baseUrl: connection.base_url,
      credentials: { serviceUserId: connection.service_user_id, token },
      timeoutMs: deps.config.hibob.httpTimeoutMs,
      signal: context?.cancellationSignal,
      hooks: {
        onResponse: ({ endpoint, status, durationMs }) => {
          // A refused token must not be reused from the cache: the next activity reloads it (after a reconnect, say).
          if (status === 401) cache.delete(connectionId);
          deps.metrics.hibobRequests.inc({ endpoint, status: String(status) });
          deps.metrics.hibobRequestSeconds.observe({ endpoint }, durationMs / 1000);
          if (status === 429) deps.metrics.rateLimited.inc();
        },
        onRateLimitWait: (ms) => {
          deps.metrics.rateLimitWaitSeconds.inc(ms / 1000);
          context?.heartbeat({ waitingForRateLimitMs: ms });
        },
      },
    });
    return { connection, hibob };
  };
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (the CLI's connect check)
  }
}
