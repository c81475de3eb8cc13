/**
 * Fixed-window request counting, windows aligned to multiples of windowMs since the epoch
 * (so X-RateLimit-Reset is the same for every caller in a window, as HiBob's is).
 */

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix epoch seconds (rounded up) at which the current window ends. */
  resetEpochSeconds: number;
  /** Whole seconds until the window ends, at least 1: what Retry-After carries. */
  retryAfterSeconds: number;
}

interface Window {
  start: number;
  count: number;
}

export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly windowMs: number) {}

  /** Counts one request against `key` and says whether it is within `limit`. */
  consume(key: string, limit: number, now = Date.now()): RateDecision {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    const end = start + this.windowMs;
    return {
      allowed: window.count <= limit,
      limit,
      remaining: Math.max(0, limit - window.count),
      resetEpochSeconds: Math.ceil(end / 1000),
      retryAfterSeconds: Math.max(1, Math.ceil((end - now) / 1000)),
    };
  }
}
