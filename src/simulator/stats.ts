/** Request counters the tests and benchmarks read through RunningSimulator.stats(). */
import type { SimStats } from './types';

export class StatsCollector {
  private current: SimStats = StatsCollector.empty();

  private static empty(): SimStats {
    return { total: 0, byRoute: {}, rateLimited: 0, submitsCommitted: 0, cancels: 0, dropped: 0, wafBlocked: 0, injectedErrors: 0 };
  }

  /** `outcome` is the status code, or "dropped" when the socket was destroyed unanswered. */
  record(route: string, outcome: number | 'dropped'): void {
    this.current.total++;
    const byStatus = (this.current.byRoute[route] ??= {});
    byStatus[String(outcome)] = (byStatus[String(outcome)] ?? 0) + 1;
    if (outcome === 429) this.current.rateLimited++;
    if (outcome === 'dropped') this.current.dropped++;
  }

  count(counter: 'submitsCommitted' | 'cancels' | 'wafBlocked' | 'injectedErrors'): void {
    this.current[counter]++;
  }

  snapshot(): SimStats {
    return structuredClone(this.current);
  }

  reset(): void {
    this.current = StatsCollector.empty();
  }
}
