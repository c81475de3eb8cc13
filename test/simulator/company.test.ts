import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SimEmployee } from '../../src/simulator';
import { search, simulator } from './helpers';

const identity = (employees: readonly SimEmployee[]) =>
  employees.map((employee) => [employee.id, employee.displayName, employee.email, employee.managerId, employee.departmentId]);

test('the same seed generates the same company; another seed a different one', async (t) => {
  const first = await simulator(t, { seed: 42 });
  const again = await simulator(t, { seed: 42 });
  const other = await simulator(t, { seed: 43 });
  assert.deepEqual(identity(again.company.employees), identity(first.company.employees));
  assert.deepEqual(
    again.company.list('department')?.items.map((item) => item.id),
    first.company.list('department')?.items.map((item) => item.id));
  assert.notDeepEqual(identity(other.company.employees), identity(first.company.employees));
});

test('the generated company looks like a real one', async (t) => {
  const sim = await simulator(t);
  const { company } = sim;
  const employees = company.employees;
  assert.equal(employees.length, 250);

  const ids = employees.map((employee) => employee.id);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  for (const id of ids) assert.match(id, /^\d{19}$/);

  const ceos = employees.filter((employee) => employee.managerId === null);
  assert.equal(ceos.length, 1, 'exactly one CEO');
  for (const employee of employees) {
    assert.equal(employee.displayName, `${employee.firstName} ${employee.surname}`);
    assert.ok(company.list('department')?.item(employee.departmentId ?? ''), 'department exists');
    assert.ok(company.list('title')?.item(employee.titleId ?? ''), 'title exists');
    if (employee.managerId === null) continue;
    const manager = company.employee(employee.managerId);
    assert.equal(manager?.status, 'Active', 'managers are working people');
    const seen = new Set<string>();
    for (let cursor: SimEmployee | undefined = employee; cursor; cursor = company.employee(cursor.managerId ?? '')) {
      assert.ok(!seen.has(cursor.id), 'no management cycles');
      seen.add(cursor.id);
    }
  }
  assert.ok(employees.filter((employee) => company.isManager(employee.id)).length > 10, 'a real manager tree');

  const count = (lifecycle: string) => employees.filter((employee) => employee.lifecycleStatus === lifecycle);
  const terminated = count('terminated');
  const preHires = count('hired');
  assert.ok(terminated.length >= 10 && terminated.length <= 15, `${terminated.length} terminated`);
  assert.ok(terminated.every((employee) => employee.status === 'Inactive' && employee.terminationDate));
  assert.ok(preHires.length >= 3 && preHires.length <= 7, `${preHires.length} pre-hires`);
  const today = new Date().toISOString().slice(0, 10);
  assert.ok(preHires.every((employee) => employee.status === 'Inactive' && employee.startDate > today));

  const withoutEmail = employees.filter((employee) => employee.email === null);
  assert.ok(withoutEmail.length >= 1 && withoutEmail.length <= 5);
  assert.ok(employees.some((employee) => employee.email && /[A-Z]/.test(employee.email)), 'some emails carry upper case');
  const emails = employees.flatMap((employee) => (employee.email ? [employee.email.toLowerCase()] : []));
  assert.equal(new Set(emails).size, emails.length, 'emails are unique, ignoring case');
  assert.ok(emails.every((email) => /^[a-z0-9.]+@acme\.test$/.test(email)));
  assert.ok(employees.some((employee) => /[^\x20-\x7e]/.test(employee.displayName)), 'some names are not ASCII');
  assert.ok(new Set(employees.map((employee) => employee.departmentId)).size >= 10, 'people spread over departments');
});

test('companyDomain sets the email domain', async (t) => {
  const sim = await simulator(t, { employees: 20, companyDomain: 'example.test' });
  assert.ok(sim.company.employees.every((employee) => employee.email === null || employee.email.toLowerCase().endsWith('@example.test')));
});

test('a 50,000-employee company answers an ids search and a 500-id batch correctly', async (t) => {
  const sim = await simulator(t, { employees: 50_000, seed: 7 });
  const all = await search(sim, { fields: ['root.id'], showInactive: true });
  assert.equal(all.length, 50_000);
  const batch = all.slice(20_000, 20_500).map((employee) => employee.id as string);
  const fields = ['root.id', 'root.email', 'root.displayName', 'work.department', 'work.reportsTo', 'internal.status'];
  const full = await search(sim, { fields, filters: [{ fieldPath: 'root.id', operator: 'equals', values: batch }], showInactive: true });
  assert.deepEqual(full.map((employee) => employee.id), batch);
  for (const employee of full) {
    const source = sim.company.employee(employee.id as string);
    assert.equal(employee.email, source?.email);
    assert.equal(employee.work?.department, source?.departmentId);
  }
  const active = await search(sim, { fields: ['root.id'] });
  assert.equal(active.length, sim.company.employees.filter((employee) => employee.status === 'Active').length);
});
