/**
 * One error taxonomy for everything that can go wrong talking to HiBob.
 *
 * Every error says what happened, why (in the words of Ravenna's setup page where it has
 * them) and what to do, and whether retrying can help. None of them ever carries the
 * token, the Authorization header or an axios error (whose `config` holds both): the
 * client builds these from the status, headers and body only.
 */
import type { HiBobCapability } from './model';

export type HiBobErrorKind =
  | 'invalid_credentials'
  | 'auth_failed'
  | 'permission_denied'
  | 'firewall_blocked'
  | 'bad_request'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'network'
  | 'unexpected_response';

/** Used as `endpoint` by errors raised before any request is made. */
export const NO_ENDPOINT = '(no request)';

interface HiBobErrorInit {
  title: string;
  endpoint: string;
  causeText: string;
  fix: string;
  status?: number;
}

export abstract class HiBobError extends Error {
  abstract readonly kind: HiBobErrorKind;
  abstract readonly retryable: boolean;
  readonly title: string;
  readonly status?: number;
  /** The normalised endpoint, e.g. "POST /people/search" (ids replaced, so no personal data). */
  readonly endpoint: string;
  readonly causeText: string;
  readonly fix: string;

  protected constructor(init: HiBobErrorInit) {
    super(`${init.title}. Cause: ${init.causeText} Fix: ${init.fix}`);
    this.name = new.target.name;
    this.title = init.title;
    this.endpoint = init.endpoint;
    this.causeText = init.causeText;
    this.fix = init.fix;
    if (init.status !== undefined) this.status = init.status;
  }

  /** Subclass-specific fields for `toJSON`. */
  protected details(): Record<string, unknown> {
    return {};
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      status: this.status,
      endpoint: this.endpoint,
      title: this.title,
      message: this.message,
      causeText: this.causeText,
      fix: this.fix,
      retryable: this.retryable,
      ...this.details(),
    };
  }
}

export function isHiBobError(value: unknown): value is HiBobError {
  return value instanceof HiBobError;
}

// ---------------------------------------------------------------------------------------
// Credentials

export type CredentialField = 'serviceUserId' | 'token';

const CREDENTIAL_LABEL: Record<CredentialField, string> = {
  serviceUserId: 'service user ID',
  token: 'service user token',
};

/** The credentials are malformed; detected before any request, so HiBob's firewall never sees them. */
export class CredentialsFormatError extends HiBobError {
  readonly kind = 'invalid_credentials';
  readonly retryable = false;
  constructor(
    readonly field: CredentialField,
    readonly problem: string,
  ) {
    const label = CREDENTIAL_LABEL[field];
    super({
      title: `The HiBob ${label} ${problem}`,
      endpoint: NO_ENDPOINT,
      causeText: `The ${label} entered in Ravenna ${problem}; HiBob would reject it with "Authentication failed".`,
      fix:
        `Copy the ${label} again from HiBob (Settings > Integrations > Service users) without extra spaces, ` +
        'then update the credentials in Ravenna. Regenerate the token in HiBob if you cannot recover the original value.',
    });
  }
  protected override details(): Record<string, unknown> {
    return { field: this.field, problem: this.problem };
  }
}

// ---------------------------------------------------------------------------------------
// 401 / 403

/** 401: HiBob cannot authenticate the service user. Never retried (HiBob's firewall blocks repeats). */
export class HiBobAuthError extends HiBobError {
  readonly kind = 'auth_failed';
  readonly retryable = false;
  constructor(endpoint: string) {
    super({
      title: 'Authentication failed',
      status: 401,
      endpoint,
      causeText:
        'The username (service user ID) or password (token) is incorrect, or the service user has been disabled. ' +
        'Refreshing the token in HiBob revokes the old one, and a deleted service user answers the same way.',
      fix:
        'Verify the ID and token were copied without extra spaces; confirm the service user is still enabled in HiBob; ' +
        'regenerate the token in HiBob if you cannot recover the original value, then update the credentials in Ravenna.',
    });
  }
}

const PERMISSION_ADVICE: Record<HiBobCapability, { title: string; causeText: string; fix: string }> = {
  read_employees: {
    title: 'Employees or groups missing: HiBob denied reading employees',
    causeText:
      "The service user's permission group does not grant access to the missing records " +
      '(a service user that is in no permission group yet is denied everything).',
    fix:
      "Open the service user's permission group in HiBob; confirm it includes read access to employees and groups in scope " +
      '(view on the Basic info, Work and Lifecycle categories, over all employees including leavers); ' +
      'save the permission group and wait for the next sync, or trigger a manual reconnect.',
  },
  read_lists: {
    title: 'Employees or groups missing: HiBob denied reading groups (named lists)',
    causeText: "The service user's permission group does not grant access to the missing records.",
    fix:
      "Open the service user's permission group in HiBob; confirm it includes read access to employees and groups in scope; " +
      'save the permission group and wait for the next sync, or trigger a manual reconnect.',
  },
  write_timeoff: {
    title: 'Create Time-off Request action fails: HiBob denied writing time off',
    causeText: 'The service user is missing write access to time-off.',
    fix:
      "Grant the service user's permission group write access to time-off requests in HiBob " +
      `(the Requests "Create, edit and cancel" permission plus "Manage company's time off settings"); ` +
      'retry the workflow run after the change is saved.',
  },
  read_timeoff: {
    title: 'HiBob denied reading time off',
    causeText: 'The service user is missing read access to time-off.',
    fix:
      "Grant the service user's permission group read access to time-off in HiBob (the \"See who's out\" permission), " +
      'save the permission group, then retry.',
  },
};

