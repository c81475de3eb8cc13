import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZodError } from 'zod';
import { SYNC_FIELDS } from '../../src/hibob/model';
import { hasField, missingFieldIds, normalizeEmployee, normalizeNamedList, readField } from '../../src/hibob/normalize';

/** The nested form, as hibob-api.md shows it (humanReadable: APPEND). */
const nested = {
  id: '2128438031986721630',
  email: 'Alan@Acme.TEST',
  displayName: 'Alan Tullins',
  firstName: 'Alan',
  surname: 'Tullins',
  work: {
    title: '1834',
    department: '209192163',
    startDate: '2019-09-08',
    reportsTo: { id: '3332883884017713238', email: 'ceo@acme.test', displayName: 'Dana Boss' },
    manager: '3332883884017713238',
    site: 'London',
  },
  internal: { status: 'Active', lifecycleStatus: 'employed' },
  humanReadable: { work: { department: 'Account Receivables', title: 'Accountant' } },
};

/** The same employee in the flat slash form only. */
const slash = {
  '/root/id': { value: '2128438031986721630' },
  '/root/email': { value: 'Alan@Acme.TEST' },
  '/root/displayName': { value: 'Alan Tullins' },
  '/root/firstName': { value: 'Alan' },
  '/root/surname': { value: 'Tullins' },
  '/work/title': { value: '1834' },
  '/work/department': { value: '209192163' },
  '/work/startDate': { value: '2019-09-08' },
  '/work/reportsTo': { value: { id: '3332883884017713238', email: 'ceo@acme.test', displayName: 'Dana Boss' } },
  '/work/site': { value: 'London' },
  '/internal/status': { value: 'Active' },
  '/internal/lifecycleStatus': { value: 'employed' },
  humanReadable: { work: { department: 'Account Receivables', title: 'Accountant' } },
};

const expected = {
  hibobId: '2128438031986721630',
  email: 'alan@acme.test',
  displayName: 'Alan Tullins',
  firstName: 'Alan',
  surname: 'Tullins',
  jobTitle: 'Accountant',
  departmentId: '209192163',
  departmentName: 'Account Receivables',
  managerHibobId: '3332883884017713238',
  status: 'Active',
  lifecycleStatus: 'employed',
  hireDate: '2019-09-08',
  site: 'London',
};

describe('normalizeEmployee', () => {
  it('reads the nested form with humanReadable APPEND', () => {
    assert.deepEqual(normalizeEmployee(nested), expected);
  });

  it('reads the slash form alone', () => {
    assert.deepEqual(normalizeEmployee(slash), expected);
  });

  it('reads both forms together, preferring the nested one', () => {
    const both = { ...slash, ...nested, '/work/site': { value: 'Somewhere else' } };
    assert.deepEqual(normalizeEmployee(both), expected);
  });

  it('finds appended names in the slash form of humanReadable and on slash entries', () => {
    const { humanReadable: _dropped, ...withoutHuman } = slash;
    const inHumanSlash = { ...withoutHuman, humanReadable: { '/work/title': { value: 'Accountant' }, '/work/department': 'Account Receivables' } };
    assert.deepEqual(normalizeEmployee(inHumanSlash), expected);
    const onEntries = {
      ...withoutHuman,
      '/work/title': { value: '1834', humanReadable: 'Accountant' },
      '/work/department': { value: '209192163', humanReadable: 'Account Receivables' },
    };
    assert.deepEqual(normalizeEmployee(onEntries, { humanReadable: 'APPEND' }), expected);
  });

  it('with REPLACE takes list values as names and drops non-id managers', () => {
    const replaced = {
      id: '7',
      work: { title: 'Accountant', department: 'Account Receivables', reportsTo: 'Dana Boss', manager: 'Dana Boss', startDate: '08/09/2019' },
    };
    const employee = normalizeEmployee(replaced, { humanReadable: 'REPLACE' });
    assert.equal(employee.jobTitle, 'Accountant');
    assert.equal(employee.departmentName, 'Account Receivables');
    assert.equal(employee.departmentId, null);
    assert.equal(employee.managerHibobId, null);
    assert.equal(employee.hireDate, null, 'a display-formatted date is not trusted');
  });

  it('without humanReadable treats digits as list ids and text as names', () => {
    const employee = normalizeEmployee({ id: '7', work: { title: 'Accountant', department: '42', manager: '99' } });
    assert.equal(employee.jobTitle, 'Accountant');
    assert.equal(employee.departmentId, '42');
    assert.equal(employee.departmentName, null);
    assert.equal(employee.managerHibobId, '99');
  });

  it('falls back to work.manager (nested or slash) when reportsTo is absent or null', () => {
    assert.equal(normalizeEmployee({ id: '1', work: { reportsTo: null, manager: '55' } }).managerHibobId, '55');
    assert.equal(normalizeEmployee({ id: '1', '/work/manager': { value: '66' } }).managerHibobId, '66');
  });

  it('turns missing fields into null', () => {
    assert.deepEqual(normalizeEmployee({ id: '1' }), {
      hibobId: '1',
      email: null,
      displayName: null,
      firstName: null,
      surname: null,
      jobTitle: null,
      departmentId: null,
      departmentName: null,
      managerHibobId: null,
      status: null,
      lifecycleStatus: null,
      hireDate: null,
      site: null,
    });
  });

  it('cuts a date-time down to its date and maps empty strings to null', () => {
    const employee = normalizeEmployee({ id: '1', email: '', work: { startDate: '2020-01-02T00:00:00Z', site: ' ' } });
    assert.equal(employee.hireDate, '2020-01-02');
    assert.equal(employee.email, null);
    assert.equal(employee.site, null);
  });

  it('tolerates numeric list ids (siteId style) as strings', () => {
    assert.equal(normalizeEmployee({ id: '1', work: { department: 209192163 } }).departmentId, '209192163');
  });

  it('rejects an employee without an id, or with a wrongly typed field', () => {
    assert.throws(() => normalizeEmployee({ email: 'a@b.test' }), ZodError);
    assert.throws(() => normalizeEmployee({ id: '1', email: 42 }), ZodError);
    assert.throws(() => normalizeEmployee({ id: '1', internal: { status: true } }), ZodError);
    assert.throws(() => normalizeEmployee({ id: 2 ** 64 }), ZodError, 'an unsafe numeric id is not exact');
  });
});

