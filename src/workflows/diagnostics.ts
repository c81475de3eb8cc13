import { proxyActivities } from '@temporalio/workflow';
import { activityPolicies } from '../../temporal.config';
import type { ConnectorActivities } from '../activities';
import type { DatabaseCheckResult } from '../activities/diagnostics';

const { recordWorkerCheckin } = proxyActivities<ConnectorActivities>({
  ...activityPolicies.database,
  summary: 'Write and read back this worker check-in in PostgreSQL',
});

/** `hibob doctor`: proves a worker is polling the task queue and reaches PostgreSQL. */
export async function connectorDiagnosticsWorkflow(): Promise<DatabaseCheckResult> {
  return recordWorkerCheckin();
}
