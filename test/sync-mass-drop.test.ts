/**
 * "Employees or groups missing" (b): when the employees HiBob shows drop by more than the
 * threshold against the last good run, nothing is marked removed and the run ends
 * `partial` with a warning about access rights. The threshold is lowered to 5% here so the
 * simulator's narrowed access scope (leavers and pre-hires hidden, about 8%) crosses it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { connect } from '../src/client/connections';
import { startSync, waitForSync } from '../src/client/sync';
import { SERVICE_USER, startTestConnector, type TestConnector } from './support/connector';

let t: TestConnector;

before(async () => {
  t = await startTestConnector({ env: { SYNC_MASS_DROP_THRESHOLD: '0.05' } });
});
after(async () => {
  await t?.stop();
});

test('a drop past the threshold removes nothing and ends partial with the access-rights warning', async () => {
  const result = await connect(t.ctx, { serviceUserId: SERVICE_USER.id, token: SERVICE_USER.token, baseUrl: t.sim.baseUrl });
  const first = await waitForSync(result.sync.handle);
  assert.equal(first.status, 'succeeded');
  const connectionId = result.connection.id;

  const hidden = t.sim.company.employees.filter((e) => e.lifecycleStatus !== 'employed').length;
  assert.ok(hidden / t.sim.company.employees.length > 0.05, 'the narrowed scope hides more than the threshold');
  t.sim.admin.setPermissions(SERVICE_USER.id, { scope: 'active' });
  const started = await startSync(t.worker.client, { connectionId, taskQueue: t.ctx.config.temporal.taskQueue });
  const summary = await waitForSync(started.handle);

  assert.equal(summary.status, 'partial');
  assert.equal(summary.employeesRemoved, 0);
  const warning = summary.warnings.find((w) => w.code === 'mass_drop');
  assert.ok(warning, JSON.stringify(summary.warnings));
  assert.match(warning.message, /Employees or groups missing/);
  assert.match(warning.message, /nothing was marked removed/);
  assert.match(warning.fix, /permission group/);
  const removed = await t.database.db
    .selectFrom('hibob_employees')
    .select('hibob_id')
    .where('connection_id', '=', connectionId)
    .where('removed_at', 'is not', null)
    .execute();
  assert.deepEqual(removed, []);
  const run = await t.database.db.selectFrom('hibob_sync_runs').selectAll().where('id', '=', summary.syncRunId).executeTakeFirstOrThrow();
  assert.equal(run.status, 'partial');
  assert.equal(run.warnings.some((w) => w.code === 'mass_drop'), true);
});
