/**
 * The one place where HiBob errors become Temporal failures. Activities let HiBob errors
 * propagate and wrap their bodies in `withTemporalFailures`; this decides the failure
 * `type` operators read in the Temporal UI, whether Temporal may retry, and how long to
 * wait first (a rate-limit reset).
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ZodError } from 'zod';
import {
  CredentialsFormatError,
  HiBobAuthError,
  HiBobBadRequestError,
  HiBobFirewallBlockedError,
  HiBobNetworkError,
  HiBobNotFoundError,
  HiBobPermissionError,
  HiBobRateLimitError,
  HiBobServerError,
  HiBobUnexpectedResponseError,
  isHiBobError,
  type HiBobError,
} from '../hibob';
import { FailureType, type FailureDetails, type FailureTypeName } from '../shared/failure-types';

/** Builds a connector failure: message says cause and fix, details carry them apart. */
export function connectorFailure(
  type: FailureTypeName,
  message: string,
  details: FailureDetails,
  options: { retryable?: boolean; nextRetryDelayMs?: number } = {},
): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    details: [details],
    nonRetryable: !(options.retryable ?? false),
    nextRetryDelay: options.nextRetryDelayMs,
  });
}

function failureTypeOf(error: HiBobError): FailureTypeName {
  if (error instanceof HiBobAuthError) return FailureType.AuthFailed;
  if (error instanceof HiBobPermissionError) return FailureType.PermissionDenied;
  if (error instanceof HiBobFirewallBlockedError) return FailureType.FirewallBlocked;
  if (error instanceof HiBobBadRequestError) return FailureType.RequestRejected;
  if (error instanceof HiBobNotFoundError) return FailureType.NotFound;
  if (error instanceof HiBobRateLimitError) return FailureType.RateLimited;
  if (error instanceof HiBobServerError || error instanceof HiBobNetworkError) return FailureType.Unavailable;
  if (error instanceof HiBobUnexpectedResponseError) return FailureType.UnexpectedResponse;
  if (error instanceof CredentialsFormatError) return FailureType.InvalidCredentials;
  return FailureType.Unavailable;
}

/** Maps any error thrown inside an activity to what Temporal should see. */
export function toTemporalFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  if (isHiBobError(error)) {
    const json = error.toJSON();
    const details: FailureDetails = {
      cause: error.causeText,
      fix: error.fix,
      status: error.status,
      endpoint: error.endpoint,
      ...(json.capability ? { capability: String(json.capability) } : {}),
      ...(json.hibobKey ? { hibobKey: String(json.hibobKey) } : {}),
      ...(json.hibobMessage ? { hibobMessage: String(json.hibobMessage) } : {}),
    };
    const nextRetryDelayMs =
      error instanceof HiBobRateLimitError && error.retryAfterMs !== null ? Math.max(1000, error.retryAfterMs) : undefined;
    return connectorFailure(failureTypeOf(error), error.message, details, { retryable: error.retryable, nextRetryDelayMs });
  }
  if (error instanceof ZodError) {
    return connectorFailure(
      FailureType.InvalidWorkflowInput,
      `Invalid input: ${error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ')}`,
      { cause: 'The values given do not match what this action accepts.', fix: 'Correct the fields named above and start again.' },
    );
  }
  return error;
}

/** How often a running activity tells Temporal it is alive (its heartbeat timeout is a few times this). */
export const HEARTBEAT_EVERY_MS = 5_000;

/**
 * Runs an activity body: heartbeats while it works, so a worker that dies mid-activity is
 * noticed within the heartbeat timeout (not the whole start-to-close timeout), and
 * converts whatever it throws with `toTemporalFailure`. Every HiBob call has its own HTTP
 * timeout, so a body cannot hang while the heartbeat says all is well.
 */
export async function withTemporalFailures<T>(body: () => Promise<T>): Promise<T> {
  const context = currentContext();
  context?.heartbeat();
  const ticker = context ? setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS) : undefined;
  try {
    return await body();
  } catch (error) {
    throw toTemporalFailure(error);
  } finally {
    clearInterval(ticker);
  }
}

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
