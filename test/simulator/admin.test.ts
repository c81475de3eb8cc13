import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunningSimulator } from '../../src/simulator';
import { admin, call, search, simulator, USER } from './helpers';
import type { Employee } from './helpers';

const FIELDS = ['root.id', 'root.email', 'root.displayName', 'work.department', 'work.reportsTo', 'work.title', 'work.site',
  'work.startDate', 'internal.status', 'internal.lifecycleStatus'];

async function readOne(sim: RunningSimulator, id: string): Promise<Employee | undefined> {
  const [employee] = await search(sim, { fields: FIELDS, filters: [{ fieldPath: 'root.id', operator: 'equals', values: [id] }], showInactive: true });
  return employee;
}

function departmentId(sim: RunningSimulator, name: string): string {
  const id = sim.company.list('department')?.itemByName(name)?.id;
  assert.ok(id, name);
  return id;
}

test('hire adds an employee that searches return', async (t) => {
  const sim = await simulator(t);
  const managerId = sim.company.employees[0].id;
  const id = sim.admin.hire({
    firstName: 'Zoë', surname: 'Łęcka', departmentId: departmentId(sim, 'Payroll'), managerId, title: 'Accountant', site: 'Berlin',
    startDate: '2024-02-01',
  });
  assert.match(id, /^\d{19}$/);
  const employee = await readOne(sim, id);
  assert.equal(employee?.displayName, 'Zoë Łęcka');
  assert.equal(employee?.email, 'zoe.lecka@acme.test');
  assert.equal(employee?.work?.department, departmentId(sim, 'Payroll'));
  assert.equal((employee?.work?.reportsTo as { id: string }).id, managerId);
  assert.equal(employee?.work?.title, sim.company.list('title')?.itemByName('Accountant')?.id);
  assert.equal(employee?.work?.site, 'Berlin');
  assert.deepEqual(employee?.internal, { status: 'Active', lifecycleStatus: 'employed' });
});

test('hiring with a future start date makes a pre-hire, hidden without showInactive', async (t) => {
  const sim = await simulator(t);
  const id = sim.admin.hire({ firstName: 'Åsa', surname: 'Berg', email: null, startDate: '2099-01-01' });
  const employee = await readOne(sim, id);
  assert.deepEqual(employee?.internal, { status: 'Inactive', lifecycleStatus: 'hired' });
  assert.equal(employee?.email, null);
  const active = await search(sim, { fields: ['root.id'], filters: [{ fieldPath: 'root.id', operator: 'equals', values: [id] }] });
  assert.deepEqual(active, []);
});

test('terminate, moveDepartment and changeManager show in the next read', async (t) => {
  const sim = await simulator(t);
  const [ceo, , target] = sim.company.employees;
  sim.admin.terminate(target.id);
  assert.deepEqual((await readOne(sim, target.id))?.internal, { status: 'Inactive', lifecycleStatus: 'terminated' });
  sim.admin.moveDepartment(target.id, departmentId(sim, 'Brand'));
  assert.equal((await readOne(sim, target.id))?.work?.department, departmentId(sim, 'Brand'));
  const newBoss = sim.company.employees[5];
  sim.admin.changeManager(target.id, newBoss.id);
  assert.equal(((await readOne(sim, target.id))?.work?.reportsTo as { id: string }).id, newBoss.id);
  assert.throws(() => sim.admin.changeManager(newBoss.id, target.id), /reports/, 'no management cycles');
  assert.throws(() => sim.admin.changeManager(ceo.id, ceo.id), /reports/);
  sim.admin.changeManager(target.id, null);
  assert.equal((await readOne(sim, target.id))?.work?.reportsTo, null);
  assert.throws(() => sim.admin.terminate('no-such-id'));
  assert.throws(() => sim.admin.moveDepartment(target.id, 'no-such-department'));
});

