/**
 * Every activity the worker registers. Activities do the I/O (HiBob, PostgreSQL); the
 * workflows only orchestrate them through `proxyActivities<ConnectorActivities>`.
 */
import type { ActivityDeps } from './deps';
import { createDiagnosticsActivities } from './diagnostics';
import { createSyncActivities } from './sync';
import { createTimeOffActivities } from './timeoff';

export function createActivities(deps: ActivityDeps) {
  return {
    ...createDiagnosticsActivities(deps),
    ...createSyncActivities(deps),
    ...createTimeOffActivities(deps),
  };
}

export type ConnectorActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps };
