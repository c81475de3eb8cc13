import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  employeeIdsResponseSchema,
  fieldsMetadataResponseSchema,
  namedListsResponseSchema,
  peopleSearchResponseSchema,
  singleEmployeeResponseSchema,
  submitResponseSchema,
  timeOffChangesResponseSchema,
  timeOffRequestDetailsSchema,
  whosOutResponseSchema,
} from '../../src/hibob/schemas';

describe('response schemas', () => {
  it('accept every documented submit answer', () => {
    assert.equal(submitResponseSchema.parse(null), null, 'empty body');
    assert.equal(submitResponseSchema.parse({ id: 32832853 }), 32832853);
    assert.equal(submitResponseSchema.parse({ requestId: '32832853' }), 32832853);
    assert.equal(submitResponseSchema.parse({}), null);
    assert.equal(submitResponseSchema.safeParse({ id: 'abc' }).success, false);
  });

  it('maps request details to the model (policyTypeDisplayName, *DatePortion)', () => {
    const details = timeOffRequestDetailsSchema.parse({
      requestId: 7,
      employeeId: '3373',
      policyTypeDisplayName: 'Holiday',
      startDate: '2026-07-01',
      startDatePortion: 'afternoon',
      endDate: '2026-07-03',
      endDatePortion: 'morning',
      status: 'pending',
      approved: false,
      durationUnit: 'days',
      totalDuration: 2,
    });
    assert.deepEqual(details, {
      requestId: 7,
      employeeId: '3373',
      policyType: 'Holiday',
      startDate: '2026-07-01',
      startPortion: 'afternoon',
      endDate: '2026-07-03',
      endPortion: 'morning',
      status: 'pending',
      description: null,
    });
    assert.equal(
      timeOffRequestDetailsSchema.safeParse({ employeeId: '1', policyTypeDisplayName: 'x', startDate: 'a', endDate: 'b', status: 's' }).success,
      false,
      'a request id is required',
    );
  });

  it('maps the changes feed (policyTypeDisplayName -> policyType)', () => {
    const { changes } = timeOffChangesResponseSchema.parse({
      changes: [
        {
          changeType: 'Created',
          requestId: 1,
          employeeId: '2',
          policyTypeDisplayName: 'Sick',
          startDate: '2026-01-01',
          startPortion: 'all_day',
          endDate: '2026-01-02',
          endPortion: 'all_day',
          changeReason: 'x',
        },
        { changeType: 'Canceled', requestId: '3', employeeId: '4', policyType: 'Holiday', startDate: '2026-01-05', endDate: '2026-01-05' },
      ],
    });
    assert.deepEqual(changes[0], {
      changeType: 'Created',
      requestId: 1,
      employeeId: '2',
      policyType: 'Sick',
      startDate: '2026-01-01',
      startPortion: 'all_day',
      endDate: '2026-01-02',
      endPortion: 'all_day',
    });
    assert.equal(changes[1].requestId, 3);
    assert.equal(changes[1].policyType, 'Holiday');
    assert.equal(changes[1].startPortion, null);
    assert.equal(timeOffChangesResponseSchema.safeParse({ changes: [{ changeType: 'Created', requestId: 1, employeeId: '2', startDate: 'a', endDate: 'b' }] }).success, false);
  });

  it("maps who's out", () => {
    const { outs } = whosOutResponseSchema.parse({
      outs: [{ employeeId: '1', employeeDisplayName: 'A B', employeeEmail: 'A@B.test', policyTypeDisplayName: 'Holiday', startDate: '2026-01-01', endDate: '2026-01-01' }],
    });
    assert.equal(outs[0].employeeEmail, 'a@b.test');
    assert.equal(outs[0].policyType, 'Holiday');
    assert.equal(outs[0].requestId, null);
  });

  it('reads ids from either form, and requires them', () => {
    const { employees } = employeeIdsResponseSchema.parse({ employees: [{ id: '1' }, { '/root/id': { value: '2' } }, { id: '3', '/root/id': { value: '3' } }] });
    assert.deepEqual(employees, ['1', '2', '3']);
    assert.equal(employeeIdsResponseSchema.safeParse({ employees: [{ email: 'x' }] }).success, false);
  });

  it('validates search and single-employee answers as objects', () => {
    assert.equal(peopleSearchResponseSchema.safeParse({ employees: [1] }).success, false);
    assert.equal(peopleSearchResponseSchema.safeParse({}).success, false);
    assert.deepEqual(singleEmployeeResponseSchema.parse({ id: '1' }), { id: '1' });
    assert.deepEqual(singleEmployeeResponseSchema.parse({ employees: [{ id: '1' }] }), { id: '1' });
  });

  it('reads field metadata as documented, or wrapped', () => {
    const entry = { id: 'root.firstName', categoryId: 'root', name: 'First name', jsonPath: 'firstName', type: 'text', extra: true };
    const expected = [{ id: 'root.firstName', category: 'root', name: 'First name', jsonPath: 'firstName', type: 'text' }];
    assert.deepEqual(fieldsMetadataResponseSchema.parse([entry]), expected);
    assert.deepEqual(fieldsMetadataResponseSchema.parse({ fields: [entry] }), expected);
  });

  it('reads all named lists keyed by name, rejecting nameless items', () => {
    const lists = namedListsResponseSchema.parse({ site: { name: 'site', values: [{ id: 1, value: 'London' }], items: [] } });
    assert.equal(lists.site.values?.[0].id, 1);
    assert.equal(namedListsResponseSchema.safeParse({ site: { values: [{ id: '1' }] } }).success, false);
  });
});
