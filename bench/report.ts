/** The printed tables (stdout) and the targets check. */
import Table from 'cli-table3';
import type { BenchResults } from './results';

const n = (v: number | null | undefined, digits = 0): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const s = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '-' : n(ms / 1000, 1));
const ok = (pass: boolean | null): string => (pass === null ? 'n/a' : pass ? 'PASS' : 'FAIL');

function table(title: string, head: string[], rows: (string | number)[][]): void {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) t.push(row.map(String));
  console.log(`\n${title}\n${t.toString()}`);
}

export function targetsOf(r: BenchResults): BenchResults['targets'] {
  const targets: BenchResults['targets'] = [];
  if (r.simulator) {
    const slowest = Math.max(r.simulator.listAllIdsMedianMs, r.simulator.batchOf500MedianMs);
    targets.push({ name: `simulator people search over ${n(r.simulator.employees)} employees (median)`, target: '< 1,000 ms', value: `${n(slowest, 1)} ms`, pass: slowest < 1000 });
  }
  for (const ratio of r.ratios.filter((x) => x.fair)) {
    targets.push({
      name: `workflow/baseline employees/s, ${n(ratio.employees)} employees, pageConcurrency ${ratio.pageConcurrency}`,
      target: '>= 0.8',
      value: n(ratio.ratio, 2),
      pass: ratio.ratio === null ? null : ratio.ratio >= 0.8,
    });
  }
  if (r.rateLimited) {
    targets.push({
      name: `429s under HiBob's limit (${n(r.rateLimited.employees)} employees, page size ${r.rateLimited.pageSize})`,
      target: '0',
      value: n(r.rateLimited.rateLimited),
      pass: r.rateLimited.rateLimited === null ? null : r.rateLimited.rateLimited === 0,
    });
  }
  for (const row of r.resync) {
    targets.push({
      name: `rows written by a no-change sync, ${n(row.employees)} employees (summary / PostgreSQL)`,
      target: '0',
      value: `${n(row.employeesChanged)} / ${n(row.pgRowsWritten)}`,
      pass: row.employeesChanged === null || row.pgRowsWritten === null ? null : row.employeesChanged === 0 && row.pgRowsWritten === 0,
    });
  }
  if (r.memory) {
    targets.push({
      name: `worker peak RSS during the ${n(r.memory.employees)} sync`,
      target: '< 300 MB',
      value: `${n(r.memory.peakDuringSyncMb, 1)} MB (start-up peak ${n(r.memory.startupPeakMb, 1)} MB)`,
      pass: r.memory.peakDuringSyncMb === null ? null : r.memory.peakDuringSyncMb < 300,
    });
  }
  const historyRows = r.sync.filter((x) => x.historyEvents !== undefined);
  if (historyRows.length) {
    const worst = Math.max(...historyRows.map((x) => x.historyEvents!));
    targets.push({ name: 'history events per sync (summed over continue-as-new runs), worst run', target: '< 2,000', value: n(worst), pass: worst < 2000 });
  }
  return targets;
}

function printSimulatorSpeed(r: BenchResults): void {
  if (!r.simulator) return;
  const x = r.simulator;
  table(
    `HiBob simulator (median of ${x.samples})`,
    ['Employees', 'Generate ms', 'List all ids ms', 'Batch of 500 ms'],
    [[n(x.employees), n(x.generateMs), n(x.listAllIdsMedianMs, 1), n(x.batchOf500MedianMs, 1)]],
  );
}

