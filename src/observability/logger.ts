/**
 * Structured JSON logs (pino). Every secret-bearing field name is redacted, so a token or
 * an Authorization header passed by mistake prints as [Redacted], never in clear.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'encryptionKey',
  '*.encryptionKey',
  'CONNECTOR_ENCRYPTION_KEY',
  'HIBOB_TOKEN',
];

export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'hibob-connector',
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
      base: undefined,
      // The Temporal SDK logs failures under `error`: serialize them like `err` (message, type, stack).
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
