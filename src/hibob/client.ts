/**
 * The HiBob API client: every call the connector makes, validated and normalised.
 *
 * - Authenticates as a service user (HTTP Basic). The credentials live in private fields
 *   and the axios instance never escapes, so no error, log or inspected object shows them.
 * - Maps every failure to one error class of errors.ts; axios errors are never rethrown.
 * - Paces requests with the process-wide rate-limit registry, and after a 429 waits for
 *   the reset and retries (except the time-off submit, which never retries itself).
 * - Never retries 401/403 (HiBob's firewall blocks repeated failures) nor 5xx/network
 *   errors: those are marked retryable and left to the caller's (Temporal's) retry policy.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { z } from 'zod';
import { capabilityForEndpoint, endpointKey } from './endpoint';
import {
  CredentialsFormatError,
  HiBobNetworkError,
  HiBobRateLimitError,
  HiBobUnexpectedResponseError,
  errorFromResponse,
  isHtml,
  type CredentialField,
} from './errors';
import {
  SYNC_FIELDS,
  type EmployeeBatch,
  type NamedList,
  type NormalizedEmployee,
  type TimeOffChange,
  type TimeOffPortion,
  type TimeOffRequestDetails,
} from './model';
import { employeeIdOf, missingFieldIds, normalizeEmployee, normalizeNamedList, type HumanReadableMode } from './normalize';
import {
  RateLimitWaitTooLong,
  defaultRateLimitRegistry,
  retryAfterMsFromHeaders,
  type HeaderSource,
  type RateLimitRegistry,
} from './rate-limit';
import {
  describeZodError,
  employeeIdsResponseSchema,
  fieldsMetadataResponseSchema,
  namedListResponseSchema,
  namedListsResponseSchema,
  peopleSearchResponseSchema,
  policyTypeResponseSchema,
  policyTypesResponseSchema,
  singleEmployeeResponseSchema,
  submitResponseSchema,
  timeOffChangesResponseSchema,
  timeOffRequestDetailsSchema,
  whosOutResponseSchema,
  type FieldMetadata,
  type PolicyType,
  type RawEmployee,
  type WhosOutEntry,
} from './schemas';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Just over HiBob's one-minute window, so waiting out a full window is allowed. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 65_000;
/** How many times one call retries after a 429 before giving up with HiBobRateLimitError. */
export const MAX_RATE_LIMIT_RETRIES = 3;
/** HiBob accepts at most this many field ids per search. */
export const MAX_SEARCH_FIELDS = 400;
/** An address that can never be an employee's: the credentials check must find nobody. */
export const CREDENTIALS_CHECK_EMAIL = 'ravenna-credentials-check@invalid.test';

export interface HiBobCredentials {
  serviceUserId: string;
  token: string;
}

export interface HiBobResponseEvent {
  /** Normalised endpoint, e.g. "POST /people/search". */
  endpoint: string;
  status: number | 'network';
  durationMs: number;
}

export interface HiBobClientHooks {
  /** After every HTTP attempt (also failed ones), for metrics. */
  onResponse?(event: HiBobResponseEvent): void;
  /**
   * Before each slice (at most 10 s) of a rate-limit wait, with that slice's length in ms:
   * heartbeat here; the values add up to the whole wait.
   */
  onRateLimitWait?(ms: number): void;
}

