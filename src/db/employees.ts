/**
 * Writing synced employees: one statement per batch, touching only rows whose content
 * changed (or that come back after being marked removed), so a sync with no change
 * writes nothing.
 */
import { createHash } from 'node:crypto';
import type { NormalizedEmployee } from '../hibob/model';
import type { ConnectorDb } from './database';

/** Hash of everything we store about an employee: equal hash, nothing to write. */
export function employeeContentHash(e: NormalizedEmployee): string {
  const content = [
    e.email, e.displayName, e.firstName, e.surname, e.jobTitle, e.departmentId, e.departmentName,
    e.managerHibobId, e.status, e.lifecycleStatus, e.hireDate, e.site,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

/** Upserts a batch; returns how many rows were inserted, changed, or brought back from removed. */
export async function upsertEmployees(db: ConnectorDb, connectionId: string, syncRunId: string, employees: NormalizedEmployee[]): Promise<number> {
  if (employees.length === 0) return 0;
  const now = new Date();
  const rows = employees.map((e) => ({
    connection_id: connectionId,
    hibob_id: e.hibobId,
    email: e.email,
    display_name: e.displayName,
    first_name: e.firstName,
    surname: e.surname,
    job_title: e.jobTitle,
    department_id: e.departmentId,
    department_name: e.departmentName,
    manager_hibob_id: e.managerHibobId,
    status: e.status,
    lifecycle_status: e.lifecycleStatus,
    hire_date: e.hireDate,
    site: e.site,
    content_hash: employeeContentHash(e),
    updated_at: now,
    last_seen_sync_id: syncRunId,
    removed_at: null,
  }));
  const result = await db
    .insertInto('hibob_employees')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'hibob_id'])
        .doUpdateSet((eb) => ({
          email: eb.ref('excluded.email'),
          display_name: eb.ref('excluded.display_name'),
          first_name: eb.ref('excluded.first_name'),
          surname: eb.ref('excluded.surname'),
          job_title: eb.ref('excluded.job_title'),
          department_id: eb.ref('excluded.department_id'),
          department_name: eb.ref('excluded.department_name'),
          manager_hibob_id: eb.ref('excluded.manager_hibob_id'),
          status: eb.ref('excluded.status'),
          lifecycle_status: eb.ref('excluded.lifecycle_status'),
          hire_date: eb.ref('excluded.hire_date'),
          site: eb.ref('excluded.site'),
          content_hash: eb.ref('excluded.content_hash'),
          updated_at: eb.ref('excluded.updated_at'),
          last_seen_sync_id: eb.ref('excluded.last_seen_sync_id'),
          removed_at: null,
        }))
        .where((eb) =>
          eb.or([
            eb('hibob_employees.content_hash', '<>', eb.ref('excluded.content_hash')),
            eb('hibob_employees.removed_at', 'is not', null),
          ]),
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
