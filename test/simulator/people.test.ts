import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunningSimulator } from '../../src/simulator';
import { call, search, simulator } from './helpers';
import type { Employee } from './helpers';

const SYNC_FIELDS = [
  'root.id', 'root.email', 'root.displayName', 'root.firstName', 'root.surname', 'work.title', 'work.department',
  'work.reportsTo', 'work.startDate', 'work.site', 'internal.status', 'internal.lifecycleStatus',
];

const byIds = (values: string[]): unknown => [{ fieldPath: 'root.id', operator: 'equals', values }];

function someEmployee(sim: RunningSimulator, lifecycleStatus: string) {
  const found = sim.company.employees.find((employee) => employee.lifecycleStatus === lifecycleStatus && employee.managerId !== null);
  assert.ok(found, `a ${lifecycleStatus} employee exists`);
  return found;
}

test('search without filters returns every active employee, no pagination', async (t) => {
  const sim = await simulator(t);
  const employees = await search(sim, { fields: ['root.id'] });
  const active = sim.company.employees.filter((employee) => employee.status === 'Active');
  assert.equal(employees.length, active.length);
  assert.deepEqual(new Set(employees.map((employee) => employee.id)), new Set(active.map((employee) => employee.id)));
});

test('showInactive includes terminated employees and pre-hires', async (t) => {
  const sim = await simulator(t);
  const employees = await search(sim, { fields: ['root.id', 'internal.lifecycleStatus'], showInactive: true });
  assert.equal(employees.length, sim.company.employees.length);
  const statuses = new Set(employees.map((employee) => employee.internal?.lifecycleStatus));
  assert.ok(statuses.has('terminated'));
  assert.ok(statuses.has('hired'));
});