/** 403 (JSON or empty body): authenticated, but the permission group lacks a capability. Never retried. */
export class HiBobPermissionError extends HiBobError {
  readonly kind = 'permission_denied';
  readonly retryable = false;
  constructor(
    endpoint: string,
    readonly capability: HiBobCapability,
  ) {
    super({ ...PERMISSION_ADVICE[capability], status: 403, endpoint });
  }
  protected override details(): Record<string, unknown> {
    return { capability: this.capability };
  }
}

/** How long HiBob's firewall blocks a caller after repeated 401s/403s (about; not published exactly). */
export const FIREWALL_BLOCK_MS = 5 * 60_000;

/** 403 with an HTML page: HiBob's firewall (WAF) blocked this caller. Retrying now only extends the block. */
export class HiBobFirewallBlockedError extends HiBobError {
  readonly kind = 'firewall_blocked';
  readonly retryable = false;
  readonly retryAfterMs = FIREWALL_BLOCK_MS;
  constructor(endpoint: string) {
    super({
      title: "HiBob's firewall blocked this connection",
      status: 403,
      endpoint,
      causeText:
        "HiBob's firewall blocks a caller for about 5 minutes after repeated failed requests " +
        '(many 401 or 403 answers in a few seconds), and answers every request with an HTML page meanwhile.',
      fix:
        'Wait about 5 minutes before trying again, and fix the credentials or permissions first ' +
        '(see the earlier "Authentication failed" or permission errors) so the failures do not repeat.',
    });
  }
  protected override details(): Record<string, unknown> {
    return { retryAfterMs: this.retryAfterMs };
  }
}

// ---------------------------------------------------------------------------------------
// Other 4xx

/** 400 (and other 4xx HiBob uses for invalid input): retrying the same request fails again. */
export class HiBobBadRequestError extends HiBobError {
  readonly kind = 'bad_request';
  readonly retryable = false;
  constructor(
    endpoint: string,
    status: number,
    readonly hibobKey: string | null,
    readonly hibobMessage: string | null,
  ) {
    const said = hibobMessage ? `: "${hibobMessage}"` : '';
    const key = hibobKey ? ` (key ${hibobKey})` : '';
    super({
      title: 'HiBob rejected the request',
      status,
      endpoint,
      causeText: `HiBob answered ${status}${said}${key}.`,
      fix: 'Correct the values sent (HiBob explains which above); sending the same request again fails the same way.',
    });
  }
  protected override details(): Record<string, unknown> {
    return { hibobKey: this.hibobKey, hibobMessage: this.hibobMessage };
  }
}

/** 404: the thing asked for does not exist (or the company has not bought that HiBob module). */
export class HiBobNotFoundError extends HiBobError {
  readonly kind = 'not_found';
  readonly retryable = false;
  constructor(
    endpoint: string,
    readonly hibobKey: string | null = null,
    readonly hibobMessage: string | null = null,
  ) {
    super({
      title: 'Not found in HiBob',
      status: 404,
      endpoint,
      causeText: `${notFoundCause(endpoint)}${hibobMessage ? ` HiBob said: "${hibobMessage}".` : ''}`,
      fix: notFoundFix(endpoint),
    });
  }
  protected override details(): Record<string, unknown> {
    return { hibobKey: this.hibobKey, hibobMessage: this.hibobMessage };
  }
}

function notFoundCause(endpoint: string): string {
  if (endpoint.includes('/people/')) return 'HiBob has no employee with that ID or email.';
  if (endpoint.includes('/named-lists/')) return 'HiBob has no list with that name (list names are case-sensitive).';
  if (endpoint.includes('/policy-types/')) return 'A policy type with the specified name was not found.';
  if (endpoint.includes('/requests/')) return 'HiBob has no such time-off request for that employee.';
  return 'HiBob does not know this path, or the company has not bought the HiBob module behind it.';
}

function notFoundFix(endpoint: string): string {
  if (endpoint.includes('/policy-types/')) return "Check the policy type's exact name in HiBob's time off settings.";
  if (endpoint.includes('/named-lists/')) return "Check the list's exact name in HiBob (Settings > Lists).";
  if (endpoint.includes('/people/') || endpoint.includes('/requests/')) {
    return 'Check the identifier; the record may have been deleted in HiBob.';
  }
  return 'Check that the HiBob base URL ends in /v1 and that the company has the module enabled.';
}