export interface HiBobClientOptions {
  /** E.g. https://api.hibob.com/v1 */
  baseUrl: string;
  credentials: HiBobCredentials;
  timeoutMs?: number;
  /** Longest wait for a rate-limit reset before throwing HiBobRateLimitError instead. */
  maxRateLimitWaitMs?: number;
  pacer?: RateLimitRegistry;
  hooks?: HiBobClientHooks;
  /** Aborts requests and waits; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface PeopleSearchQuery {
  fields: readonly string[];
  ids?: readonly string[];
  emails?: readonly string[];
  showInactive?: boolean;
  humanReadable?: 'APPEND' | 'REPLACE';
}

export interface TimeOffSubmitBody {
  policyType: string;
  startDate: string;
  requestRangeType?: 'days' | 'hours' | 'portionOnRange' | 'hoursOnRange';
  startDatePortion?: TimeOffPortion;
  endDate?: string;
  endDatePortion?: TimeOffPortion;
  description?: string;
  skipManagerApproval?: boolean;
  hours?: number;
  minutes?: number;
  dayPortion?: TimeOffPortion;
  dailyHours?: number;
  dailyMinutes?: number;
  reasonCode?: number;
  approver?: string;
}

// ---------------------------------------------------------------------------------------
// Credentials

/**
 * Rejects malformed credentials before any request: a pasted space or line break would
 * otherwise cost a 401 and count towards HiBob's firewall block. Never echoes the token.
 */
export function validateCredentials(credentials: HiBobCredentials): void {
  for (const field of ['serviceUserId', 'token'] as const) {
    const problem = credentialProblem(field, credentials?.[field]);
    if (problem !== null) throw new CredentialsFormatError(field, problem);
  }
}

function credentialProblem(field: CredentialField, value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return 'is empty';
  if (value !== value.trim()) return 'starts or ends with whitespace (a space, tab or line break copied along with it)';
  if (/[^\x21-\x7e]/.test(value)) return 'contains a space, a line break or a non-ASCII character';
  if (field === 'serviceUserId' && value.includes(':')) {
    return "contains ':', which HTTP Basic authentication cannot carry in a username";
  }
  return null;
}

// ---------------------------------------------------------------------------------------

type Query = Record<string, string | boolean | undefined>;

interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to the base URL, ids already URI-encoded. */
  path: string;
  query?: Query;
  body?: unknown;
  schema: z.ZodType<T>;
  /** False for writes that must never be repeated by the client (the time-off submit). */
  retryOnRateLimit?: boolean;
}

interface Answer {
  status: number;
  headers: HeaderSource;
  contentType: string;
  bodyText: string;
}

export class HiBobClient {
  readonly baseUrl: string;
  readonly serviceUserId: string;
  readonly #http: AxiosInstance;
  readonly #pacer: RateLimitRegistry;
  readonly #hooks: HiBobClientHooks;
  readonly #signal?: AbortSignal;
  readonly #timeoutMs: number;
  readonly #maxRateLimitWaitMs: number;

