/** `hibob sync`, `hibob runs`, `hibob schedule`. */
import type { Command } from 'commander';
import { z } from 'zod';
import {
  describeSyncSchedule,
  pauseSyncSchedule,
  resumeSyncSchedule,
  startSync,
  triggerSyncSchedule,
  upsertSyncSchedule,
} from '../../client/sync';
import { getConnection } from '../../db/connections';
import { syncIntervalSchema } from '../../shared/duration';
import { withContext } from '../context';
import { action, InputError } from '../errors';
import { formatDate, printFields, printJson, printTable } from '../output';
import { followSync, printSyncSummary } from '../sync-progress';
import { connectionIdArgument } from './connections';

export function registerSyncCommands(program: Command): void {
  program
    .command('sync')
    .description('Start a sync of a connection, or join the one running')
    .argument('<connection>', 'connection id')
    .option('--wait', 'show progress, then the summary')
    .option('--json', 'print one JSON object')
    .action(
      action(async (rawId: string, options: { wait?: boolean; json?: boolean }) => {
        const connectionId = connectionIdArgument.parse(rawId);
        await withContext(async (ctx) => {
          const connection = await getConnection(ctx.db, connectionId);
          const last = await ctx.db
            .selectFrom('hibob_sync_runs')
            .select('employees_seen')
            .where('connection_id', '=', connectionId)
            .where('status', '=', 'succeeded')
            .orderBy('finished_at', 'desc')
            .executeTakeFirst();
          const started = await startSync(ctx.temporal, {
            connectionId,
            taskQueue: ctx.config.temporal.taskQueue,
            trigger: 'manual',
            connectionName: connection.name,
            lastEmployeeCount: last?.employees_seen,
          });
          const summary = options.wait ? await followSync(started.handle, { quiet: options.json }) : undefined;
          if (options.json) return printJson({ ok: true, workflowId: started.workflowId, runId: started.runId, joined: !started.started, summary });
          console.log(`${started.started ? 'Started' : 'Joined the running'} sync ${started.workflowId}`);
          if (summary) printSyncSummary(summary);
        });
      }),
    );

  program
    .command('runs')
    .description('Recent sync runs, newest first')
    .option('--connection <id>', 'only this connection')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: { connection?: string; limit: string; json?: boolean }) => {
        const limit = z.coerce.number().int().min(1).max(1000).parse(options.limit);
        const connectionId = options.connection === undefined ? undefined : connectionIdArgument.parse(options.connection);
        await withContext(
          async ({ db }) => {
            let query = db.selectFrom('hibob_sync_runs').selectAll().orderBy('started_at', 'desc').limit(limit);
            if (connectionId) query = query.where('connection_id', '=', connectionId);
            const runs = await query.execute();
            if (options.json) return printJson({ ok: true, runs });
            printTable(
              ['started', 'connection', 'trigger', 'status', 'employees', 'changed', 'removed', 'groups', 'warnings', 'error'],
              runs.map((r) => [
                formatDate(r.started_at),
                r.connection_id.slice(0, 8),
                r.trigger,
                r.status,
                r.employees_seen,
                r.employees_changed,
                r.employees_removed,
                r.groups_seen,
                r.warnings.length,
                r.error?.slice(0, 60),
              ]),
            );
          },
          { temporal: false },
        );
      }),
    );

  program
    .command('schedule')
    .description("Change or inspect a connection's sync schedule")
    .argument('<connection>', 'connection id')
    .option('--every <interval>', 'new interval: 30m, 1h, 1d...')
    .option('--pause', 'pause periodic syncs')
    .option('--resume', 'resume periodic syncs')
    .option('--trigger', 'run the scheduled sync now')
    .option('--json', 'print one JSON object')
    .action(
      action(async (rawId: string, options: { every?: string; pause?: boolean; resume?: boolean; trigger?: boolean; json?: boolean }) => {
        const connectionId = connectionIdArgument.parse(rawId);
        const chosen = [options.every !== undefined, options.pause, options.resume, options.trigger].filter(Boolean).length;
        if (chosen > 1) throw new InputError('Give one of --every, --pause, --resume or --trigger.');
        await withContext(async (ctx) => {
          const connection = await getConnection(ctx.db, connectionId);
          if (options.every !== undefined) {
            const every = syncIntervalSchema.parse(options.every);
            await upsertSyncSchedule(ctx.temporal, { connectionId, taskQueue: ctx.config.temporal.taskQueue, every, connectionName: connection.name });
            await ctx.db.updateTable('hibob_connections').set({ sync_interval: every, updated_at: new Date() }).where('id', '=', connectionId).execute();
          } else if (options.pause) await pauseSyncSchedule(ctx.temporal, connectionId, 'Paused from the CLI.');
          else if (options.resume) await resumeSyncSchedule(ctx.temporal, connectionId, 'Resumed from the CLI.');
          else if (options.trigger) await triggerSyncSchedule(ctx.temporal, connectionId);
          const schedule = await describeSyncSchedule(ctx.temporal, connectionId);
          if (options.json) return printJson({ ok: true, schedule });
          printFields({
            Schedule: schedule.scheduleId,
            Every: schedule.every === null ? '' : `${Number(schedule.every) / 60_000} min`,
            Paused: schedule.paused ? `yes: ${schedule.note ?? ''}` : 'no',
            Next: schedule.nextActionTimes.map((t) => formatDate(t)).join(', '),
          });
        });
      }),
    );
}
