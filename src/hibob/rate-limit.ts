/**
 * Client-side pacing against HiBob's per-endpoint, per-minute rate limits.
 *
 * HiBob sends `X-RateLimit-Limit/Remaining/Reset` on its answers. The registry remembers
 * them per (base URL, service user, endpoint) for the whole process, and makes a request
 * wait for the reset when the budget left (minus requests already in flight) is used up.
 * So normal operation never sees a 429, even with several concurrent callers. A 429 still
 * happens when something else shares the budget (another process, HiBob counting per
 * company); the client then waits for the reset and retries (see client.ts).
 */

/** Extra wait after HiBob's reset instant, because `X-RateLimit-Reset` has whole-second precision. */
export const DEFAULT_RESET_MARGIN_MS = 250;

/** Long waits are cut into slices so `onWait` fires often enough to heartbeat a Temporal activity. */
export const WAIT_SLICE_MS = 10_000;

export interface RateLimitState {
  limit: number | null;
  remaining: number;
  /** Epoch milliseconds when the budget resets; null when HiBob did not say. */
  resetAtMs: number | null;
}

export interface HeaderSource {
  [name: string]: unknown;
}

export function headerValue(headers: HeaderSource, name: string): string | undefined {
  const value = headers[name.toLowerCase()] ?? headers[name];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  if (value === undefined || value === null) return undefined;
  return String(value);
}

/**
 * `X-RateLimit-Reset` is documented as Unix epoch seconds. Tolerated too: epoch
 * milliseconds, and a small number meaning seconds from now (as some gateways send).
 */
export function parseResetHeader(value: string | undefined, nowMs: number): number | null {
  const seconds = parseNumber(value);
  if (seconds === null) return null;
  if (seconds > 1e12) return seconds; // already epoch milliseconds
  if (seconds > 1e9) return seconds * 1000;
  return nowMs + seconds * 1000; // a delta in seconds
}

/** `Retry-After`: seconds, or an HTTP date. Returns the delay in milliseconds (never negative). */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = parseNumber(value);
  if (seconds !== null) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** The rate-limit state an answer announces, or null when it carries no rate-limit headers. */
export function parseRateLimitHeaders(headers: HeaderSource, nowMs: number): RateLimitState | null {
  const remaining = parseNumber(headerValue(headers, 'x-ratelimit-remaining'));
  if (remaining === null) return null;
  return {
    limit: parseNumber(headerValue(headers, 'x-ratelimit-limit')),
    remaining: Math.max(0, Math.floor(remaining)),
    resetAtMs: parseResetHeader(headerValue(headers, 'x-ratelimit-reset'), nowMs),
  };
}

/**
 * How long to wait after a 429 before the next try: the later of `X-RateLimit-Reset` and
 * `Retry-After` (either may be absent; both are honoured when present). Null when neither is there.
 */
export function retryAfterMsFromHeaders(headers: HeaderSource, nowMs: number): number | null {
  const resetAt = parseResetHeader(headerValue(headers, 'x-ratelimit-reset'), nowMs);
  const fromReset = resetAt === null ? null : Math.max(0, resetAt - nowMs);
  const fromRetryAfter = parseRetryAfter(headerValue(headers, 'retry-after'), nowMs);
  if (fromReset === null) return fromRetryAfter;
  if (fromRetryAfter === null) return fromReset;
  return Math.max(fromReset, fromRetryAfter);
}

function parseNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  return Number(value);
}

// ---------------------------------------------------------------------------------------

export interface PacerKey {
  baseUrl: string;
  serviceUserId: string;
  /** Normalised endpoint, e.g. "POST /people/search" (see endpoint.ts). */
  endpoint: string;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /**
   * Called before each slice (at most WAIT_SLICE_MS) of a wait, with that slice's length:
   * often enough to heartbeat, and the values add up to the whole wait (for metrics).
   */
  onWait?: (ms: number) => void;
  /** A wait longer than this is not made: `acquire` throws `RateLimitWaitTooLong` instead. */
  maxWaitMs?: number;
}

/** Thrown by `acquire` when the budget resets later than `maxWaitMs`; the client turns it into a 429 error. */
export class RateLimitWaitTooLong extends Error {
  constructor(readonly waitMs: number) {
    super(`The rate-limit budget resets in ${waitMs} ms, longer than allowed to wait`);
    this.name = 'RateLimitWaitTooLong';
  }
}

/** Ends a request started with `acquire`: pass the answer's headers (or null when none came). */
export type Release = (headers: HeaderSource | null) => void;

/**
 * One endpoint's budget.
 * - Never answered yet: one request at a time goes out to learn the budget.
 * - Answered without rate-limit headers: not paced.
 * - Answered with headers: paced by the remaining budget minus requests in flight.
 */
class Bucket {
  state: RateLimitState | null = null;
  answeredWithoutHeaders = false;
  inFlight = 0;
  private waiters = new Set<() => void>();

