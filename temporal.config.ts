/**
 * The connector's one configuration: every environment variable it reads, validated
 * with zod, plus the timeouts and retry policies of each kind of activity.
 *
 * This file is imported by workflow code (for `activityPolicies`), so it must stay pure:
 * no Node built-ins, no I/O at import time. `loadConfig` reads the environment only
 * when it is called, which workflow code never does.
 */
import { z } from 'zod';

export const DEFAULT_HIBOB_BASE_URL = 'https://api.hibob.com/v1';
export const SANDBOX_HIBOB_BASE_URL = 'https://api.sandbox.hibob.com/v1';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalNonEmpty = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** A 32-byte AES-256 key, given as 64 hex characters or as base64. */
const encryptionKey = z
  .string()
  .trim()
  .refine((value) => decodeEncryptionKey(value) !== undefined, {
    message: 'must be 32 bytes, written as 64 hex characters or as base64 (try: openssl rand -base64 32)',
  });

export function decodeEncryptionKey(value: string): Uint8Array | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) {
    return Uint8Array.from(value.match(/../g)!.map((pair) => parseInt(pair, 16)));
  }
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) {
    const bytes = Uint8Array.from(atob(value.length === 43 ? `${value}=` : value), (c) => c.charCodeAt(0));
    return bytes.length === 32 ? bytes : undefined;
  }
  return undefined;
}

export const envSchema = z.object({
  TEMPORAL_ADDRESS: z.string().trim().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('hibob-connector'),
  TEMPORAL_TLS: booleanFromEnv.default(false),
  TEMPORAL_TLS_CERT_PATH: optionalNonEmpty,
  TEMPORAL_TLS_KEY_PATH: optionalNonEmpty,
  TEMPORAL_API_KEY: optionalNonEmpty,
  TEMPORAL_CLI_PATH: optionalNonEmpty,
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/hibob_connector'),
  HIBOB_BASE_URL: z.string().trim().url().default(DEFAULT_HIBOB_BASE_URL),
  HIBOB_SERVICE_USER_ID: optionalNonEmpty,
  HIBOB_TOKEN: optionalNonEmpty,
  HIBOB_HTTP_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
  /** How long a just-written time-off request may stay invisible to HiBob's reads (HiBob: up to ~20 s). */
  HIBOB_STALE_READ_WINDOW_MS: z.coerce.number().int().min(0).max(120_000).default(25_000),
  CONNECTOR_ENCRYPTION_KEY: encryptionKey.optional(),
  SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  SYNC_MASS_DROP_THRESHOLD: z.coerce.number().min(0).max(1).default(0.2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export type ConnectorEnv = z.infer<typeof envSchema>;

export interface ConnectorConfig {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls: boolean | { clientCertPath: string; clientKeyPath: string };
    apiKey?: string;
    cliPath?: string;
  };
  databaseUrl: string;
  hibob: {
    defaultBaseUrl: string;
    serviceUserId?: string;
    token?: string;
    httpTimeoutMs: number;
    staleReadWindowMs: number;
  };
  encryptionKey?: Uint8Array;
  sync: { pageSize: number; massDropThreshold: number };
  logLevel: ConnectorEnv['LOG_LEVEL'];
  metricsPort?: number;
}

/** Thrown when the environment is invalid; names every bad variable, never its value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n') +
        '\nFix the variables above (see the configuration table in README.md).',
    );
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ConnectorConfig {
  const parsed = envSchema.safeParse(pickKnown(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), message: issue.message })),
    );
  }
  const e = parsed.data;
  const problems: { variable: string; message: string }[] = [];
  if ((e.TEMPORAL_TLS_CERT_PATH === undefined) !== (e.TEMPORAL_TLS_KEY_PATH === undefined)) {
    problems.push({ variable: 'TEMPORAL_TLS_CERT_PATH', message: 'set together with TEMPORAL_TLS_KEY_PATH (mTLS needs both)' });
  }
  if ((e.HIBOB_SERVICE_USER_ID === undefined) !== (e.HIBOB_TOKEN === undefined)) {
    problems.push({ variable: 'HIBOB_TOKEN', message: 'set together with HIBOB_SERVICE_USER_ID (a service user is an ID and a token)' });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const mtls =
    e.TEMPORAL_TLS_CERT_PATH && e.TEMPORAL_TLS_KEY_PATH
      ? { clientCertPath: e.TEMPORAL_TLS_CERT_PATH, clientKeyPath: e.TEMPORAL_TLS_KEY_PATH }
      : undefined;
  return {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      // An API key (Temporal Cloud) implies TLS.
      tls: mtls ?? (e.TEMPORAL_TLS || e.TEMPORAL_API_KEY !== undefined),
      apiKey: e.TEMPORAL_API_KEY,
      cliPath: e.TEMPORAL_CLI_PATH,
    },
    databaseUrl: e.DATABASE_URL,
    hibob: {
      defaultBaseUrl: e.HIBOB_BASE_URL,
      serviceUserId: e.HIBOB_SERVICE_USER_ID,
      token: e.HIBOB_TOKEN,
      httpTimeoutMs: e.HIBOB_HTTP_TIMEOUT_MS,
      staleReadWindowMs: e.HIBOB_STALE_READ_WINDOW_MS,
    },
    encryptionKey: e.CONNECTOR_ENCRYPTION_KEY ? decodeEncryptionKey(e.CONNECTOR_ENCRYPTION_KEY) : undefined,
    sync: { pageSize: e.SYNC_PAGE_SIZE, massDropThreshold: e.SYNC_MASS_DROP_THRESHOLD },
    logLevel: e.LOG_LEVEL,
    metricsPort: e.METRICS_PORT,
  };
}

function pickKnown(env: Record<string, string | undefined>): Record<string, string> {
  const known: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') known[key] = value;
  }
  return known;
}

/** The environment variables with their defaults, for the README table and the compose test. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as (keyof ConnectorEnv)[];

/**
 * Timeouts and retries per kind of activity. Workflows import these (pure data).
 * - hibobRead: one page of HiBob reads plus its upsert; 5xx and network errors retry
 *   with backoff, a 429 retries after the server's reset (via nextRetryDelay).
 * - hibobWrite: the time-off submit; it looks before it writes, so retrying is safe.
 * - database: local bookkeeping; fast, retried a lot.
 * - compensation: undoing a HiBob write; retried until done.
 * 401 and 403 are thrown non-retryable by the activities, whatever the policy says.
 */
export const activityPolicies = {
  hibobRead: {
    startToCloseTimeout: '2 minutes',
    // Activities heartbeat every 5 s: a dead worker's page is retried elsewhere within ~20 s.
    heartbeatTimeout: '20 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
  },
  hibobWrite: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: '20 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 8 },
  },
  database: {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 20 },
  },
  compensation: {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: '20 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  },
} as const;

/** Search attributes the connector sets on its runs; registered by the dev server and by setup. */
export const searchAttributeNames = {
  connectionId: 'HiBobConnectionId',
  syncTrigger: 'HiBobSyncTrigger',
  employeeId: 'HiBobEmployeeId',
  policyType: 'TimeOffPolicyType',
} as const;