describe('readField / hasField / missingFieldIds', () => {
  it('reads root fields lifted to the top level, under root, or slash', () => {
    assert.equal(readField({ email: 'a' }, 'root.email'), 'a');
    assert.equal(readField({ root: { email: 'b' } }, 'root.email'), 'b');
    assert.equal(readField({ '/root/email': { value: 'c' } }, 'root.email'), 'c');
    assert.equal(readField({}, 'root.email'), undefined);
  });

  it('counts a field sent as null as present', () => {
    assert.equal(hasField({ work: { reportsTo: null } }, 'work.reportsTo'), true);
    assert.equal(hasField({ '/work/reportsTo': { value: null } }, 'work.reportsTo'), true);
    assert.equal(hasField({ work: {} }, 'work.reportsTo'), false);
  });

  it('names the requested fields no employee of the batch came back with', () => {
    const fields = SYNC_FIELDS.map((field) => field.id);
    const { internal: _hidden, ...withoutInternal } = nested;
    assert.deepEqual(missingFieldIds(fields, [withoutInternal]), ['internal.status', 'internal.lifecycleStatus']);
    assert.deepEqual(missingFieldIds(fields, [withoutInternal, slash]), [], 'one employee with the field is enough');
    assert.deepEqual(missingFieldIds(fields, []), [], 'an empty batch proves nothing');
  });
});

describe('normalizeNamedList', () => {
  it('flattens the item tree with parent ids, parents first', () => {
    const list = normalizeNamedList(
      {
        name: 'department',
        values: [],
        items: [
          {
            id: '1',
            value: 'Company',
            name: 'Company',
            archived: false,
            children: [
              { id: '10', value: 'Engineering', name: 'Engineering', archived: false, children: [{ id: '100', name: 'Platform', children: [] }] },
              { id: 11, value: 'Old team', archived: true },
            ],
          },
        ],
      },
      'fallback',
    );
    assert.deepEqual(list, {
      name: 'department',
      items: [
        { id: '1', name: 'Company', parentId: null, archived: false },
        { id: '10', name: 'Engineering', parentId: '1', archived: false },
        { id: '100', name: 'Platform', parentId: '10', archived: false },
        { id: '11', name: 'Old team', parentId: '1', archived: true },
      ],
    });
  });

  it('falls back to the flat values, and to the requested name', () => {
    const list = normalizeNamedList({ values: [{ id: '5', value: 'London' }] }, 'site');
    assert.deepEqual(list, { name: 'site', items: [{ id: '5', name: 'London', parentId: null, archived: false }] });
  });
});
