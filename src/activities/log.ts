/**
 * A logger for the activity being run, carrying the ids an operator searches by: the
 * workflow and run, the activity, and the connection. Never a token: the logger redacts
 * secret-named fields, and activities never pass credentials to it.
 */
import { activityInfo } from '@temporalio/activity';
import type { Logger } from '../observability/logger';

export function activityLog(logger: Logger, connectionId: string): Logger {
  try {
    const info = activityInfo();
    return logger.child({
      connectionId,
      workflowId: info.workflowExecution?.workflowId,
      runId: info.workflowExecution?.runId,
      activity: info.activityType,
      attempt: info.attempt,
    });
  } catch {
    return logger.child({ connectionId });
  }
}