test('the admin HTTP API mirrors SimAdmin', async (t) => {
  const sim = await simulator(t);
  const hired = await admin(sim, 'POST', '/employees', { firstName: 'Chloé', surname: 'Núñez', departmentId: departmentId(sim, 'Web') });
  assert.equal(hired.status, 200);
  const { id } = hired.json<{ id: string }>();
  assert.equal(sim.company.employee(id)?.displayName, 'Chloé Núñez');
  assert.equal((await admin(sim, 'POST', `/employees/${id}/department`, { departmentId: departmentId(sim, 'Mobile') })).status, 200);
  assert.equal(sim.company.employee(id)?.departmentId, departmentId(sim, 'Mobile'));
  const bossId = sim.company.employees[0].id;
  assert.equal((await admin(sim, 'POST', `/employees/${id}/manager`, { managerId: bossId })).status, 200);
  assert.equal(sim.company.employee(id)?.managerId, bossId);
  assert.equal((await admin(sim, 'POST', `/employees/${id}/manager`, { managerId: null })).status, 200);
  assert.equal(sim.company.employee(id)?.managerId, null);
  assert.equal((await admin(sim, 'POST', `/employees/${id}/terminate`)).status, 200);
  assert.equal(sim.company.employee(id)?.lifecycleStatus, 'terminated');
  assert.equal((await admin(sim, 'GET', `/employees/${id}`)).json<{ id: string }>().id, id);

  const teamId = sim.company.list('team')?.items[0].id;
  assert.equal((await admin(sim, 'POST', `/lists/team/items/${teamId}/rename`, { name: 'Renamed Team' })).status, 200);
  assert.equal(sim.company.list('team')?.item(teamId ?? '')?.name, 'Renamed Team');
  assert.equal((await admin(sim, 'POST', `/lists/team/items/${teamId}/archive`)).status, 200);
  assert.equal(sim.company.list('team')?.item(teamId ?? '')?.archived, true);

  assert.equal((await admin(sim, 'POST', '/service-users', { id: 'svc-http', token: 'http-token', permissions: { lists: false } })).status, 200);
  assert.equal((await call(sim, 'GET', '/company/named-lists', { as: { id: 'svc-http', token: 'http-token' } })).status, 403);
  assert.equal((await admin(sim, 'PUT', '/service-users/svc-http/permissions', {})).status, 200);
  assert.equal((await call(sim, 'GET', '/company/named-lists', { as: { id: 'svc-http', token: 'http-token' } })).status, 200);
  const revoked = await admin(sim, 'POST', '/service-users/svc-http/revoke');
  const { token } = revoked.json<{ token: string }>();
  assert.equal((await call(sim, 'GET', '/company/named-lists', { as: { id: 'svc-http', token: 'http-token' } })).status, 401);
  assert.equal((await call(sim, 'GET', '/company/named-lists', { as: { id: 'svc-http', token } })).status, 200);
});

test('the admin HTTP API answers 404 for unknown things and 400 for bad bodies', async (t) => {
  const sim = await simulator(t);
  assert.equal((await admin(sim, 'POST', '/employees/nobody/terminate')).status, 404);
  assert.equal((await admin(sim, 'POST', '/lists/nope/items/1/archive')).status, 404);
  assert.equal((await admin(sim, 'POST', '/service-users/nobody/revoke')).status, 404);
  assert.equal((await admin(sim, 'POST', '/employees', { firstName: 'No surname' })).status, 400);
  assert.equal((await admin(sim, 'PUT', `/service-users/${USER.id}/permissions`, { scope: 'some' })).status, 400);
  assert.equal((await admin(sim, 'POST', '/employees/x/department', {})).status, 400);
});

test('stats count requests by route and status, and reset', async (t) => {
  const sim = await simulator(t);
  await call(sim, 'POST', '/people/search', { body: { fields: ['root.id'] } });
  await call(sim, 'POST', '/people/search', { body: { fields: ['root.id'] }, as: null });
  await call(sim, 'GET', '/company/named-lists/nope');
  await call(sim, 'GET', '/not/a/path');
  const stats = sim.stats();
  assert.deepEqual(stats.byRoute['POST /v1/people/search'], { 200: 1, 401: 1 });
  assert.deepEqual(stats.byRoute['GET /v1/company/named-lists/:name'], { 404: 1 });
  assert.equal(stats.total, 4);
  const overHttp = (await admin(sim, 'GET', '/stats')).json<{ total: number }>();
  assert.equal(overHttp.total, 4, 'admin calls are not counted');
  assert.equal((await admin(sim, 'POST', '/stats/reset')).status, 200);
  assert.equal(sim.stats().total, 0);
  sim.admin.resetStats();
});

test('timeOffRequests lists every request, cancelled ones included', async (t) => {
  const sim = await simulator(t);
  const employeeId = sim.company.employees[1].id;
  const path = `/timeoff/employees/${employeeId}/requests`;
  await call(sim, 'POST', path, { body: { policyType: 'Sick', startDate: '2027-10-04' } });
  await call(sim, 'POST', path, { body: { policyType: 'Sick', startDate: '2027-10-05' } });
  const [first] = sim.admin.timeOffRequests();
  await call(sim, 'DELETE', `${path}/${first.requestId}`);
  const requests = (await admin(sim, 'GET', '/time-off-requests')).json<{ status: string }[]>();
  assert.deepEqual(requests.map((request) => request.status), ['canceled', 'pending']);
});
