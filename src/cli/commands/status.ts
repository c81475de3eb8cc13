/** `hibob status WORKFLOW_ID`: any run the connector started, read as an operator would. */
import type { Command } from 'commander';
import { toConnectorError } from '../../client/errors';
import { progressQuery, timeOffStatusQuery } from '../../workflows';
import { withContext } from '../context';
import { action } from '../errors';
import { formatDate, printFields, printJson } from '../output';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('Describe a sync or time-off run: its state, live progress, outcome or failure (cause and fix)')
    .argument('<workflowId>', 'e.g. hibob-sync/<connection id> or hibob-timeoff/<key>')
    .option('--json', 'print one JSON object')
    .action(
      action(async (workflowId: string, options: { json?: boolean }) => {
        await withContext(async ({ temporal }) => {
          const handle = temporal.workflow.getHandle(workflowId);
          const d = await handle.describe();
          const live =
            d.type === 'hibobSyncWorkflow'
              ? await handle.query(progressQuery).catch(() => undefined)
              : d.type === 'createTimeOffRequestWorkflow'
                ? await handle.query(timeOffStatusQuery).catch(() => undefined)
                : undefined;
          let outcome: unknown;
          let failure: { type?: string; message: string; fix?: string } | undefined;
          if (d.status.name !== 'RUNNING') {
            try {
              outcome = await handle.result();
            } catch (error) {
              const typed = toConnectorError(error) as Error & { type?: string; fix?: string };
              failure = { type: typed.type, message: typed.message, fix: typed.fix };
            }
          }
          const summary = { workflowId, runId: d.runId, type: d.type, status: d.status.name, startTime: d.startTime, closeTime: d.closeTime, live, outcome, failure };
          if (options.json) return printJson({ ok: true, ...summary });
          printFields({ Workflow: workflowId, Type: d.type, Status: d.status.name, Started: formatDate(d.startTime), Closed: formatDate(d.closeTime) });
          if (live) console.log(`\nLive: ${JSON.stringify(live, null, 2)}`);
          if (outcome) console.log(`\nOutcome: ${JSON.stringify(outcome, null, 2)}`);
          if (failure) console.log(`\nFailed (${failure.type ?? 'error'}): ${failure.message}${failure.fix && !failure.message.includes(failure.fix) ? `\nFix: ${failure.fix}` : ''}`);
        });
      }),
    );
}
