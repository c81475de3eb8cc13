/**
 * The sync's I/O, one activity per step. Each is idempotent: a retry (or a worker killed
 * half-way) repeats the step without double counting, because progress lives in
 * PostgreSQL (`hibob_sync_pages`, `hibob_sync_group_snapshots`), never in the workflow
 * history. No activity returns employee data: only counts and field ids.
 */
import { sql } from 'kysely';
import { setConnectionStatus } from '../db/connections';
import type { ConnectorDb } from '../db/database';
import { upsertEmployees } from '../db/employees';
import type { GroupItem } from '../hibob';
import { HiBobNotFoundError, HiBobPermissionError, SYNC_FIELDS } from '../hibob';
import { FailureType } from '../shared/failure-types';
import { syncScheduleId } from '../shared/ids';
import type { SyncSummary, SyncTriggerName, SyncWarning } from '../shared/sync';
import type { ActivityDeps } from './deps';
import { withTemporalFailures } from './failures';
import { createHiBobAccess } from './hibob-access';
import { activityLog } from './log';

export interface BeginSyncInput {
  connectionId: string;
  trigger: SyncTriggerName;
  workflowId: string;
  runId: string;
}

export interface BeginSyncResult {
  syncRunId: string;
  connectionName: string;
  groupLists: string[];
  pageSize: number;
}

export interface GroupsResult {
  seen: number;
  changed: number;
  warnings: SyncWarning[];
}

export interface ListingResult {
  employeesTotal: number;
  pagesTotal: number;
}

export interface PageResult {
  seen: number;
  changed: number;
  missingFields: string[];
}

export interface FinishSyncInput {
  connectionId: string;
  syncRunId: string;
  /** Field ids that came back on no employee of any page. */
  missingFields: string[];
  groups: GroupsResult;
}

export interface FailSyncInput {
  connectionId: string;
  syncRunId: string | null;
  failureType: string | null;
  message: string;
}

