/** `hibob timeoff create` and `hibob timeoff status`. */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { createTimeOffRequest, getTimeOffRequest } from '../../client/timeoff';
import type { TimeOffStatus } from '../../shared/timeoff';
import { withContext } from '../context';
import { action } from '../errors';
import { printFields, printJson } from '../output';

interface CreateOptions {
  connection: string;
  employee: string;
  policyType: string;
  start: string;
  end: string;
  startPortion?: 'all_day' | 'morning' | 'afternoon';
  endPortion?: 'all_day' | 'morning' | 'afternoon';
  description?: string;
  requestedBy?: string;
  skipManagerApproval?: boolean;
  idempotencyKey?: string;
  wait?: boolean;
  json?: boolean;
}

export function registerTimeOffCommands(program: Command): void {
  const timeoff = program.command('timeoff').description('The Create Time-off Request action');

  timeoff
    .command('create')
    .description('Book time off in HiBob, exactly once per idempotency key (undone if a later step fails)')
    .requiredOption('--connection <id>', 'connection id')
    .requiredOption('--employee <emailOrId>', "the employee's work email or HiBob id")
    .requiredOption('--policy-type <name>', 'HiBob policy type, e.g. Holiday')
    .requiredOption('--start <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--end <date>', 'last day, YYYY-MM-DD')
    .option('--start-portion <portion>', 'all_day | afternoon (or morning on a single day)')
    .option('--end-portion <portion>', 'all_day | morning')
    .option('--description <text>', 'shown to the approver')
    .option('--requested-by <run>', 'the Ravenna run asking for it')
    .option('--skip-manager-approval', 'create it approved (admins only)')
    .option('--idempotency-key <key>', 'the same key never books twice (default: a new one)')
    .option('--wait', 'wait for the final outcome, not just the request')
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: CreateOptions) => {
        const idempotencyKey = options.idempotencyKey ?? `cli-${randomUUID()}`;
        await withContext(async (ctx) => {
          const result = await createTimeOffRequest(
            ctx.temporal,
            {
              connectionId: options.connection,
              employee: options.employee,
              policyType: options.policyType,
              startDate: options.start,
              endDate: options.end,
              startDatePortion: options.startPortion,
              endDatePortion: options.endPortion,
              description: options.description,
              requestedBy: options.requestedBy,
              skipManagerApproval: options.skipManagerApproval ?? false,
              idempotencyKey,
            },
            { taskQueue: ctx.config.temporal.taskQueue, wait: options.wait },
          );
          if (options.json) return printJson({ ok: true, idempotencyKey, ...result });
          printStatus(result);
          if (!options.idempotencyKey) console.log(`Idempotency key: ${idempotencyKey} (pass it again to get this outcome, never a second request)`);
        });
      }),
    );

  timeoff
    .command('status')
    .description('Where a time-off run stands, or its outcome')
    .argument('<workflowId>', 'hibob-timeoff/<idempotency key>')
    .option('--json', 'print one JSON object')
    .action(
      action(async (workflowId: string, options: { json?: boolean }) => {
        await withContext(async (ctx) => {
          const status = await getTimeOffRequest(ctx.temporal, workflowId);
          if (options.json) return printJson({ ok: true, ...status });
          printStatus(status);
        });
      }),
    );
}

function printStatus(status: TimeOffStatus): void {
  printFields({
    Workflow: status.workflowId,
    Status: status.status,
    'HiBob request': status.hibobRequestId,
    'HiBob status': status.requestStatus,
    Employee: status.employeeHibobId,
    Error: status.error,
  });
}
