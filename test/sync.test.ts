/**
 * Connect and sync against the real stack: the simulator, the real Temporal dev server
 * and a real PostgreSQL database.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, reconnect } from '../src/client/connections';
import { HiBobAuthFailed } from '../src/client/errors';
import { describeSyncSchedule, startSync, triggerSyncSchedule, waitForSync } from '../src/client/sync';
import type { SimEmployee } from '../src/simulator';
import { SERVICE_USER, startTestConnector, type TestConnector } from './support/connector';

let t: TestConnector;
let connectionId: string;

before(async () => {
  t = await startTestConnector();
});
after(async () => {
  await t?.stop();
});

async function syncNow(trigger: 'manual' | 'reconnect' = 'manual') {
  const started = await startSync(t.worker.client, { connectionId, taskQueue: t.ctx.config.temporal.taskQueue, trigger });
  return waitForSync(started.handle);
}

function expectedRow(e: SimEmployee) {
  const company = t.sim.company;
  const department = e.departmentId ? company.list('department')?.item(e.departmentId) : undefined;
  return {
    hibob_id: e.id,
    email: e.email?.toLowerCase() ?? null,
    display_name: e.displayName,
    first_name: e.firstName,
    surname: e.surname,
    job_title: e.titleId ? (company.list('title')?.item(e.titleId)?.name ?? null) : null,
    department_id: e.departmentId,
    department_name: department?.name ?? null,
    manager_hibob_id: e.managerId,
    status: e.status,
    lifecycle_status: e.lifecycleStatus,
    hire_date: e.startDate,
    site: e.siteId ? (company.list('site')?.item(e.siteId)?.name ?? null) : null,
  };
}

async function storedEmployees() {
  const rows = await t.database.db.selectFrom('hibob_employees').selectAll().where('connection_id', '=', connectionId).execute();
  return new Map(rows.map((r) => [r.hibob_id, r]));
}

describe('connect and the first sync', () => {
  test('connect reports 401, 403, network failure and pasted whitespace each as such, storing nothing', async () => {
    t.sim.admin.addServiceUser({ id: 'SERVICE-USER-NEW', token: 'tok_new_user_without_group', permissions: { none: true } });
    const attempt = (serviceUserId: string, token: string, baseUrl = t.sim.baseUrl) => connect(t.ctx, { serviceUserId, token, baseUrl });
    await assert.rejects(attempt(SERVICE_USER.id, 'wrong-token'), (e: Error) => e.name === 'HiBobAuthError' && /Authentication failed/.test(e.message));
    await assert.rejects(
      attempt('SERVICE-USER-NEW', 'tok_new_user_without_group'),
      (e: Error) => e.name === 'HiBobPermissionError' && /Employees or groups missing/.test(e.message) && /permission group/.test(e.message),
    );
    await assert.rejects(attempt(SERVICE_USER.id, SERVICE_USER.token, 'http://127.0.0.1:1/v1'), (e: Error) => e.name === 'HiBobNetworkError' && /Could not reach HiBob/.test(e.message));
    await assert.rejects(attempt(`${SERVICE_USER.id} `, SERVICE_USER.token), (e: Error) => e.name === 'CredentialsFormatError' && /service user ID/.test(e.message));
    const stored = await t.database.db.selectFrom('hibob_connections').select('id').execute();
    assert.equal(stored.length, 0);
  });


  test('connect verifies, stores the token encrypted, starts the first sync and the schedule', async () => {
    const result = await connect(t.ctx, {
      serviceUserId: SERVICE_USER.id,
      token: SERVICE_USER.token,
      baseUrl: t.sim.baseUrl,
      name: 'Acme',
      groupLists: ['department', 'team'],
      every: '1h',
    });
    connectionId = result.connection.id;
    assert.equal(result.sync.started, true);
    assert.equal(result.sync.workflowId, `hibob-sync/${connectionId}`);
    const summary = await waitForSync(result.sync.handle);
    assert.equal(summary.status, 'succeeded');
    assert.deepEqual(summary.warnings, []);

    const row = await t.database.db.selectFrom('hibob_connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow();
    assert.notEqual(row.token_ciphertext, SERVICE_USER.token);
    assert.ok(!row.token_ciphertext.includes(SERVICE_USER.token));
    assert.equal(row.status, 'active');
    const schedule = await describeSyncSchedule(t.worker.client, connectionId);
    assert.equal(schedule.paused, false);
    assert.equal(schedule.every, 3_600_000);
  });

  test('every employee HiBob lists is stored field by field', async () => {
    const stored = await storedEmployees();
    assert.equal(stored.size, t.sim.company.employees.length);
    for (const e of t.sim.company.employees) {
      const row = stored.get(e.id);
      assert.ok(row, `employee ${e.id} stored`);
      const { hibob_id, email, display_name, first_name, surname, job_title, department_id, department_name, manager_hibob_id, status, lifecycle_status, hire_date, site } = row;
      assert.deepEqual(
        { hibob_id, email, display_name, first_name, surname, job_title, department_id, department_name, manager_hibob_id, status, lifecycle_status, hire_date, site },
        expectedRow(e),
      );
      assert.equal(row.removed_at, null);
    }
  });

  test('departments (a tree) and teams are stored as groups', async () => {
    const groups = await t.database.db.selectFrom('hibob_groups').selectAll().where('connection_id', '=', connectionId).execute();
    for (const listName of ['department', 'team']) {
      const list = t.sim.company.list(listName)!;
      const stored = groups.filter((g) => g.list_name === listName);
      assert.equal(stored.length, list.items.length, `${listName} items`);
      for (const item of list.items) {
        const row = stored.find((g) => g.item_id === item.id)!;
        assert.deepEqual([row.name, row.parent_item_id, row.archived], [item.name, item.parentId, item.archived]);
      }
    }
    assert.ok(groups.some((g) => g.list_name === 'department' && g.parent_item_id !== null), 'department tree has children');
  });

  test('the sync run row records the summary', async () => {
    const run = await t.database.db.selectFrom('hibob_sync_runs').selectAll().where('connection_id', '=', connectionId).executeTakeFirstOrThrow();
    assert.equal(run.status, 'succeeded');
    assert.equal(run.trigger, 'initial');
    assert.equal(run.employees_seen, t.sim.company.employees.length);
    assert.equal(run.employees_changed, t.sim.company.employees.length);
    assert.equal(run.pages_total, Math.ceil(t.sim.company.employees.length / 25));
    assert.ok(run.finished_at);
  });
});

describe('later syncs', () => {
  test('a second sync with no change writes no row', async () => {
    const before = await storedEmployees();
    const summary = await syncNow();
    assert.equal(summary.employeesChanged, 0);
    assert.equal(summary.groupsChanged, 0);
    assert.equal(summary.employeesRemoved, 0);
    const afterSync = await storedEmployees();
    for (const [id, row] of afterSync) assert.equal(row.updated_at.getTime(), before.get(id)!.updated_at.getTime());
  });

  test('hire, terminate, move, manager change, rename and archive propagate', async () => {
    const admin = t.sim.admin;
    const employees = t.sim.company.employees.filter((e) => e.lifecycleStatus === 'employed');
    const [leaver, mover, report] = [employees[10]!, employees[11]!, employees[12]!];
    const departments = t.sim.company.list('department')!.items;
    const target = departments.find((d) => d.id !== mover.departmentId && !d.archived)!;
    const renamedTo = `${target.name} (renamed)`;
    const newManager = employees[3]!;
    const hiredId = admin.hire({ firstName: 'Zoë', surname: 'Ångström', departmentId: target.id, managerId: newManager.id, title: 'Accountant' });
    admin.terminate(leaver.id);
    admin.moveDepartment(mover.id, target.id);
    admin.changeManager(report.id, newManager.id);
    admin.renameListItem('department', target.id, renamedTo);
    const toArchive = departments.find((d) => d.id !== target.id && !d.archived)!;
    admin.archiveListItem('department', toArchive.id);

    const summary = await syncNow();
    assert.equal(summary.groupsChanged, 2);
    const stored = await storedEmployees();
    for (const id of [hiredId, leaver.id, mover.id, report.id]) {
      const e = t.sim.company.employee(id)!;
      const { hibob_id, email, display_name, first_name, surname, job_title, department_id, department_name, manager_hibob_id, status, lifecycle_status, hire_date, site } = stored.get(id)!;
      assert.deepEqual(
        { hibob_id, email, display_name, first_name, surname, job_title, department_id, department_name, manager_hibob_id, status, lifecycle_status, hire_date, site },
        expectedRow(e),
      );
    }
    assert.equal(stored.get(leaver.id)!.lifecycle_status, 'terminated');
    assert.equal(stored.get(mover.id)!.department_name, renamedTo);
    assert.equal(stored.get(hiredId)!.first_name, 'Zoë');
    const archived = await t.database.db
      .selectFrom('hibob_groups')
      .select('archived')
      .where('connection_id', '=', connectionId)
      .where('list_name', '=', 'department')
      .where('item_id', '=', toArchive.id)
      .executeTakeFirstOrThrow();
    assert.equal(archived.archived, true);
    // Every employee in the renamed department changed (department_name), plus the hire, the leaver, the mover and the report.
    assert.ok(summary.employeesChanged >= 4);
  });

  test('an employee HiBob no longer lists is marked removed, not deleted', async () => {
    // Narrowing the access scope to active employees hides leavers and pre-hires (under the 20% guard).
    t.sim.admin.setPermissions(SERVICE_USER.id, { scope: 'active' });
    try {
      const hidden = t.sim.company.employees.filter((e) => e.lifecycleStatus !== 'employed');
      assert.ok(hidden.length > 0 && hidden.length < t.sim.company.employees.length * 0.2);
      const summary = await syncNow();
      assert.equal(summary.status, 'succeeded');
      assert.equal(summary.employeesRemoved, hidden.length);
      const stored = await storedEmployees();
      for (const e of hidden) assert.ok(stored.get(e.id)!.removed_at, `${e.id} marked removed`);
    } finally {
      t.sim.admin.setPermissions(SERVICE_USER.id, {});
    }
    const restored = await syncNow();
    assert.equal(restored.employeesRemoved, 0);
    const stored = await storedEmployees();
    assert.ok([...stored.values()].every((r) => r.removed_at === null), 'they come back when visible again');
  });

  test('a field category the service user cannot view yields a warning naming it and the fix', async () => {
    t.sim.admin.setPermissions(SERVICE_USER.id, { categories: ['root', 'internal'] });
    try {
      const summary = await syncNow();
      const warning = summary.warnings.find((w) => w.code === 'missing_field_category');
      assert.ok(warning, JSON.stringify(summary.warnings));
      assert.match(warning.message, /Work category/);
      assert.match(warning.message, /job title/);
      assert.match(warning.fix, /permission group/);
      const run = await t.database.db.selectFrom('hibob_sync_runs').select('warnings').where('id', '=', summary.syncRunId).executeTakeFirstOrThrow();
      assert.equal(run.warnings[0]?.code, 'missing_field_category');
    } finally {
      t.sim.admin.setPermissions(SERVICE_USER.id, {});
    }
  });

  test('a 403 on the group lists yields the groups warning and removes no group', async () => {
    t.sim.admin.setPermissions(SERVICE_USER.id, { lists: false });
    try {
      const summary = await syncNow();
      const warning = summary.warnings.find((w) => w.code === 'groups_forbidden');
      assert.ok(warning, JSON.stringify(summary.warnings));
      assert.match(warning.message, /Employees or groups missing/);
      assert.equal(summary.groupsRemoved, 0);
    } finally {
      t.sim.admin.setPermissions(SERVICE_USER.id, {});
    }
  });

  test('the schedule starts a sync under the same workflow id, recorded with the schedule trigger', async () => {
    await triggerSyncSchedule(t.worker.client, connectionId);
    const deadline = Date.now() + 30_000;
    let run;
    while (!run && Date.now() < deadline) {
      run = await t.database.db
        .selectFrom('hibob_sync_runs')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .where('trigger', '=', 'schedule')
        .where('status', '=', 'succeeded')
        .executeTakeFirst();
      if (!run) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(run, 'a scheduled sync ran');
    assert.equal(run.workflow_id, `hibob-sync/${connectionId}`);
  });

  test('a second request for a running sync joins it', async () => {
    const first = await startSync(t.worker.client, { connectionId, taskQueue: t.ctx.config.temporal.taskQueue });
    const second = await startSync(t.worker.client, { connectionId, taskQueue: t.ctx.config.temporal.taskQueue });
    assert.equal(second.started, false);
    assert.equal(second.runId, first.runId);
    await waitForSync(first.handle);
  });

  test('a revoked token fails the sync with the fix, marks the connection auth_failed and pauses the schedule; reconnect resumes', async () => {
    const newToken = t.sim.admin.revokeToken(SERVICE_USER.id);
    await assert.rejects(syncNow(), (error: unknown) => {
      assert.ok(error instanceof HiBobAuthFailed, String(error));
      assert.match(error.message, /Authentication failed/);
      assert.match(error.fix, /Regenerate the token|regenerate the token/);
      return true;
    });
    const row = await t.database.db.selectFrom('hibob_connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'auth_failed');
    const paused = await describeSyncSchedule(t.worker.client, connectionId);
    assert.equal(paused.paused, true);
    assert.match(paused.note ?? '', /Authentication failed/);
    const failedRun = await t.database.db
      .selectFrom('hibob_sync_runs')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(failedRun.status, 'failed');

    const result = await reconnect(t.ctx, { connectionId, token: newToken });
    const summary = await waitForSync(result.sync.handle);
    assert.equal(summary.status, 'succeeded');
    const resumed = await describeSyncSchedule(t.worker.client, connectionId);
    assert.equal(resumed.paused, false);
    const active = await t.database.db.selectFrom('hibob_connections').select('status').where('id', '=', connectionId).executeTakeFirstOrThrow();
    assert.equal(active.status, 'active');
  });
});