export function createSyncActivities(deps: ActivityDeps) {
  const { db } = deps;
  const openConnection = createHiBobAccess(deps);

  return {
    async beginSyncRun(input: BeginSyncInput): Promise<BeginSyncResult> {
      return withTemporalFailures(async () => {
        const { connection } = await openConnection(input.connectionId);
        // One row per workflow run, whatever the retries of this activity.
        await db
          .insertInto('hibob_sync_runs')
          .values({
            connection_id: input.connectionId,
            workflow_id: input.workflowId,
            run_id: input.runId,
            trigger: input.trigger,
            status: 'running',
            warnings: '[]',
          })
          .onConflict((oc) => oc.column('run_id').doNothing())
          .execute();
        const run = await db.selectFrom('hibob_sync_runs').select('id').where('run_id', '=', input.runId).executeTakeFirstOrThrow();
        activityLog(deps.logger, input.connectionId).info({ syncRunId: run.id, trigger: input.trigger }, 'sync run begun');
        return {
          syncRunId: run.id,
          connectionName: connection.name,
          groupLists: connection.group_lists,
          pageSize: deps.config.sync.pageSize,
        };
      });
    },

    async syncGroups(input: { connectionId: string; syncRunId: string }): Promise<GroupsResult> {
      return withTemporalFailures(async () => {
        const { connection, hibob } = await openConnection(input.connectionId);
        const result: GroupsResult = { seen: 0, changed: 0, warnings: [] };
        for (const listName of connection.group_lists) {
          let items: GroupItem[];
          try {
            items = (await hibob.getNamedList(listName, { includeArchived: true })).items;
          } catch (error) {
            if (error instanceof HiBobPermissionError) {
              result.warnings.push(groupsForbiddenWarning(connection.group_lists));
              break; // every list answers the same; asking again only feeds HiBob's firewall
            }
            if (error instanceof HiBobNotFoundError) {
              result.warnings.push(groupListMissingWarning(listName));
              continue;
            }
            throw error;
          }
          result.seen += items.length;
          result.changed += await upsertGroups(db, input.connectionId, input.syncRunId, listName, items);
        }
        return result;
      });
    },

    async listEmployeeIds(input: { connectionId: string; syncRunId: string; pageSize: number }): Promise<ListingResult> {
      return withTemporalFailures(async () => {
        const stored = await storedListing(db, input.syncRunId);
        if (stored) return stored;
        const { hibob } = await openConnection(input.connectionId);
        const ids = [...new Set(await hibob.listEmployeeIds())].sort();
        const pages = chunk(ids, input.pageSize);
        await db.transaction().execute(async (tx) => {
          await tx.deleteFrom('hibob_sync_pages').where('sync_run_id', '=', input.syncRunId).execute();
          for (const [pageIndex, hibobIds] of pages.entries()) {
            await tx.insertInto('hibob_sync_pages').values({ sync_run_id: input.syncRunId, page_index: pageIndex, hibob_ids: hibobIds }).execute();
          }
          await tx.updateTable('hibob_sync_runs').set({ pages_total: pages.length }).where('id', '=', input.syncRunId).execute();
        });
        return { employeesTotal: ids.length, pagesTotal: pages.length };
      });
    },

    async syncEmployeePage(input: { connectionId: string; syncRunId: string; pageIndex: number }): Promise<PageResult> {
      return withTemporalFailures(async () => {
        const page = await db
          .selectFrom('hibob_sync_pages')
          .selectAll()
          .where('sync_run_id', '=', input.syncRunId)
          .where('page_index', '=', input.pageIndex)
          .executeTakeFirstOrThrow();
        if (page.completed_at) {
          return { seen: page.employees_seen, changed: page.employees_changed, missingFields: page.missing_fields };
        }
        const { hibob } = await openConnection(input.connectionId);
        const batch = await hibob.readEmployeesByIds(page.hibob_ids);
        deps.metrics.employeesRead.inc(batch.employees.length);
        const changed = await db.transaction().execute(async (tx) => {
          const written = await upsertEmployees(tx, input.connectionId, input.syncRunId, batch.employees);
          await tx
            .updateTable('hibob_sync_pages')
            .set({
              completed_at: new Date(),
              employees_seen: batch.employees.length,
              employees_changed: written,
              missing_fields: batch.missingFields,
            })
            .where('sync_run_id', '=', input.syncRunId)
            .where('page_index', '=', input.pageIndex)
            .execute();
          await tx
            .updateTable('hibob_sync_runs')
            .set((eb) => ({
              pages_done: eb('pages_done', '+', 1),
              employees_seen: eb('employees_seen', '+', batch.employees.length),
              employees_changed: eb('employees_changed', '+', written),
            }))
            .where('id', '=', input.syncRunId)
            .execute();
          return written;
        });
        deps.metrics.employeesWritten.inc(changed);
        activityLog(deps.logger, input.connectionId).debug(
          { syncRunId: input.syncRunId, page: input.pageIndex, seen: batch.employees.length, changed },
          'employee page synced',
        );
        return { seen: batch.employees.length, changed, missingFields: batch.missingFields };
      });
    },

    async finishSyncRun(input: FinishSyncInput): Promise<SyncSummary> {
      return withTemporalFailures(async () => {
        const totals = await pageTotals(db, input.syncRunId);
        const warnings = [...input.groups.warnings, ...missingFieldWarnings(input.missingFields)];
        const previous = await lastGoodRun(db, input.connectionId, input.syncRunId);
        const drop = previous && previous.employees_seen > 0 ? 1 - totals.listed / previous.employees_seen : 0;
        const massDrop = drop > deps.config.sync.massDropThreshold;
        if (massDrop) warnings.push(massDropWarning(previous!.employees_seen, totals.listed, deps.config.sync.massDropThreshold));

        const removed = massDrop
          ? { employees: 0, groups: 0 }
          : await markRemoved(db, input.connectionId, input.syncRunId);
        const status: SyncSummary['status'] = massDrop ? 'partial' : 'succeeded';
        await db.transaction().execute(async (tx) => {
          await tx
            .updateTable('hibob_sync_runs')
            .set({
              status,
              finished_at: new Date(),
              employees_seen: totals.seen,
              employees_changed: totals.changed,
              employees_removed: removed.employees,
              groups_seen: input.groups.seen,
              groups_changed: input.groups.changed,
              groups_removed: removed.groups,
              warnings: JSON.stringify(warnings),
            })
            .where('id', '=', input.syncRunId)
            .execute();
          await tx
            .updateTable('hibob_connections')
            .set({ last_sync_at: new Date(), status: 'active', last_error: warnings.length ? warnings.map((w) => w.message).join(' ') : null, updated_at: new Date() })
            .where('id', '=', input.connectionId)
            .execute();
        });
        activityLog(deps.logger, input.connectionId).info(
          { syncRunId: input.syncRunId, status, employees: totals.seen, changed: totals.changed, removed: removed.employees, warnings: warnings.map((w) => w.code) },
          'sync run finished',
        );
        return {
          connectionId: input.connectionId,
          syncRunId: input.syncRunId,
          status,
          employeesSeen: totals.seen,
          employeesChanged: totals.changed,
          employeesRemoved: removed.employees,
          groupsSeen: input.groups.seen,
          groupsChanged: input.groups.changed,
          groupsRemoved: removed.groups,
          warnings,
        };
      });
    },

    /**
     * Records a failed sync. On "Authentication failed" the connection turns `auth_failed`
     * and its schedule pauses (with the fix as the note) until `hibob reconnect`.
     */
    async failSyncRun(input: FailSyncInput): Promise<void> {
      activityLog(deps.logger, input.connectionId).warn({ syncRunId: input.syncRunId, failureType: input.failureType, error: input.message }, 'sync run failed');
      if (input.syncRunId) {
        await db
          .updateTable('hibob_sync_runs')
          .set({ status: 'failed', finished_at: new Date(), error: input.message })
          .where('id', '=', input.syncRunId)
          .where('status', '=', 'running')
          .execute();
      }
      if (input.failureType === FailureType.AuthFailed) {
        await setConnectionStatus(db, input.connectionId, 'auth_failed', input.message);
        await pauseSchedule(deps, input.connectionId, `Paused: ${input.message}`);
      } else {
        await db
          .updateTable('hibob_connections')
          .set({ last_error: input.message, updated_at: new Date() })
          .where('id', '=', input.connectionId)
          .execute();
      }
    },
  };
}