/** 429: over HiBob's per-endpoint, per-minute budget. Retryable after `retryAfterMs`. */
export class HiBobRateLimitError extends HiBobError {
  readonly kind = 'rate_limited';
  readonly retryable = true;
  constructor(
    endpoint: string,
    /** How long to wait before the budget resets; null when HiBob did not say. */
    readonly retryAfterMs: number | null,
  ) {
    const wait = retryAfterMs === null ? 'the rate-limit window resets (up to a minute)' : `about ${Math.ceil(retryAfterMs / 1000)} s`;
    super({
      title: 'HiBob rate limit reached',
      status: 429,
      endpoint,
      causeText: 'More requests reached this HiBob endpoint in the current minute than HiBob allows.',
      fix: `Wait ${wait} and retry; avoid running several syncs with the same service user at once.`,
    });
  }
  protected override details(): Record<string, unknown> {
    return { retryAfterMs: this.retryAfterMs };
  }
}

// ---------------------------------------------------------------------------------------
// Transient failures

export class HiBobServerError extends HiBobError {
  readonly kind = 'server_error';
  readonly retryable = true;
  constructor(endpoint: string, status: number) {
    super({
      title: 'HiBob had a server error',
      status,
      endpoint,
      causeText: `HiBob answered ${status}, a failure on HiBob's side.`,
      fix: 'Retry later; if it persists, check HiBob\'s status page.',
    });
  }
}

export class HiBobNetworkError extends HiBobError {
  readonly kind = 'network';
  readonly retryable = true;
  constructor(
    endpoint: string,
    readonly timedOut: boolean,
    /** The system error code (ECONNRESET, ECONNREFUSED, ...), when there is one. */
    readonly code: string | null,
    timeoutMs?: number,
  ) {
    super({
      title: timedOut ? 'HiBob did not answer in time' : 'Could not reach HiBob',
      endpoint,
      causeText: timedOut
        ? `No answer within ${timeoutMs ?? '?'} ms.`
        : `The connection failed before an answer arrived${code ? ` (${code})` : ''}.`,
      fix: 'Retry; if it persists, check the HiBob base URL and that this worker can reach it (proxy, firewall, DNS).',
    });
  }
  protected override details(): Record<string, unknown> {
    return { timedOut: this.timedOut, code: this.code };
  }
}

/** A 2xx that is not what HiBob documents: an HTML page (wrong path) or a body that fails its schema. */
export class HiBobUnexpectedResponseError extends HiBobError {
  readonly kind = 'unexpected_response';
  readonly retryable = false;
  constructor(
    endpoint: string,
    status: number,
    /** What was wrong, e.g. "an HTML page" or "employees.3.email: expected string" (paths only, no values). */
    readonly problem: string,
  ) {
    super({
      title: 'HiBob answered in an unexpected form',
      status,
      endpoint,
      causeText: `HiBob answered ${status} with ${problem}.`,
      fix: problem.startsWith('an HTML page')
        ? 'Check that the HiBob base URL is the API host ending in /v1 (for example https://api.hibob.com/v1), not the web app.'
        : 'HiBob may have changed this API; report it with the endpoint above.',
    });
  }
  protected override details(): Record<string, unknown> {
    return { problem: this.problem };
  }
}

// ---------------------------------------------------------------------------------------
// Mapping an HTTP answer to an error

export interface ErrorResponse {
  status: number;
  endpoint: string;
  contentType: string;
  /** The body as text (may be empty). */
  bodyText: string;
  capability: HiBobCapability;
  /** Computed by the caller from the rate-limit headers; only used for 429. */
  retryAfterMs: number | null;
}

/** Maps a non-2xx answer to its error class. Reads HiBob's `{key, error}` body when there is one. */
export function errorFromResponse(response: ErrorResponse): HiBobError {
  const { status, endpoint } = response;
  if (status === 401) return new HiBobAuthError(endpoint);
  if (status === 403) {
    return isHtml(response.contentType, response.bodyText)
      ? new HiBobFirewallBlockedError(endpoint)
      : new HiBobPermissionError(endpoint, response.capability);
  }
  if (status === 429) return new HiBobRateLimitError(endpoint, response.retryAfterMs);
  if (status >= 500) return new HiBobServerError(endpoint, status);
  const body = parseHiBobErrorBody(response.bodyText);
  if (status === 404) return new HiBobNotFoundError(endpoint, body.key, body.error);
  return new HiBobBadRequestError(endpoint, status, body.key, body.error);
}

/** HiBob's error body is `{"key": "...", "error": "..."}`; anything else yields nulls. */
export function parseHiBobErrorBody(text: string): { key: string | null; error: string | null } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const { key, error, message } = parsed as Record<string, unknown>;
      return {
        key: typeof key === 'string' ? key : null,
        error: typeof error === 'string' ? error : typeof message === 'string' ? message : null,
      };
    }
  } catch {
    // Not JSON: HiBob gave no details.
  }
  return { key: null, error: null };
}

export function isHtml(contentType: string, bodyText: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(bodyText);
}