  constructor(options: HiBobClientOptions) {
    validateCredentials(options.credentials);
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.serviceUserId = options.credentials.serviceUserId;
    this.#pacer = options.pacer ?? defaultRateLimitRegistry;
    this.#hooks = options.hooks ?? {};
    this.#signal = options.signal;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRateLimitWaitMs = options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
    this.#http = axios.create({
      baseURL: this.baseUrl,
      timeout: this.#timeoutMs,
      auth: { username: options.credentials.serviceUserId, password: options.credentials.token },
      headers: { Accept: 'application/json' },
      // Raw text in, parsed here: the Content-Type and empty bodies matter (HTML pages, empty submits).
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // Every status is an answer to map, never an axios error (those carry the credentials).
      validateStatus: () => true,
      // A redirect means a wrong host or path; following it would send the credentials elsewhere.
      maxRedirects: 0,
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
    });
  }

  // -------------------------------------------------------------------------------------
  // People

  /** One cheap call proving both authentication and read access to employees. Throws on failure. */
  async verifyCredentials(): Promise<void> {
    await this.searchPeople({ fields: ['root.id'], emails: [CREDENTIALS_CHECK_EMAIL], showInactive: true });
  }

  /** Raw employees (each validated as an object). HiBob does not paginate: batch ids for large companies. */
  async searchPeople(query: PeopleSearchQuery): Promise<RawEmployee[]> {
    const body = searchBody(query);
    if (body === null) return [];
    const answer = await this.request({ method: 'POST', path: '/people/search', body, schema: peopleSearchResponseSchema });
    return answer.employees;
  }

  /** Every employee id, terminated employees and pre-hires included. */
  async listEmployeeIds(): Promise<string[]> {
    const answer = await this.request({
      method: 'POST',
      path: '/people/search',
      body: { fields: ['root.id'], showInactive: true },
      schema: employeeIdsResponseSchema,
    });
    return [...new Set(answer.employees)];
  }

  /** One batch of full employee records; `missingFields` names the fields the permission group hides. */
  async readEmployeesByIds(ids: readonly string[]): Promise<EmployeeBatch> {
    const fields = SYNC_FIELDS.map((field) => field.id);
    const unique = [...new Set(ids)];
    if (unique.length === 0) return { employees: [], missingFields: [] };
    const raw = await this.searchPeople({ fields, ids: unique, showInactive: true, humanReadable: 'APPEND' });
    const employees = raw.map((employee, index) =>
      normalizeOrThrow('POST /people/search', `employees.${index}`, employee, 'APPEND'),
    );
    return { employees, missingFields: missingFieldIds(fields, raw) };
  }

  /** One employee by HiBob id or email; HiBobNotFoundError when HiBob does not know it. */
  async getEmployee(idOrEmail: string): Promise<NormalizedEmployee> {
    const path = `/people/${encodeURIComponent(idOrEmail)}`;
    const raw = await this.request({
      method: 'POST',
      path,
      body: { fields: SYNC_FIELDS.map((field) => field.id), humanReadable: 'APPEND' },
      schema: singleEmployeeResponseSchema,
    });
    return normalizeOrThrow(endpointKey('POST', path), '', raw, 'APPEND');
  }

  /** Field metadata (ids, categories, names); needs no permission. */
  async getFieldsMetadata(): Promise<FieldMetadata[]> {
    return this.request({ method: 'GET', path: '/company/people/fields', schema: fieldsMetadataResponseSchema });
  }

  // -------------------------------------------------------------------------------------
  // Named lists (departments, titles, sites, teams...)

  async getNamedList(name: string, options: { includeArchived?: boolean } = {}): Promise<NamedList> {
    const raw = await this.request({
      method: 'GET',
      path: `/company/named-lists/${encodeURIComponent(name)}`,
      query: { includeArchived: options.includeArchived ?? false },
      schema: namedListResponseSchema,
    });
    return normalizeNamedList(raw, name);
  }

  /** Every named list (the answer can be tens of MB in large companies). */
  async getNamedLists(options: { includeArchived?: boolean } = {}): Promise<NamedList[]> {
    const raw = await this.request({
      method: 'GET',
      path: '/company/named-lists',
      query: { includeArchived: options.includeArchived ?? false },
      schema: namedListsResponseSchema,
    });
    return Object.entries(raw).map(([name, list]) => normalizeNamedList(list, name));
  }

  // -------------------------------------------------------------------------------------
  // Time off

  async listPolicyTypes(): Promise<string[]> {
    const answer = await this.request({ method: 'GET', path: '/timeoff/policy-types', schema: policyTypesResponseSchema });
    return answer.policyTypes;
  }

  /** HiBobNotFoundError when no policy type has this (case-sensitive) name. */
  async getPolicyType(name: string): Promise<PolicyType> {
    const answer = await this.request({
      method: 'GET',
      path: `/timeoff/policy-types/${encodeURIComponent(name)}`,
      schema: policyTypeResponseSchema,
    });
    return { ...answer, name: answer.name ?? name };
  }

  /**
   * Submits a request. `requestId` is null when HiBob answers with an empty body (find the
   * request through `getTimeOffChanges`). Never retried here, not even after a 429: HiBob
   * has no idempotency key, so a caller that retries must first look for the request.
   */
  async submitTimeOffRequest(employeeId: string, body: TimeOffSubmitBody): Promise<{ requestId: number | null }> {
    const requestId = await this.request({
      method: 'POST',
      path: `/timeoff/employees/${encodeURIComponent(employeeId)}/requests`,
      body,
      schema: submitResponseSchema,
      retryOnRateLimit: false,
    });
    return { requestId };
  }

  async getTimeOffRequest(employeeId: string, requestId: number): Promise<TimeOffRequestDetails> {
    return this.request({
      method: 'GET',
      path: timeOffRequestPath(employeeId, requestId),
      schema: timeOffRequestDetailsSchema,
    });
  }

  async cancelTimeOffRequest(employeeId: string, requestId: number): Promise<void> {
    await this.request({ method: 'DELETE', path: timeOffRequestPath(employeeId, requestId), schema: z.unknown() });
  }

  /** Created/cancelled/deleted requests in a window (HiBob allows at most 6 months). */
  async getTimeOffChanges(options: { since: string | Date; to?: string | Date; includePending?: boolean }): Promise<TimeOffChange[]> {
    const answer = await this.request({
      method: 'GET',
      path: '/timeoff/requests/changes',
      query: {
        since: dateTimeParam(options.since),
        to: options.to === undefined ? undefined : dateTimeParam(options.to),
        includePending: options.includePending,
      },
      schema: timeOffChangesResponseSchema,
    });
    return answer.changes;
  }

  async getWhosOut(options: { from: string | Date; to: string | Date; includePending?: boolean }): Promise<WhosOutEntry[]> {
    const answer = await this.request({
      method: 'GET',
      path: '/timeoff/whosout',
      query: { from: dateParam(options.from), to: dateParam(options.to), includePending: options.includePending },
      schema: whosOutResponseSchema,
    });
    return answer.outs;
  }

  // -------------------------------------------------------------------------------------
  // Transport

  /** Sends (paced), retries after 429s within the allowed wait, maps failures, validates the answer. */
  private async request<T>(spec: RequestSpec<T>): Promise<T> {
    const endpoint = endpointKey(spec.method, spec.path);
    for (let attempt = 0; ; attempt += 1) {
      const answer = await this.sendPaced(spec, endpoint);
      if (answer.status >= 200 && answer.status < 300) return parseAnswer(spec.schema, endpoint, answer);
      if (answer.status >= 300 && answer.status < 400) {
        throw new HiBobUnexpectedResponseError(endpoint, answer.status, 'a redirect instead of an answer');
      }
      const retryAfterMs = answer.status === 429 ? retryAfterMsFromHeaders(answer.headers, Date.now()) : null;
      if (answer.status === 429) {
        const waitMs = retryAfterMs ?? fallbackRateLimitWait(attempt);
        // Every caller of this endpoint waits too, even when the 429 carried no usable headers.
        this.#pacer.markExhausted(this.pacerKey(endpoint), Date.now() + waitMs);
        if (this.shouldRetryRateLimit(spec, attempt, waitMs)) continue;
      }
      throw errorFromResponse({
        status: answer.status,
        endpoint,
        contentType: answer.contentType,
        bodyText: answer.bodyText,
        capability: capabilityForEndpoint(endpoint),
        retryAfterMs,
      });
    }
  }

  private shouldRetryRateLimit(spec: RequestSpec<unknown>, attempt: number, waitMs: number): boolean {
    if (spec.retryOnRateLimit === false || attempt >= MAX_RATE_LIMIT_RETRIES) return false;
    return waitMs <= this.#maxRateLimitWaitMs;
  }

  private async sendPaced(spec: RequestSpec<unknown>, endpoint: string): Promise<Answer> {
    const release = await this.acquire(endpoint);
    const started = performance.now();
    let response: AxiosResponse<unknown>;
    try {
      response = await this.#http.request({
        method: spec.method,
        url: spec.path,
        params: definedOnly(spec.query),
        data: spec.body,
        signal: this.#signal,
      });
    } catch (error) {
      release(null);
      // Our caller cancelled: surface its reason, not a network error.
      if (this.#signal?.aborted) throw this.#signal.reason;
      this.emitResponse({ endpoint, status: 'network', durationMs: performance.now() - started });
      throw this.networkError(endpoint, error);
    }
    const headers = plainHeaders(response.headers);
    release(headers);
    this.emitResponse({ endpoint, status: response.status, durationMs: performance.now() - started });
    return {
      status: response.status,
      headers,
      contentType: String(headers['content-type'] ?? ''),
      bodyText: typeof response.data === 'string' ? response.data : response.data == null ? '' : String(response.data),
    };
  }

  private async acquire(endpoint: string) {
    try {
      return await this.#pacer.acquire(this.pacerKey(endpoint), {
        signal: this.#signal,
        maxWaitMs: this.#maxRateLimitWaitMs,
        onWait: (ms) => safely(() => this.#hooks.onRateLimitWait?.(ms)),
      });
    } catch (error) {
      if (error instanceof RateLimitWaitTooLong) throw new HiBobRateLimitError(endpoint, error.waitMs);
      throw error;
    }
  }

  private pacerKey(endpoint: string) {
    return { baseUrl: this.baseUrl, serviceUserId: this.serviceUserId, endpoint };
  }

  /** Keeps only the error code: the axios error itself holds the request config (credentials). */
  private networkError(endpoint: string, error: unknown): HiBobNetworkError {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : null;
    const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
    return new HiBobNetworkError(endpoint, timedOut, code, timedOut ? this.#timeoutMs : undefined);
  }

  private emitResponse(event: HiBobResponseEvent): void {
    safely(() => this.#hooks.onResponse?.(event));
  }
}

// ---------------------------------------------------------------------------------------
// Helpers

function normaliseBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl.trim());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('The HiBob base URL must be http(s)');
  return url.toString().replace(/\/+$/, '');
}

