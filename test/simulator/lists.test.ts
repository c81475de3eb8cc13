import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, search, simulator } from './helpers';

interface Item { id: string; value: string; name: string; archived: boolean; children: Item[] }
interface NamedList { name: string; values: Item[]; items: Item[] }

function depth(items: Item[]): number {
  return items.length === 0 ? 0 : 1 + Math.max(...items.map((item) => depth(item.children)));
}

function flatten(items: Item[]): Item[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

test('all named lists come keyed by name, each flat and as a tree', async (t) => {
  const sim = await simulator(t);
  const answer = await call(sim, 'GET', '/company/named-lists?includeArchived=false');
  assert.equal(answer.status, 200);
  const lists = answer.json<Record<string, NamedList>>();
  assert.deepEqual(Object.keys(lists).sort(), ['department', 'site', 'team', 'title']);
  const departments = lists.department;
  assert.equal(departments.name, 'department');
  assert.ok(departments.values.length >= 10 && departments.values.length <= 30, `${departments.values.length} departments`);
  assert.ok(depth(departments.items) >= 2 && depth(departments.items) <= 3);
  assert.deepEqual(flatten(departments.items).map((item) => item.id).sort(), departments.values.map((item) => item.id).sort());
  const item = departments.values[0];
  assert.deepEqual(Object.keys(item).sort(), ['archived', 'children', 'id', 'name', 'value']);
  assert.match(item.id, /^\d+$/);
  assert.equal(item.value, item.name);
  assert.ok(lists.team.values.length > 0);
});

test('one list by name; names are case-sensitive and unknown names 404', async (t) => {
  const sim = await simulator(t);
  const answer = await call(sim, 'GET', '/company/named-lists/title');
  assert.equal(answer.status, 200);
  assert.equal(answer.json<NamedList>().name, 'title');
  for (const name of ['Department', 'teams', 'nope']) {
    const missing = await call(sim, 'GET', `/company/named-lists/${name}`);
    assert.equal(missing.status, 404, name);
    assert.ok(missing.json<{ key: string; error: string }>().error);
  }
});

test('archived items (and what sits under them) show only with includeArchived=true', async (t) => {
  const sim = await simulator(t);
  const hidden = await call(sim, 'GET', '/company/named-lists/department');
  const shown = await call(sim, 'GET', '/company/named-lists/department?includeArchived=true');
  const hiddenNames = hidden.json<NamedList>().values.map((item) => item.name);
  const shownValues = shown.json<NamedList>().values;
  assert.ok(!hiddenNames.includes('Legacy Projects'));
  assert.ok(!hiddenNames.includes('Mainframe Migration'));
  assert.equal(shownValues.find((item) => item.name === 'Legacy Projects')?.archived, true);
  assert.ok(shownValues.length > hiddenNames.length);
});

test('a service user without list permission gets 403', async (t) => {
  const noLists = { id: 'svc-nolists', token: 'nolists', permissions: { lists: false } };
  const sim = await simulator(t, { serviceUsers: [noLists] });
  assert.equal((await call(sim, 'GET', '/company/named-lists', { as: noLists })).status, 403);
  assert.equal((await call(sim, 'GET', '/company/named-lists/department', { as: noLists })).status, 403);
  assert.equal((await call(sim, 'POST', '/people/search', { body: { fields: ['root.id'] }, as: noLists })).status, 200);
});

test('renamed and archived items show in lists and in humanReadable', async (t) => {
  const sim = await simulator(t);
  const employee = sim.company.employees[1];
  const departmentId = employee.departmentId ?? '';
  sim.admin.renameListItem('department', departmentId, 'Renamed Department');
  const [renamed] = await search(sim, {
    fields: ['work.department'],
    filters: [{ fieldPath: 'root.id', operator: 'equals', values: [employee.id] }],
    humanReadable: 'APPEND',
  });
  assert.equal(renamed.humanReadable?.work?.department, 'Renamed Department');
  sim.admin.archiveListItem('department', departmentId);
  const list = (await call(sim, 'GET', '/company/named-lists/department')).json<NamedList>();
  assert.ok(!list.values.some((item) => item.id === departmentId));
  assert.throws(() => sim.admin.renameListItem('department', 'no-such-item', 'x'));
  assert.throws(() => sim.admin.archiveListItem('nope', departmentId));
});
