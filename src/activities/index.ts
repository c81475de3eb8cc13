/**
 * Every activity the worker registers. Activities do the I/O (HiBob, PostgreSQL); the
 * workflows only orchestrate them through `proxyActivities<ConnectorActivities>`.
 */
import type { ActivityDeps } from './deps';
import { createDiagnosticsActivities } from './diagnostics';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDiagnosticsActivities(deps),
  };
}

export type ConnectorActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps };
