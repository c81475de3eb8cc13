/** Shows a running sync with a progress bar fed by its `progress` query, then its summary. */
import type { WorkflowHandle } from '@temporalio/client';
import { waitForSync } from '../client/sync';
import type { SyncSummary } from '../shared/sync';
import type { hibobSyncWorkflow } from '../workflows';
import { progressQuery } from '../workflows';
import { printFields, progressBar } from './output';

export async function followSync(handle: WorkflowHandle<typeof hibobSyncWorkflow>, options: { quiet?: boolean } = {}): Promise<SyncSummary> {
  const bar = options.quiet ? undefined : progressBar('Syncing');
  let started = false;
  const poll = setInterval(() => {
    handle
      .query(progressQuery)
      .then((p) => {
        if (!bar || p.pagesTotal === 0) return;
        const detail = `${p.employeesSeen}/${p.employeesTotal} employees, ${p.employeesChanged} changed`;
        if (!started) {
          bar.start(p.pagesTotal, p.pagesDone, { detail });
          started = true;
        } else bar.update(p.pagesDone, { detail });
      })
      .catch(() => {}); // the run may have just finished
  }, 300);
  try {
    const summary = await waitForSync(handle);
    if (bar && started) {
      bar.update(bar.getTotal(), { detail: `${summary.employeesSeen} employees, ${summary.employeesChanged} changed` });
      bar.stop();
    }
    return summary;
  } finally {
    clearInterval(poll);
    if (bar && started) bar.stop();
  }
}

export function printSyncSummary(summary: SyncSummary): void {
  printFields({
    Status: summary.status,
    'Sync run': summary.syncRunId,
    Employees: `${summary.employeesSeen} seen, ${summary.employeesChanged} changed, ${summary.employeesRemoved} removed`,
    Groups: `${summary.groupsSeen} seen, ${summary.groupsChanged} changed, ${summary.groupsRemoved} removed`,
  });
  for (const warning of summary.warnings) {
    console.log(`\nWarning: ${warning.message}\nFix: ${warning.fix}`);
  }
}
