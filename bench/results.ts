/** The shape of bench/results/latest.json (also what the table is printed from). */
import type { SimulatorSpeed } from './simulator-speed';
import type { HistoryFigures } from './connector';
import type { MachineInfo } from './machine';
import type { TimeOffFigures } from './timeoff';

export type SyncVariant = 'baseline' | 'activities' | 'workflow' | 'workflow-child';

export interface SyncRow {
  employees: number;
  variant: SyncVariant;
  /** Pages per wave: the baseline's and activities' waves, the workflow's pageConcurrency. */
  concurrency: number;
  wallMs: number | null;
  employeesPerSec: number | null;
  /** Employees/s over the pages alone (baseline: after listing; workflow: first page scheduled to last completed). */
  pagesPhaseEmployeesPerSec: number | null;
  rowsWritten: number | null;
  requests: number | null;
  peopleSearches: number | null;
  rateLimited: number | null;
  historyEvents?: number;
  historyRuns?: number;
  detail?: Record<string, unknown>;
  error?: string;
}

export interface RatioRow {
  employees: number;
  pageConcurrency: number;
  baselineConcurrency: number;
  ratio: number | null;
  /** The same ratio over the pages phase only (without begin, groups, listing and finish). */
  pagesPhaseRatio: number | null;
  /** True when both sides read pages in waves of the same size. */
  fair: boolean;
}

export interface ResyncRow {
  employees: number;
  firstWallMs: number | null;
  secondWallMs: number | null;
  secondOverFirst: number | null;
  employeesChanged: number | null;
  pgRowsWritten: number | null;
  pgStatsBefore?: { inserted: number; updated: number };
  pgStatsAfter?: { inserted: number; updated: number };
  historyEvents?: number;
  error?: string;
}

export interface RateLimitResult {
  employees: number;
  pageSize: number;
  pageConcurrency: number;
  limitPerMinute: number;
  peopleSearches: number | null;
  requests: number | null;
  rateLimited: number | null;
  wallMs: number | null;
  /** Start of the window in which the last search may first go, minus the sync's start. */
  minimumByLimitMs: number | null;
  windowsCrossed: number | null;
  excessMs: number | null;
  startOffsetInWindowMs: number | null;
  history?: Pick<HistoryFigures, 'events' | 'runs' | 'retries'>;
  error?: string;
}

export interface MemoryResult {
  employees: number;
  command: string;
  idleRssMb: number | null;
  /** VmHWM before the reset: includes the worker's start (it bundles the workflow code). */
  startupPeakMb: number | null;
  /** VmHWM reset after start, read after the sync: the peak of the sync itself. */
  peakDuringSyncMb: number | null;
  maxSampledRssMb: number | null;
  peakResetWorked: boolean;
  wallMs: number | null;
  employeesPerSec: number | null;
  pagesPhaseEmployeesPerSec: number | null;
  historyEvents: number | null;
  historyRuns: number | null;
  error?: string;
}

export interface BenchResults {
  schema: 1;
  machine: MachineInfo;
  settings: Record<string, unknown>;
  sync: SyncRow[];
  ratios: RatioRow[];
  resync: ResyncRow[];
  rateLimited?: RateLimitResult;
  timeOff?: (TimeOffFigures & { companyEmployees: number }) | { error: string };
  memory?: MemoryResult;
  /** The same worker without the heap cap: what letting V8 grow its heap costs. */
  memoryUncapped?: MemoryResult;
  /** The HiBob simulator's own speed on the largest company. */
  simulator?: SimulatorSpeed;
  targets: { name: string; target: string; value: string; pass: boolean | null }[];
  totalWallMs: number;
}