function searchBody(query: PeopleSearchQuery): Record<string, unknown> | null {
  if (query.fields.length === 0 || query.fields.length > MAX_SEARCH_FIELDS) {
    throw new RangeError(`A HiBob search asks for 1 to ${MAX_SEARCH_FIELDS} fields, not ${query.fields.length}`);
  }
  if (query.ids !== undefined && query.emails !== undefined) {
    throw new TypeError('A HiBob search filters by ids or by emails, not both');
  }
  const filter = query.ids ? { fieldPath: 'root.id', values: query.ids } : query.emails ? { fieldPath: 'root.email', values: query.emails } : null;
  // HiBob answers 400 to an empty filter list: an empty id list simply matches nobody.
  if (filter !== null && filter.values.length === 0) return null;
  return {
    fields: query.fields,
    // `"filters": []` can be a 400, so the property is omitted when there is no filter.
    ...(filter ? { filters: [{ fieldPath: filter.fieldPath, operator: 'equals', values: filter.values }] } : {}),
    ...(query.showInactive !== undefined ? { showInactive: query.showInactive } : {}),
    ...(query.humanReadable !== undefined ? { humanReadable: query.humanReadable } : {}),
  };
}

function normalizeOrThrow(endpoint: string, path: string, raw: unknown, mode: HumanReadableMode): NormalizedEmployee {
  try {
    return normalizeEmployee(raw, { humanReadable: mode });
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const where = path ? `${path} (employee ${employeeIdOf(raw) ?? 'without id'})` : 'the employee';
    throw new HiBobUnexpectedResponseError(endpoint, 200, `${where} not matching what HiBob documents: ${describeZodError(error)}`);
  }
}