  /** 0 to go now; a positive number of ms to wait for the reset; null to wait for an answer in flight. */
  delayBeforeSending(nowMs: number, marginMs: number): number | null {
    const state = this.state;
    if (state === null) {
      if (this.answeredWithoutHeaders) return 0;
      return this.inFlight === 0 ? 0 : null;
    }
    if (state.resetAtMs !== null && nowMs >= state.resetAtMs + marginMs) this.startNewWindow();
    const current = this.state;
    if (current === null) return this.inFlight === 0 ? 0 : null;
    if (current.remaining - this.inFlight > 0) return 0;
    if (current.resetAtMs === null) return this.inFlight === 0 ? 0 : null;
    return current.resetAtMs + marginMs - nowMs;
  }

  /** The window has reset: the full limit is available again (unknown if HiBob never said the limit). */
  private startNewWindow(): void {
    const limit = this.state?.limit ?? null;
    this.state = limit === null ? null : { limit, remaining: limit, resetAtMs: null };
  }

  /**
   * Records an answer's rate-limit state. Answers can arrive out of order, so within the
   * same window the lower remaining count wins; a later reset means a new window.
   */
  observe(next: RateLimitState): void {
    const current = this.state;
    const sameWindow =
      current !== null && (current.resetAtMs === null || next.resetAtMs === null || current.resetAtMs === next.resetAtMs);
    const olderWindow = current?.resetAtMs != null && next.resetAtMs !== null && next.resetAtMs < current.resetAtMs;
    if (olderWindow) return;
    this.state =
      sameWindow && current !== null
        ? {
            limit: next.limit ?? current.limit,
            remaining: Math.min(current.remaining, next.remaining),
            resetAtMs: next.resetAtMs ?? current.resetAtMs,
          }
        : next;
  }

  waitForChange(): { promise: Promise<void>; cancel: () => void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => {
      wake = resolve;
    });
    this.waiters.add(wake);
    return { promise, cancel: () => this.waiters.delete(wake) };
  }

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

export interface RateLimitRegistryOptions {
  marginMs?: number;
  now?: () => number;
}

/** The process-wide memory of HiBob's rate-limit budgets. Use `defaultRateLimitRegistry` unless testing. */
export class RateLimitRegistry {
  private readonly buckets = new Map<string, Bucket>();
  private readonly marginMs: number;
  private readonly now: () => number;

  constructor(options: RateLimitRegistryOptions = {}) {
    this.marginMs = options.marginMs ?? DEFAULT_RESET_MARGIN_MS;
    this.now = options.now ?? Date.now;
  }

  /** Waits until the budget allows one more request, then counts it as in flight. */
  async acquire(key: PacerKey, options: AcquireOptions = {}): Promise<Release> {
    const bucket = this.bucket(key);
    for (;;) {
      options.signal?.throwIfAborted();
      const delay = bucket.delayBeforeSending(this.now(), this.marginMs);
      if (delay !== null && delay <= 0) break;
      if (delay !== null && options.maxWaitMs !== undefined && delay > options.maxWaitMs) {
        throw new RateLimitWaitTooLong(delay);
      }
      await this.waitOnce(bucket, delay, options);
    }
    bucket.inFlight += 1;
    let released = false;
    return (headers) => {
      if (released) return;
      released = true;
      bucket.inFlight -= 1;
      const state = headers ? parseRateLimitHeaders(headers, this.now()) : null;
      if (state) bucket.observe(state);
      else if (headers) bucket.answeredWithoutHeaders = bucket.state === null;
      bucket.notify();
    };
  }

  /** Records that HiBob said "over the limit until resetAtMs" without (usable) rate-limit headers. */
  markExhausted(key: PacerKey, resetAtMs: number): void {
    const bucket = this.bucket(key);
    bucket.observe({ limit: bucket.state?.limit ?? null, remaining: 0, resetAtMs });
    bucket.notify();
  }

  /** The last known state for a key (for tests and diagnostics). */
  snapshot(key: PacerKey): (RateLimitState & { inFlight: number }) | null {
    const bucket = this.buckets.get(bucketId(key));
    return bucket?.state ? { ...bucket.state, inFlight: bucket.inFlight } : null;
  }

  /** Waits for the reset (one slice of it), or for a request in flight to answer. */
  private async waitOnce(bucket: Bucket, delay: number | null, options: AcquireOptions): Promise<void> {
    const change = bucket.waitForChange();
    try {
      if (delay === null) {
        await abortable(change.promise, options.signal);
        return;
      }
      const slice = Math.min(delay, WAIT_SLICE_MS);
      options.onWait?.(slice);
      await sleep(slice, options.signal);
    } finally {
      change.cancel();
    }
  }

  private bucket(key: PacerKey): Bucket {
    const id = bucketId(key);
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = new Bucket();
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}

function bucketId(key: PacerKey): string {
  return JSON.stringify([key.baseUrl.replace(/\/+$/, ''), key.serviceUserId, key.endpoint]);
}

/** Shared by every client in the process, so concurrent activities pace together. */
export const defaultRateLimitRegistry = new RateLimitRegistry();

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's reason when it aborts first. */
function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
