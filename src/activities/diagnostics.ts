import { activityInfo } from '@temporalio/activity';
import { sql } from 'kysely';
import type { ActivityDeps } from './deps';

export interface DatabaseCheckResult {
  workerIdentity: string;
  checkedInAt: string;
  postgresVersion: string;
}

export function createDiagnosticsActivities({ db, taskQueue }: ActivityDeps) {
  return {
    /** Writes this worker's check-in and reads it back: proves the worker reaches PostgreSQL. */
    async recordWorkerCheckin(): Promise<DatabaseCheckResult> {
      const info = activityInfo();
      const workerIdentity = `${process.pid}@${info.taskQueue}`;
      const workflowId = info.workflowExecution?.workflowId ?? 'standalone';
      await db
        .insertInto('hibob_worker_checkins')
        .values({ worker_identity: workerIdentity, task_queue: taskQueue, workflow_id: workflowId, checked_in_at: new Date() })
        .onConflict((oc) =>
          oc.column('worker_identity').doUpdateSet({ workflow_id: workflowId, checked_in_at: new Date() }),
        )
        .execute();
      const row = await db.selectFrom('hibob_worker_checkins').selectAll().where('worker_identity', '=', workerIdentity).executeTakeFirstOrThrow();
      const version = await sql<{ server_version: string }>`show server_version`.execute(db);
      return {
        workerIdentity: row.worker_identity,
        checkedInAt: row.checked_in_at.toISOString(),
        postgresVersion: version.rows[0]?.server_version ?? 'unknown',
      };
    },
  };
}