function parseAnswer<T>(schema: z.ZodType<T>, endpoint: string, answer: Answer): T {
  if (isHtml(answer.contentType, answer.bodyText)) {
    throw new HiBobUnexpectedResponseError(
      endpoint,
      answer.status,
      'an HTML page instead of JSON (HiBob does this for paths it does not know)',
    );
  }
  let json: unknown = null;
  if (answer.bodyText.trim() !== '') {
    try {
      json = JSON.parse(answer.bodyText);
    } catch {
      throw new HiBobUnexpectedResponseError(endpoint, answer.status, 'a body that is not JSON');
    }
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new HiBobUnexpectedResponseError(
    endpoint,
    answer.status,
    `a body not matching what HiBob documents: ${describeZodError(parsed.error)}`,
  );
}

function timeOffRequestPath(employeeId: string, requestId: number): string {
  return `/timeoff/employees/${encodeURIComponent(employeeId)}/requests/${encodeURIComponent(String(requestId))}`;
}

function dateTimeParam(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : value;
}

function dateParam(value: string | Date): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : value;
}

function definedOnly(query: Query | undefined): Record<string, string> | undefined {
  if (!query) return undefined;
  const entries = Object.entries(query).filter((entry): entry is [string, string | boolean] => entry[1] !== undefined);
  return Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
}

function plainHeaders(headers: unknown): HeaderSource {
  const source =
    headers && typeof (headers as { toJSON?: unknown }).toJSON === 'function'
      ? (headers as { toJSON(): Record<string, unknown> }).toJSON()
      : ((headers ?? {}) as Record<string, unknown>);
  return Object.fromEntries(Object.entries(source).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Without reset information, back off 1 s, 2 s, 4 s... */
function fallbackRateLimitWait(attempt: number): number {
  return 1000 * 2 ** attempt;
}

/** Hooks are for metrics and heartbeats: their failures must not fail the call. */
function safely(run: () => void): void {
  try {
    run();
  } catch {
    // Ignored on purpose.
  }
}
