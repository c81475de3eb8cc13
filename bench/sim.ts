/** Parent side of bench/sim-child.ts: start a simulator process, read its stats, stop it. */
import { fork, type ChildProcess } from 'node:child_process';
import type { SimStats, SimTimeOffRequest, SimulatorOptions } from '../src/simulator';
import { withTimeout } from './util';

export const BENCH_SERVICE_USER = { id: 'SERVICE-USER-BENCH', token: 'tok_bench_0d9c1e2f3a4b5c6d7e8f' } as const;

/** Effectively no limit: the figure measured is the connector's, not HiBob's pacing. */
export const NO_RATE_LIMIT = { peopleSearch: 1_000_000, default: 1_000_000 } as const;

export interface BenchSimulator {
  baseUrl: string;
  adminUrl: string;
  pid: number;
  employees: number;
  stats(): Promise<SimStats>;
  timeOffRequests(): Promise<SimTimeOffRequest[]>;
  close(): Promise<void>;
}

export async function startSimProcess(options: SimulatorOptions): Promise<BenchSimulator> {
  const child: ChildProcess = fork(require.resolve('./sim-child.ts'), [JSON.stringify({ serviceUsers: [BENCH_SERVICE_USER], ...options })], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<{ baseUrl: string; adminUrl: string; employees: number }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { baseUrl: string; adminUrl: string; employees: number }));
    child.once('exit', (code) => reject(new Error(`simulator process exited with code ${code} before listening`)));
  });
  const info = await withTimeout(ready, 180_000, 'simulator start', async () => child.kill('SIGKILL'));
  const admin = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${info.adminUrl}${path}`);
    if (!response.ok) throw new Error(`simulator admin ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    ...info,
    pid: child.pid!,
    stats: () => admin<SimStats>('/stats'),
    timeOffRequests: () => admin<SimTimeOffRequest[]>('/time-off-requests'),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** People searches (the rate-limited endpoint) and 429s between two stats snapshots. */
export function statsDelta(before: SimStats, after: SimStats): { requests: number; peopleSearches: number; rateLimited: number } {
  const searches = (s: SimStats) => Object.values(s.byRoute['POST /v1/people/search'] ?? {}).reduce((a, b) => a + b, 0);
  return {
    requests: after.total - before.total,
    peopleSearches: searches(after) - searches(before),
    rateLimited: after.rateLimited - before.rateLimited,
  };
}