export function printReport(r: BenchResults): void {
  const m = r.machine;
  console.log(
    `\nHiBob connector benchmark, ${m.date}\n` +
      `${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}; Node ${m.node}; Temporal SDK ${m.temporalSdk}; ${m.temporalCli}; ` +
      `PostgreSQL ${m.postgres} (${m.postgresSource}); load average ${m.loadAverageStart} -> ${m.loadAverageEnd ?? '?'}`,
  );

  if (r.sync.length) {
    table(
      'Full sync, no rate limit (page size ' + String(r.settings.pageSize) + ')',
      ['Employees', 'Variant', 'Waves', 'Wall s', 'Employees/s', 'Pages-phase empl/s', 'Rows written', 'Searches', '429s', 'History events'],
      r.sync.map((x) => [
        n(x.employees),
        x.variant,
        x.concurrency,
        x.error ? 'error' : s(x.wallMs),
        n(x.employeesPerSec),
        n(x.pagesPhaseEmployeesPerSec),
        n(x.rowsWritten),
        n(x.peopleSearches),
        n(x.rateLimited),
        x.historyEvents === undefined ? '-' : `${n(x.historyEvents)}${x.historyRuns && x.historyRuns > 1 ? ` (${x.historyRuns} runs)` : ''}`,
      ]),
    );
    for (const x of r.sync.filter((y) => y.error)) console.log(`  ${x.variant} c=${x.concurrency} at ${n(x.employees)}: ${x.error}`);
  }
  if (r.ratios.length) {
    table(
      'Workflow against the baseline (employees/s ratio; target >= 0.8)',
      ['Employees', 'pageConcurrency', 'Baseline waves', 'Ratio', 'Pages-phase ratio', 'Pairing'],
      r.ratios.map((x) => [n(x.employees), x.pageConcurrency, x.baselineConcurrency, n(x.ratio, 2), n(x.pagesPhaseRatio, 2), x.fair ? 'fair (same waves)' : 'unfair (more parallel than baseline)']),
    );
  }
  const bySize = [...new Set(r.sync.map((x) => x.employees))];
  const breakdown: string[][] = [];
  for (const size of bySize) {
    const rows = r.sync.filter((x) => x.employees === size && !x.error);
    const base = rows.find((x) => x.variant === 'baseline' && x.concurrency === 1)?.detail as Record<string, number> | undefined;
    const act = rows.find((x) => x.variant === 'activities')?.detail as { phasesMs?: Record<string, number> } | undefined;
    const wf = rows.find((x) => x.variant === 'workflow' && x.concurrency === 1)?.detail as
      | { activityMsByType?: Record<string, { meanMs: number; totalMs: number }>; pageScheduleToStartMs?: number; orchestrationGapMs?: number }
      | undefined;
    if (base) breakdown.push([n(size), 'baseline c=1', `list ${n(base.listMs)} ms; per page: read ${n(base.readMsPerPage, 1)} ms, upsert ${n(base.upsertMsPerPage, 1)} ms (reads ${n((base.readShare ?? 0) * 100)}%)`]);
    if (act?.phasesMs) {
      const p = act.phasesMs;
      breakdown.push([n(size), 'activities c=1', `begin ${n(p.begin)}, groups ${n(p.groups)}, listing ${n(p.listing)}, pages ${n(p.pages)}, finish ${n(p.finish)} ms`]);
    }
    if (wf?.activityMsByType) {
      const t = wf.activityMsByType;
      breakdown.push([
        n(size),
        'workflow pc=1',
        `page activity ${n(t.syncEmployeePage?.meanMs, 1)} ms mean; per activity: schedule-to-start ${n(wf.pageScheduleToStartMs, 1)} ms, ` +
          `workflow-task gap ${n(wf.orchestrationGapMs, 1)} ms; finish ${n(t.finishSyncRun?.totalMs)} ms, listing ${n(t.listEmployeeIds?.totalMs)} ms`,
      ]);
    }
  }
  if (breakdown.length) table('Where the time goes', ['Employees', 'Run', 'Breakdown'], breakdown);

  if (r.resync.length) {
    table(
      'Second sync with nothing changed (default pageConcurrency)',
      ['Employees', 'First s', 'Second s', 'Second/first', 'employeesChanged', 'PG rows ins+upd', 'History events'],
      r.resync.map((x) => [n(x.employees), s(x.firstWallMs), s(x.secondWallMs), n(x.secondOverFirst, 2), n(x.employeesChanged), n(x.pgRowsWritten), n(x.historyEvents)]),
    );
    for (const x of r.resync.filter((y) => y.error)) console.log(`  resync at ${n(x.employees)}: ${x.error}`);
  }
  if (r.rateLimited) {
    const x = r.rateLimited;
    table(
      `Sync under HiBob's limit (${x.limitPerMinute} people searches a minute)`,
      ['Employees', 'Page size', 'Searches', 'All requests', '429s', 'Wall s', 'Least allowed s', 'Windows crossed', 'Excess s'],
      [[n(x.employees), x.pageSize, n(x.peopleSearches), n(x.requests), n(x.rateLimited), x.error ? 'error' : s(x.wallMs), s(x.minimumByLimitMs), n(x.windowsCrossed), s(x.excessMs)]],
    );
    if (x.error) console.log(`  ${x.error}`);
  }
  if (r.timeOff) {
    if ('error' in r.timeOff) console.log(`\nTime off: error: ${r.timeOff.error}`);
    else {
      const t = r.timeOff;
      table(
        'Time-off action (createTimeOffRequest without wait = until the HiBob request exists)',
        ['Requests', 'p50 ms', 'p95 ms', 'p99 ms', 'Exist in HiBob', `Confirmed/s (${t.throughput.inFlight} in flight)`, 'Confirm p50/p95 ms', 'Failed'],
        [[
          n(t.requests),
          n(t.latency.p50Ms),
          n(t.latency.p95Ms),
          n(t.latency.p99Ms),
          `${n(t.latency.existInHiBob)}/${n(t.latency.ok)}`,
          n(t.throughput.confirmedPerSec, 1),
          `${n(t.throughput.p50ConfirmMs)}/${n(t.throughput.p95ConfirmMs)}`,
          n(t.latency.failed + t.throughput.failed),
        ]],
      );
      if (t.breakdown) {
        const b = t.breakdown;
        console.log(
          `  per request (mean of ${b.sampledRuns} runs): ` +
            Object.entries(b.activityMeanMs).map(([k, v]) => `${k} ${n(v)} ms`).join(', ') +
            `; Temporal: schedule-to-start ${n(b.scheduleToStartMeanMs, 1)} ms and workflow-task gap ${n(b.orchestrationGapMeanMs, 1)} ms per activity`,
        );
      }
      if (t.firstError) console.log(`  first error: ${t.firstError}`);
    }
  }
  const memoryRows = [r.memory, r.memoryUncapped].filter((x): x is NonNullable<typeof x> => x !== undefined);
  if (memoryRows.length) {
    table(
      'Worker as a child process: resident memory (VmHWM; the sync peak is read after resetting it post start-up)',
      ['Command', 'Employees', 'Idle RSS MB', 'Start-up peak MB', 'Sync peak MB', 'Max sampled MB', 'Wall s', 'Employees/s', 'History events'],
      memoryRows.map((x) => [x.command, n(x.employees), n(x.idleRssMb, 1), n(x.startupPeakMb, 1), n(x.peakDuringSyncMb, 1), n(x.maxSampledRssMb, 1), x.error ? 'error' : s(x.wallMs), n(x.employeesPerSec), n(x.historyEvents)]),
    );
    for (const x of memoryRows.filter((y) => y.error)) console.log(`  ${x.command}: ${x.error}`);
  }
  printSimulatorSpeed(r);
  if (r.targets.length) table('Targets', ['Figure', 'Target', 'Value', 'Result'], r.targets.map((t) => [t.name, t.target, t.value, ok(t.pass)]));
  console.log(`\nTotal ${s(r.totalWallMs)} s`);
}