async function pauseSchedule(deps: ActivityDeps, connectionId: string, note: string): Promise<void> {
  if (!deps.temporal) return;
  try {
    await deps.temporal.schedule.getHandle(syncScheduleId(connectionId)).pause(note.slice(0, 1000));
  } catch (error) {
    // A connection without a schedule (manual syncs only) has nothing to pause.
    if ((error as Error).name !== 'ScheduleNotFoundError') throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Writing groups: only rows whose content changed (employees: src/db/employees.ts)

async function upsertGroups(db: ConnectorDb, connectionId: string, syncRunId: string, listName: string, items: GroupItem[]): Promise<number> {
  return db.transaction().execute(async (tx) => {
    let changed = 0;
    if (items.length > 0) {
      const now = new Date();
      const result = await tx
        .insertInto('hibob_groups')
        .values(
          items.map((item) => ({
            connection_id: connectionId,
            list_name: listName,
            item_id: item.id,
            name: item.name,
            parent_item_id: item.parentId,
            archived: item.archived,
            updated_at: now,
            last_seen_sync_id: syncRunId,
            removed_at: null,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['connection_id', 'list_name', 'item_id'])
            .doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              parent_item_id: eb.ref('excluded.parent_item_id'),
              archived: eb.ref('excluded.archived'),
              updated_at: eb.ref('excluded.updated_at'),
              last_seen_sync_id: eb.ref('excluded.last_seen_sync_id'),
              removed_at: null,
            }))
            .where((eb) =>
              eb.or([
                eb('hibob_groups.name', '<>', eb.ref('excluded.name')),
                sql<boolean>`hibob_groups.parent_item_id is distinct from excluded.parent_item_id`,
                eb('hibob_groups.archived', '<>', eb.ref('excluded.archived')),
                eb('hibob_groups.removed_at', 'is not', null),
              ]),
            ),
        )
        .executeTakeFirst();
      changed = Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    await tx
      .insertInto('hibob_sync_group_snapshots')
      .values({ sync_run_id: syncRunId, list_name: listName, item_ids: items.map((i) => i.id) })
      .onConflict((oc) => oc.columns(['sync_run_id', 'list_name']).doUpdateSet((eb) => ({ item_ids: eb.ref('excluded.item_ids') })))
      .execute();
    return changed;
  });
}

// ---------------------------------------------------------------------------------------
// Finishing: totals, removals, warnings

async function storedListing(db: ConnectorDb, syncRunId: string): Promise<ListingResult | undefined> {
  const row = await db
    .selectFrom('hibob_sync_pages')
    .select((eb) => [eb.fn.countAll<string>().as('pages'), sql<string>`coalesce(sum(cardinality(hibob_ids)), 0)`.as('ids')])
    .where('sync_run_id', '=', syncRunId)
    .executeTakeFirstOrThrow();
  const pages = Number(row.pages);
  return pages > 0 ? { pagesTotal: pages, employeesTotal: Number(row.ids) } : undefined;
}

async function pageTotals(db: ConnectorDb, syncRunId: string): Promise<{ listed: number; seen: number; changed: number }> {
  const row = await db
    .selectFrom('hibob_sync_pages')
    .select([
      sql<string>`coalesce(sum(cardinality(hibob_ids)), 0)`.as('listed'),
      sql<string>`coalesce(sum(employees_seen), 0)`.as('seen'),
      sql<string>`coalesce(sum(employees_changed), 0)`.as('changed'),
    ])
    .where('sync_run_id', '=', syncRunId)
    .executeTakeFirstOrThrow();
  return { listed: Number(row.listed), seen: Number(row.seen), changed: Number(row.changed) };
}

async function lastGoodRun(db: ConnectorDb, connectionId: string, currentRunId: string) {
  return db
    .selectFrom('hibob_sync_runs')
    .select(['id', 'employees_seen'])
    .where('connection_id', '=', connectionId)
    .where('status', '=', 'succeeded')
    .where('id', '<>', currentRunId)
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Marks as removed what HiBob no longer lists: employees absent from every page, group items absent from their list. */
async function markRemoved(db: ConnectorDb, connectionId: string, syncRunId: string): Promise<{ employees: number; groups: number }> {
  return db.transaction().execute(async (tx) => {
    // NOT IN over the unnested id lists plans as one hashed subplan: linear in the company's size.
    const employees = await tx
      .updateTable('hibob_employees')
      .set({ removed_at: new Date(), updated_at: new Date() })
      .where('connection_id', '=', connectionId)
      .where('removed_at', 'is', null)
      .where(
        'hibob_id',
        'not in',
        sql<string>`(select unnest(hibob_ids) from hibob_sync_pages where sync_run_id = ${syncRunId})`,
      )
      .executeTakeFirst();
    const groups = await tx
      .updateTable('hibob_groups')
      .set({ removed_at: new Date(), updated_at: new Date() })
      .where('connection_id', '=', connectionId)
      .where('removed_at', 'is', null)
      .where(({ exists, not, selectFrom }) =>
        exists(
          selectFrom('hibob_sync_group_snapshots as s')
            .select(sql`1`.as('one'))
            .where('s.sync_run_id', '=', syncRunId)
            .whereRef('s.list_name', '=', 'hibob_groups.list_name')
            .where(not(sql<boolean>`hibob_groups.item_id = any(s.item_ids)`)),
        ),
      )
      .executeTakeFirst();
    return { employees: Number(employees.numUpdatedRows), groups: Number(groups.numUpdatedRows) };
  });
}

const CATEGORY_LABEL: Record<string, string> = {
  root: 'Basic info (root)',
  work: 'Work',
  internal: 'Lifecycle (internal)',
};

const EMPLOYEES_MISSING_FIX =
  "Open the service user's permission group in HiBob; confirm it includes read access to employees and groups in scope " +
  '(view on the Basic info, Work and Lifecycle categories, over all employees); save the permission group and wait for ' +
  'the next sync, or trigger a manual reconnect.';

export function missingFieldWarnings(missingFields: string[]): SyncWarning[] {
  const byCategory = new Map<string, string[]>();
  for (const field of SYNC_FIELDS) {
    if (!missingFields.includes(field.id)) continue;
    byCategory.set(field.category, [...(byCategory.get(field.category) ?? []), field.label]);
  }
  return [...byCategory].map(([category, labels]) => ({
    code: 'missing_field_category' as const,
    message:
      `Employees or groups missing: no employee came back with ${labels.join(', ')}. ` +
      `Cause: the service user's permission group does not let it view the ${CATEGORY_LABEL[category] ?? category} category.`,
    fix: EMPLOYEES_MISSING_FIX,
    details: { category, fields: SYNC_FIELDS.filter((f) => f.category === category && missingFields.includes(f.id)).map((f) => f.id) },
  }));
}

function massDropWarning(before: number, now: number, threshold: number): SyncWarning {
  return {
    code: 'mass_drop',
    message:
      `Employees or groups missing: HiBob now shows ${now} employees, against ${before} in the last good sync ` +
      `(more than ${Math.round(threshold * 100)}% fewer), so nothing was marked removed. ` +
      "Cause: the service user's permission group does not grant access to the missing records (access rights may have narrowed).",
    fix: EMPLOYEES_MISSING_FIX,
    details: { before, now, threshold },
  };
}

function groupsForbiddenWarning(lists: string[]): SyncWarning {
  return {
    code: 'groups_forbidden',
    message:
      `Employees or groups missing: HiBob denied reading the group lists (${lists.join(', ')}), so teams and departments were not synced. ` +
      "Cause: the service user's permission group does not grant access to the missing records.",
    fix: EMPLOYEES_MISSING_FIX,
    details: { lists },
  };
}

function groupListMissingWarning(listName: string): SyncWarning {
  return {
    code: 'group_list_missing',
    message: `HiBob has no list named "${listName}" (list names are case-sensitive), so it was not synced.`,
    fix: `Check the list's exact name in HiBob (Settings > Lists) and update the connection with \`hibob connect\` or \`hibob reconnect\`.`,
    details: { listName },
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}
