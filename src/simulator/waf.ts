/**
 * HiBob's web application firewall: a caller that collects too many 401/403 answers in a
 * short window is blocked outright for minutes, whatever it sends next.
 */

export interface WafSettings {
  failures: number;
  windowMs: number;
  blockMs: number;
  keyBy: 'authorization' | 'ip' | 'both';
}

export const WAF_BLOCK_PAGE =
  '<!DOCTYPE html><html><head><title>Request blocked</title></head>'
  + '<body><h1>Request blocked</h1><p>Your request was blocked by the web application firewall.</p></body></html>';

export class Waf {
  private readonly failures = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly settings: WafSettings) {}

  /** The identities a request is judged by. */
  keysFor(authorization: string | undefined, ip: string): string[] {
    const keys: string[] = [];
    if (this.settings.keyBy !== 'ip' && authorization) keys.push(`auth:${authorization}`);
    if (this.settings.keyBy !== 'authorization') keys.push(`ip:${ip}`);
    return keys;
  }

  isBlocked(keys: readonly string[], now = Date.now()): boolean {
    return keys.some((key) => (this.blockedUntil.get(key) ?? 0) > now);
  }

  recordFailure(keys: readonly string[], now = Date.now()): void {
    if (this.settings.failures <= 0) return;
    for (const key of keys) {
      const recent = (this.failures.get(key) ?? []).filter((at) => at > now - this.settings.windowMs);
      recent.push(now);
      if (recent.length >= this.settings.failures) {
        this.blockedUntil.set(key, now + this.settings.blockMs);
        this.failures.delete(key);
      } else {
        this.failures.set(key, recent);
      }
    }
  }
}
