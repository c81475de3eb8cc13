/**
 * The Create Time-off Request action through the product's client: latency until the
 * request exists in HiBob (one call at a time), then throughput of confirmed requests
 * with a fixed number in flight.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createTimeOffRequest } from '../src/client/timeoff';
import type { TimeOffRequestInput, TimeOffStatus } from '../src/shared/timeoff';
import { historyFigures } from './connector';
import type { BenchSimulator } from './sim';
import { elapsedMs, errorText, log, now, percentile, withTimeout } from './util';

export interface TimeOffFigures {
  requests: number;
  latency: { ok: number; failed: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number; existInHiBob: number };
  throughput: {
    requests: number;
    inFlight: number;
    confirmed: number;
    failed: number;
    wallMs: number;
    confirmedPerSec: number;
    p50ConfirmMs: number;
    p95ConfirmMs: number;
  };
  /** Mean time per activity over a sample of the latency phase's runs (from their histories). */
  breakdown?: { sampledRuns: number; activityMeanMs: Record<string, number>; scheduleToStartMeanMs: number; orchestrationGapMeanMs: number };
  firstError?: string;
}

export async function runTimeOffBench(options: {
  client: Client;
  sim: BenchSimulator;
  taskQueue: string;
  connectionId: string;
  employeeIds: string[];
  requests: number;
  inFlight: number;
  timeoutMs: number;
}): Promise<TimeOffFigures> {
  const { client, taskQueue } = options;
  const employees = [...options.employeeIds];
  if (employees.length < options.requests * 2) throw new Error(`need ${options.requests * 2} employees for distinct requests, have ${employees.length}`);
  const input = (): TimeOffRequestInput => ({
    connectionId: options.connectionId,
    employee: employees.shift()!,
    policyType: 'Holiday',
    startDate: '2027-07-05',
    endDate: '2027-07-07',
    description: 'Benchmark',
    requestedBy: 'hibob-bench',
    idempotencyKey: `bench-${randomUUID()}`,
  });
  let firstError: string | undefined;

  // Latency: one at a time, from the call until it returns (the HiBob request exists).
  const latencies: number[] = [];
  const createdIds: string[] = [];
  const workflowIds: string[] = [];
  let latencyFailed = 0;
  await withTimeout(
    (async () => {
      for (let i = 0; i < options.requests; i++) {
        const started = now();
        try {
          const status = await createTimeOffRequest(client, input(), { taskQueue });
          latencies.push(elapsedMs(started));
          if (status.hibobRequestId) createdIds.push(status.hibobRequestId);
          workflowIds.push(status.workflowId);
        } catch (error) {
          latencyFailed += 1;
          firstError ??= errorText(error);
        }
        if ((i + 1) % 50 === 0) log(`time-off latency: ${i + 1}/${options.requests}`);
      }
    })(),
    options.timeoutMs,
    'time-off latency phase',
  );
  const breakdown = await timeOffBreakdown(client, workflowIds.slice(-20)).catch(() => undefined);
  const inHiBob = new Set((await options.sim.timeOffRequests()).map((r) => String(r.requestId)));
  const existInHiBob = createdIds.filter((id) => inHiBob.has(id)).length;

  // Throughput: `inFlight` callers, each waiting for the final outcome (confirmed).
  const inputs = Array.from({ length: options.requests }, input);
  const confirmLatencies: number[] = [];
  let confirmed = 0;
  let failed = 0;
  const started = now();
  await withTimeout(
    Promise.all(
      Array.from({ length: Math.min(options.inFlight, inputs.length) }, async () => {
        for (let next = inputs.shift(); next; next = inputs.shift()) {
          const t = now();
          try {
            const status: TimeOffStatus = await createTimeOffRequest(client, next, { taskQueue, wait: true });
            if (status.status === 'confirmed') {
              confirmed += 1;
              confirmLatencies.push(elapsedMs(t));
            } else failed += 1;
          } catch (error) {
            failed += 1;
            firstError ??= errorText(error);
          }
        }
      }),
    ),
    options.timeoutMs,
    'time-off throughput phase',
  );
  const wallMs = elapsedMs(started);
  return {
    requests: options.requests,
    latency: {
      ok: latencies.length,
      failed: latencyFailed,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      existInHiBob,
    },
    throughput: {
      requests: options.requests,
      inFlight: options.inFlight,
      confirmed,
      failed,
      wallMs,
      confirmedPerSec: confirmed / (wallMs / 1000),
      p50ConfirmMs: percentile(confirmLatencies, 50),
      p95ConfirmMs: percentile(confirmLatencies, 95),
    },
    breakdown,
    firstError,
  };
}

/** Where one request's time goes: each activity's mean start-to-close, and Temporal's share between them. */
async function timeOffBreakdown(client: Client, workflowIds: string[]): Promise<TimeOffFigures['breakdown']> {
  const perType = new Map<string, number[]>();
  const s2s: number[] = [];
  const gaps: number[] = [];
  for (const id of workflowIds) {
    const h = await historyFigures(client, id, undefined);
    for (const [type, f] of Object.entries(h.byActivity)) {
      perType.set(type, [...(perType.get(type) ?? []), f.meanStartToCloseMs]);
      s2s.push(f.meanScheduleToStartMs);
    }
    if (Number.isFinite(h.meanOrchestrationGapMs)) gaps.push(h.meanOrchestrationGapMs);
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    sampledRuns: workflowIds.length,
    activityMeanMs: Object.fromEntries([...perType].map(([type, xs]) => [type, Math.round(avg(xs) * 10) / 10])),
    scheduleToStartMeanMs: Math.round(avg(s2s) * 10) / 10,
    orchestrationGapMeanMs: Math.round(avg(gaps) * 10) / 10,
  };
}
