/**
 * The connector's own Prometheus metrics (Temporal's runtime metrics are exported by the
 * Temporal runtime itself). One registry per worker process.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(registry = new Registry()) {
  collectDefaultMetrics({ register: registry, prefix: 'hibob_connector_' });
  return {
    registry,
    hibobRequests: new Counter({
      name: 'hibob_requests_total',
      help: 'HiBob API requests by endpoint and status (or "network").',
      labelNames: ['endpoint', 'status'] as const,
      registers: [registry],
    }),
    hibobRequestSeconds: new Histogram({
      name: 'hibob_request_duration_seconds',
      help: 'HiBob API request latency.',
      labelNames: ['endpoint'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    rateLimitWaitSeconds: new Counter({
      name: 'hibob_rate_limit_wait_seconds_total',
      help: 'Time spent waiting for HiBob rate-limit windows to reset.',
      registers: [registry],
    }),
    rateLimited: new Counter({ name: 'hibob_rate_limited_total', help: '429 answers received from HiBob.', registers: [registry] }),
    employeesRead: new Counter({ name: 'hibob_employees_read_total', help: 'Employees read from HiBob by syncs.', registers: [registry] }),
    employeesWritten: new Counter({
      name: 'hibob_employees_written_total',
      help: 'Employee rows inserted or changed by syncs.',
      registers: [registry],
    }),
    compensations: new Counter({
      name: 'hibob_timeoff_compensations_total',
      help: 'Time-off requests cancelled in HiBob to undo a failed action.',
      registers: [registry],
    }),
  };
}

export type ConnectorMetrics = ReturnType<typeof createMetrics>;