test('an employee carries nested categories, lifted root fields and slash keys', async (t) => {
  const sim = await simulator(t);
  const source = someEmployee(sim, 'employed');
  const [employee] = await search(sim, { fields: [...SYNC_FIELDS, 'work.manager', 'work.siteId'], filters: byIds([source.id]) });
  const boss = sim.company.employee(source.managerId ?? '');
  assert.ok(boss);
  assert.equal(employee.id, source.id);
  assert.equal(employee.email, source.email);
  assert.equal(employee.displayName, `${source.firstName} ${source.surname}`);
  assert.equal(employee.firstName, source.firstName);
  assert.equal(employee.surname, source.surname);
  assert.deepEqual(employee.work?.reportsTo, { id: boss.id, email: boss.email, displayName: boss.displayName });
  assert.equal(employee.work?.manager, boss.id);
  assert.equal(employee.work?.department, source.departmentId);
  assert.equal(employee.work?.title, source.titleId);
  assert.match(String(employee.work?.startDate), /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(typeof employee.work?.site, 'string');
  assert.equal(typeof employee.work?.siteId, 'number');
  assert.deepEqual(employee.internal, { status: 'Active', lifecycleStatus: 'employed' });
  assert.deepEqual(employee['/root/id'], { value: source.id });
  assert.deepEqual(employee['/work/department'], { value: source.departmentId });
  assert.deepEqual(employee['/internal/status'], { value: 'Active' });
  assert.equal(employee.humanReadable, undefined);
});

test('the CEO reports to nobody', async (t) => {
  const sim = await simulator(t);
  const ceo = sim.company.employees.find((employee) => employee.managerId === null);
  assert.ok(ceo);
  const [employee] = await search(sim, { fields: ['work.reportsTo', 'work.manager'], filters: byIds([ceo.id]) });
  assert.equal(employee.work?.reportsTo, null);
  assert.equal(employee.work?.manager, null);
});

test('omitted fields default to the root, about, employment and work categories', async (t) => {
  const sim = await simulator(t);
  const [employee] = await search(sim, { filters: byIds([sim.company.employees[1].id]) });
  assert.ok(employee.id);
  assert.ok(employee.work);
  assert.ok(employee.about);
  assert.ok(employee.employment);
  assert.equal(employee.internal, undefined);
  assert.equal(employee.personal, undefined);
  assert.equal(employee.payroll, undefined);
  assert.equal((employee.work as Record<string, unknown>).custom, undefined, 'custom fields must be asked for');
});

test('unknown field ids are silently omitted', async (t) => {
  const sim = await simulator(t);
  const [employee] = await search(sim, { fields: ['root.id', 'work.noSuchField', 'nope'], filters: byIds([sim.company.employees[1].id]) });
  assert.deepEqual(Object.keys(employee).sort(), ['/root/id', 'id']);
});

test('filters by id keep the order asked, skip unknown ids and honour showInactive', async (t) => {
  const sim = await simulator(t);
  const [a, b] = sim.company.employees.filter((employee) => employee.status === 'Active').slice(3, 5);
  const leaver = someEmployee(sim, 'terminated');
  const values = [b.id, 'unknown-id', a.id, leaver.id, b.id];
  const active = await search(sim, { fields: ['root.id'], filters: byIds(values) });
  assert.deepEqual(active.map((employee) => employee.id), [b.id, a.id]);
  const all = await search(sim, { fields: ['root.id'], filters: byIds(values), showInactive: true });
  assert.deepEqual(all.map((employee) => employee.id), [b.id, a.id, leaver.id]);
});

test('filters by email match case-insensitively', async (t) => {
  const sim = await simulator(t);
  const withMixedCase = sim.company.employees.find((employee) => employee.status === 'Active' && employee.email && employee.email !== employee.email.toLowerCase());
  assert.ok(withMixedCase?.email, 'some emails carry upper-case letters');
  const filters = [{ fieldPath: 'root.email', operator: 'equals', values: [withMixedCase.email.toLowerCase()] }];
  const [found] = await search(sim, { fields: ['root.id', 'root.email'], filters });
  assert.equal(found.id, withMixedCase.id);
  assert.equal(found.email, withMixedCase.email);
});

test('invalid searches answer 400 with {key, error}', async (t) => {
  const sim = await simulator(t);
  const id = sim.company.employees[0].id;
  const bodies: unknown[] = [
    { fields: Array.from({ length: 401 }, (_, i) => `root.f${i}`) },
    { fields: 'root.id' },
    { filters: [] },
    { filters: [...(byIds([id]) as unknown[]), ...(byIds([id]) as unknown[])] },
    { filters: [{ fieldPath: 'work.department', operator: 'equals', values: ['1'] }] },
    { filters: [{ fieldPath: 'root.id', operator: 'notEquals', values: [id] }] },
    { filters: [{ fieldPath: 'root.id', operator: 'equals', values: [] }] },
    { filters: [{ fieldPath: 'root.id', operator: 'equals' }] },
    { filters: byIds(Array.from({ length: 5001 }, (_, i) => String(i))) },
    { humanReadable: 'YES' },
    { showInactive: 'true' },
    '{"fields": [',
    '[1, 2]',
  ];
  for (const body of bodies) {
    const answer = await call(sim, 'POST', '/people/search', { body });
    assert.equal(answer.status, 400, JSON.stringify(body).slice(0, 80));
    const error = answer.json<{ key: string; error: string }>();
    assert.ok(error.key && error.error, 'a {key, error} body');
  }
});

test('400 fields and 5000 filter values are accepted', async (t) => {
  const sim = await simulator(t);
  const fields = ['root.id', ...Array.from({ length: 399 }, (_, i) => `root.f${i}`)];
  const values = [sim.company.employees[0].id, ...Array.from({ length: 4999 }, (_, i) => String(i))];
  const employees = await search(sim, { fields, filters: byIds(values) });
  assert.equal(employees.length, 1);
});

test('humanReadable APPEND adds display values; REPLACE swaps them in', async (t) => {
  const sim = await simulator(t);
  const source = someEmployee(sim, 'employed');
  const departmentName = sim.company.list('department')?.item(source.departmentId ?? '')?.name;
  const titleName = sim.company.list('title')?.item(source.titleId ?? '')?.name;
  const boss = sim.company.employee(source.managerId ?? '');
  const fields = ['root.id', 'work.department', 'work.title', 'work.reportsTo', 'work.startDate'];

  const [appended] = await search(sim, { fields, filters: byIds([source.id]), humanReadable: 'APPEND' });
  assert.equal(appended.work?.department, source.departmentId);
  assert.equal(appended.humanReadable?.work?.department, departmentName);
  assert.equal(appended.humanReadable?.work?.title, titleName);
  assert.equal(appended.humanReadable?.work?.reportsTo, boss?.displayName);
  assert.match(String(appended.humanReadable?.work?.startDate), /^\d{2}\/\d{2}\/\d{4}$/);

  const [replaced] = await search(sim, { fields, filters: byIds([source.id]), humanReadable: 'REPLACE' });
  assert.equal(replaced.work?.department, departmentName);
  assert.deepEqual(replaced['/work/department'], { value: departmentName });
  assert.equal(replaced.work?.title, titleName);
  assert.equal(replaced.humanReadable, undefined);
});

test('responseForm nested leaves out slash keys; slash leaves out nesting', async (t) => {
  const nestedSim = await simulator(t, { responseForm: 'nested' });
  const id = nestedSim.company.employees[1].id;
  const [nested] = await search(nestedSim, { fields: ['root.id', 'work.department'], filters: byIds([id]) });
  assert.deepEqual(Object.keys(nested).sort(), ['id', 'work']);

  const slashSim = await simulator(t, { responseForm: 'slash' });
  const [flat] = await search(slashSim, { fields: ['root.id', 'work.department'], filters: byIds([id]), humanReadable: 'APPEND' });
  assert.deepEqual(Object.keys(flat).sort(), ['/root/id', '/work/department', 'humanReadable']);
  assert.deepEqual(flat['/root/id'], { value: id });
  assert.equal(typeof (flat.humanReadable?.['/work/department'] as { value: unknown }).value, 'string');
});

test('categories the service user may not view are silently omitted', async (t) => {
  const rootOnly = { id: 'svc-root', token: 'root-token', permissions: { categories: ['root' as const] } };
  const sim = await simulator(t, { serviceUsers: [rootOnly] });
  const employees = await search(sim, { fields: SYNC_FIELDS }, rootOnly);
  assert.ok(employees.length > 0);
  for (const employee of employees) {
    assert.equal(employee.work, undefined);
    assert.equal(employee.internal, undefined);
    assert.equal(employee['/work/department'], undefined);
    assert.equal(typeof employee.id, 'string');
  }
  const noRoot = { id: 'svc-work', token: 'work-token', permissions: { categories: ['work' as const] } };
  sim.admin.addServiceUser(noRoot);
  const [workOnly] = await search(sim, { fields: ['root.id', 'work.department'], filters: byIds([sim.company.employees[0].id]) }, noRoot);
  assert.deepEqual(Object.keys(workOnly).sort(), ['/work/department', 'work']);
});

test("scope 'active' shows only employed people, even with showInactive", async (t) => {
  const limited = { id: 'svc-active', token: 'active-token', permissions: { scope: 'active' as const } };
  const sim = await simulator(t, { serviceUsers: [limited] });
  const employees = await search(sim, { fields: ['root.id'], showInactive: true }, limited);
  const employed = sim.company.employees.filter((employee) => employee.lifecycleStatus === 'employed');
  assert.equal(employees.length, employed.length);
  const leaver = someEmployee(sim, 'terminated');
  assert.deepEqual(await search(sim, { fields: ['root.id'], filters: byIds([leaver.id]), showInactive: true }, limited), []);
  assert.equal((await call(sim, 'POST', `/people/${leaver.id}`, { as: limited })).status, 404);
});

test('one person by id or by email (any case); 404 {key,error} when unknown', async (t) => {
  const sim = await simulator(t);
  const source = sim.company.employees.find((employee) => employee.email !== null && employee.managerId !== null);
  assert.ok(source?.email);
  const byId = await call(sim, 'POST', `/people/${source.id}`, { body: { fields: ['root.id', 'root.email', 'work.department'] } });
  assert.equal(byId.status, 200);
  const person = byId.json<Employee>();
  assert.equal(person.id, source.id);
  assert.equal(person.work?.department, source.departmentId);
  const withoutBody = await call(sim, 'POST', `/people/${source.id}`);
  assert.equal(withoutBody.json<Employee>().id, source.id, 'the body is optional; default fields include root');
  const byEmail = await call(sim, 'POST', `/people/${encodeURIComponent(source.email.toUpperCase())}`, { body: '' });
  assert.equal(byEmail.status, 200);
  assert.equal(byEmail.json<Employee>().id, source.id);
  const terminated = someEmployee(sim, 'terminated');
  assert.equal((await call(sim, 'POST', `/people/${terminated.id}`)).status, 200, 'inactive people can be read one by one');
  for (const unknown of ['1234567890123456789', 'nobody@acme.test']) {
    const missing = await call(sim, 'POST', `/people/${unknown}`);
    assert.equal(missing.status, 404);
    assert.ok(missing.json<{ key: string }>().key);
  }
});

test('the fields metadata lists every field the company has', async (t) => {
  const sim = await simulator(t);
  const answer = await call(sim, 'GET', '/company/people/fields');
  assert.equal(answer.status, 200);
  const fields = answer.json<{ id: string; categoryId: string; name: string; jsonPath: string; type: string }[]>();
  assert.deepEqual(fields.find((field) => field.id === 'root.firstName'),
    { id: 'root.firstName', categoryId: 'root', name: 'First name', jsonPath: 'firstName', type: 'text' });
  const ids = new Set(fields.map((field) => field.id));
  for (const id of SYNC_FIELDS) assert.ok(ids.has(id), id);
  assert.ok(fields.some((field) => field.id.startsWith('work.custom.')), 'a custom field');
});
