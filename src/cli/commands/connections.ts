/** `hibob connect`, `hibob reconnect`, `hibob connections`. */
import type { Command } from 'commander';
import { z } from 'zod';
import { connect, reconnect, toPublicConnection, type ConnectResult } from '../../client/connections';
import { listConnections } from '../../db/connections';
import { withContext } from '../context';
import { action, InputError } from '../errors';
import { formatDate, printFields, printJson, printTable } from '../output';
import { followSync, printSyncSummary } from '../sync-progress';

const listOption = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

export function registerConnectionCommands(program: Command): void {
  program
    .command('connect')
    .description('Verify a HiBob service user, store the connection (token encrypted), start the first sync and the schedule')
    .requiredOption('--service-user-id <id>', 'the HiBob service user ID (the Basic auth username)')
    .option('--token <token>', 'the service user token (or set HIBOB_TOKEN, which keeps it out of the process list)')
    .option('--base-url <url>', 'HiBob API base URL (default: HIBOB_BASE_URL or https://api.hibob.com/v1)')
    .option('--name <name>', 'a name for this connection, shown in the Temporal UI')
    .option('--group-lists <lists>', 'named lists synced as groups, comma-separated', listOption, ['department'])
    .option('--every <interval>', 'sync interval: 30m, 1h, 1d...', '1h')
    .option('--wait', 'wait for the first sync and show its progress')
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: { serviceUserId: string; token?: string; baseUrl?: string; name?: string; groupLists: string[]; every: string; wait?: boolean; json?: boolean }) => {
        const token = options.token ?? process.env.HIBOB_TOKEN;
        if (!token) throw new InputError('No token given.', 'Pass --token TOKEN or set HIBOB_TOKEN.');
        await withContext(async (ctx) => {
          const result = await connect(ctx, {
            serviceUserId: options.serviceUserId,
            token,
            baseUrl: options.baseUrl,
            name: options.name,
            groupLists: options.groupLists,
            every: options.every,
          });
          await report(result, options, 'Connected');
        });
      }),
    );

  program
    .command('reconnect')
    .description('Verify the credentials again (optionally new ones), resume a paused schedule and sync now')
    .argument('<connection>', 'connection id')
    .option('--token <token>', 'a new token (or set HIBOB_TOKEN)')
    .option('--service-user-id <id>', 'a new service user ID')
    .option('--wait', 'wait for the sync and show its progress')
    .option('--json', 'print one JSON object')
    .action(
      action(async (connectionId: string, options: { token?: string; serviceUserId?: string; wait?: boolean; json?: boolean }) => {
        await withContext(async (ctx) => {
          const result = await reconnect(ctx, { connectionId, token: options.token ?? process.env.HIBOB_TOKEN, serviceUserId: options.serviceUserId });
          await report(result, options, 'Reconnected');
        });
      }),
    );

  program
    .command('connections')
    .description('List HiBob connections and their state')
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: { json?: boolean }) => {
        await withContext(
          async ({ db }) => {
            const connections = (await listConnections(db)).map(toPublicConnection);
            if (options.json) return printJson({ ok: true, connections });
            printTable(
              ['id', 'name', 'status', 'service user', 'every', 'last sync', 'last error'],
              connections.map((c) => [c.id, c.name, c.status, c.serviceUserId, c.syncInterval, formatDate(c.lastSyncAt), c.lastError?.slice(0, 80)]),
            );
          },
          { temporal: false },
        );
      }),
    );
}

async function report(result: ConnectResult, options: { wait?: boolean; json?: boolean }, verb: string): Promise<void> {
  const summary = options.wait ? await followSync(result.sync.handle, { quiet: options.json }) : undefined;
  if (options.json) {
    return printJson({ ok: true, connectionId: result.connection.id, connection: result.connection, scheduleId: result.scheduleId, syncWorkflowId: result.sync.workflowId, summary });
  }
  console.log(`${verb}: ${result.connection.name}`);
  printFields({ 'Connection id': result.connection.id, Schedule: `${result.scheduleId} (every ${result.connection.syncInterval})`, Sync: result.sync.workflowId });
  if (summary) printSyncSummary(summary);
  else console.log(`\nFollow the sync: hibob sync ${result.connection.id} --wait`);
}

export const connectionIdArgument = z.uuid('must be a connection id (a UUID): see `hibob connections`');
