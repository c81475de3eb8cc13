/**
 * The sync workflow's contract: input (validated), progress (the `progress` query) and the
 * summary it returns. Pure: shared by the workflow, the activities and the client.
 */
import { z } from 'zod';

/** A problem that did not stop the sync but leaves data out: said with its fix. */
export interface SyncWarning {
  code: 'missing_field_category' | 'mass_drop' | 'groups_forbidden' | 'group_list_missing';
  message: string;
  fix: string;
  details?: Record<string, unknown>;
}

export const syncTriggerSchema = z.enum(['initial', 'schedule', 'manual', 'reconnect']);
export type SyncTriggerName = z.infer<typeof syncTriggerSchema>;

/** Carried across continue-as-new, so a long sync goes on where it stopped. */
export const syncResumeStateSchema = z.object({
  syncRunId: z.uuid(),
  pagesTotal: z.number().int().min(0),
  pageSize: z.number().int().min(1),
  nextPage: z.number().int().min(0),
  employeesTotal: z.number().int().min(0),
  /** Counts so far, so a continued run's progress goes on from them. */
  employeesSeen: z.number().int().min(0).default(0),
  employeesChanged: z.number().int().min(0).default(0),
  /** Field ids missing from every page so far (null until the first page). */
  missingFields: z.array(z.string()).nullable(),
  groups: z.object({ seen: z.number(), changed: z.number(), warnings: z.array(z.any()) }),
});
export type SyncResumeState = z.infer<typeof syncResumeStateSchema>;

export const syncWorkflowInputSchema = z.object({
  connectionId: z.uuid(),
  trigger: syncTriggerSchema.default('manual'),
  /** Pages read at once; HiBob's rate limit, not this, bounds a real company's sync. */
  pageConcurrency: z.number().int().min(1).max(16).default(2),
  resume: syncResumeStateSchema.optional(),
});
export type SyncWorkflowInput = z.input<typeof syncWorkflowInputSchema>;

export type SyncPhase = 'starting' | 'groups' | 'listing' | 'employees' | 'finishing' | 'done' | 'failed';

export interface SyncProgress {
  connectionId: string;
  syncRunId: string | null;
  phase: SyncPhase;
  pagesDone: number;
  pagesTotal: number;
  employeesTotal: number;
  employeesSeen: number;
  employeesChanged: number;
  groupsSeen: number;
  groupsChanged: number;
  warnings: SyncWarning[];
}

export interface SyncSummary {
  connectionId: string;
  syncRunId: string;
  status: 'succeeded' | 'partial';
  employeesSeen: number;
  employeesChanged: number;
  employeesRemoved: number;
  groupsSeen: number;
  groupsChanged: number;
  groupsRemoved: number;
  warnings: SyncWarning[];
}
