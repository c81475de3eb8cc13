/**
 * Injected faults. Decisions come from a seeded PRNG so a failing run can be replayed
 * with the same seed.
 */
import { createRandom } from './prng';
import type { Random } from './prng';
import type { SimFaults } from './types';

const INJECTED_STATUSES = [500, 502, 503] as const;

export class FaultState {
  private readonly faults: Required<SimFaults> = {
    errorRate: 0, latencyMs: 0, latencyJitterMs: 0, dropRate: 0, rateLimitBurst: 0, dropAfterCommitSubmits: 0,
  };
  private readonly random: Random;

  constructor(seed: number, initial: SimFaults = {}) {
    this.random = createRandom(seed ^ 0x2545f491);
    this.merge(initial);
  }

  /** Overwrites only the faults given; undefined leaves a fault as it is. */
  merge(faults: SimFaults): void {
    for (const [name, value] of Object.entries(faults) as [keyof SimFaults, number | undefined][]) {
      if (value !== undefined) this.faults[name] = value;
    }
  }

  current(): Required<SimFaults> {
    return { ...this.faults };
  }

  delayMs(): number {
    const jitter = this.faults.latencyJitterMs > 0 ? this.random.next() * this.faults.latencyJitterMs : 0;
    return this.faults.latencyMs + jitter;
  }

  shouldDrop(): boolean {
    return this.faults.dropRate > 0 && this.random.next() < this.faults.dropRate;
  }

  /** A 5xx status to answer with, or null. */
  injectedError(): number | null {
    if (this.faults.errorRate <= 0 || this.random.next() >= this.faults.errorRate) return null;
    return this.random.pick(INJECTED_STATUSES);
  }

  takeRateLimitBurst(): boolean {
    return this.take('rateLimitBurst');
  }

  takeDropAfterCommit(): boolean {
    return this.take('dropAfterCommitSubmits');
  }

  private take(counter: 'rateLimitBurst' | 'dropAfterCommitSubmits'): boolean {
    if (this.faults[counter] <= 0) return false;
    this.faults[counter]--;
    return true;
  }
}
