import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunningSimulator } from '../../src/simulator';
import { call, simulator } from './helpers';

interface Change {
  changeType: string; requestId: number; employeeId: string; employeeDisplayName: string; policyTypeDisplayName: string;
  startDate: string; startPortion: string; endDate: string; endPortion: string; changeReason: string; changedAt: string;
}

interface Details {
  requestId: number; employeeId: string; policyTypeDisplayName: string; startDate: string; startDatePortion: string;
  endDate: string; endDatePortion: string; status: string; approved: boolean; description: string | null;
  durationUnit: string; totalDuration: number;
}

const HOLIDAY = {
  requestRangeType: 'days', policyType: 'Holiday', startDate: '2027-07-05', startDatePortion: 'all_day',
  endDate: '2027-07-09', endDatePortion: 'all_day', description: 'Family trip', skipManagerApproval: false,
};

function activeEmployeeId(sim: RunningSimulator, nth = 1): string {
  return sim.company.employees.filter((employee) => employee.lifecycleStatus === 'employed')[nth].id;
}

const submit = (sim: RunningSimulator, employeeId: string, body: unknown) =>
  call(sim, 'POST', `/timeoff/employees/${employeeId}/requests`, { body });

async function changesSince(sim: RunningSimulator, since: Date, includePending = true): Promise<Change[]> {
  const answer = await call(sim, 'GET', `/timeoff/requests/changes?since=${since.toISOString()}&includePending=${includePending}`);
  assert.equal(answer.status, 200, answer.text);
  return answer.json<{ changes: Change[] }>().changes;
}

test('policy types: the list, one by name, and 404 with HiBob text', async (t) => {
  const sim = await simulator(t);
  const list = await call(sim, 'GET', '/timeoff/policy-types');
  assert.equal(list.status, 200);
  const { policyTypes } = list.json<{ policyTypes: string[] }>();
  for (const name of ['Holiday', 'Sick', 'Parental leave']) assert.ok(policyTypes.includes(name), name);
  const one = await call(sim, 'GET', '/timeoff/policy-types/Holiday');
  assert.equal(one.json<{ name: string }>().name, 'Holiday');
  const missing = await call(sim, 'GET', '/timeoff/policy-types/Vacation');
  assert.equal(missing.status, 404);
  assert.equal(missing.json<{ error: string }>().error, 'A policy type with the specified name was not found');
});

test('submit answers 200 with an empty body; the id comes from the changes feed', async (t) => {
  const sim = await simulator(t);
  const employeeId = activeEmployeeId(sim);
  const before = new Date(Date.now() - 1000);
  const answer = await submit(sim, employeeId, HOLIDAY);
  assert.equal(answer.status, 200);
  assert.equal(answer.text, '');
  const [created] = await changesSince(sim, before);
  assert.equal(created.changeType, 'Created');
  assert.equal(created.employeeId, employeeId);
  assert.equal(created.policyTypeDisplayName, 'Holiday');
  assert.equal(created.startPortion, 'all_day');
  assert.equal(created.employeeDisplayName, sim.company.employee(employeeId)?.displayName);
  assert.equal(typeof created.requestId, 'number');

  const details = await call(sim, 'GET', `/timeoff/employees/${employeeId}/requests/${created.requestId}`);
  assert.equal(details.status, 200);
  const request = details.json<Details>();
  assert.equal(request.requestId, created.requestId);
  assert.equal(request.status, 'pending');
  assert.equal(request.approved, false);
  assert.equal(request.description, 'Family trip');
  assert.equal(request.startDatePortion, 'all_day');
  assert.equal(request.endDatePortion, 'all_day');
  assert.equal(request.durationUnit, 'days');
  assert.equal(request.totalDuration, 5);
  assert.equal(sim.stats().submitsCommitted, 1);
});

test('submitReturnsId answers 201 {id}', async (t) => {
  const sim = await simulator(t, { submitReturnsId: true });
  const employeeId = activeEmployeeId(sim);
  const answer = await submit(sim, employeeId, { ...HOLIDAY, skipManagerApproval: true });
  assert.equal(answer.status, 201);
  const { id } = answer.json<{ id: number }>();
  assert.ok(Number.isInteger(id));
  const details = (await call(sim, 'GET', `/timeoff/employees/${employeeId}/requests/${id}`)).json<Details>();
  assert.equal(details.status, 'approved');
  assert.equal(details.approved, true);
});

test('submit validation: 404 unknown employee, 400 {key,error} for bad input', async (t) => {
  const sim = await simulator(t);
  const employeeId = activeEmployeeId(sim);
  assert.equal((await submit(sim, '1111111111111111111', HOLIDAY)).status, 404);
  const invalid: Record<string, unknown>[] = [
    { ...HOLIDAY, policyType: 'Vacation' },
    { ...HOLIDAY, policyType: undefined },
    { ...HOLIDAY, startDate: undefined },
    { ...HOLIDAY, startDate: '2027-13-01' },
    { ...HOLIDAY, endDate: '2027-07-01' },
    { ...HOLIDAY, startDatePortion: 'morning' },
    { ...HOLIDAY, endDatePortion: 'afternoon' },
    { ...HOLIDAY, startDatePortion: 'evening' },
    { ...HOLIDAY, requestRangeType: 'weeks' },
    { ...HOLIDAY, requestRangeType: 'hours', endDate: '2027-07-05' },
    { ...HOLIDAY, requestRangeType: 'hours', endDate: '2027-07-05', hours: -1 },
    { ...HOLIDAY, requestRangeType: 'portionOnRange' },
  ];
  for (const body of invalid) {
    const answer = await submit(sim, employeeId, body);
    assert.equal(answer.status, 400, JSON.stringify(body));
    const error = answer.json<{ key: string; error: string }>();
    assert.ok(error.key && error.error);
  }
  assert.equal((await submit(sim, employeeId, '"not an object"')).status, 400);
  assert.equal(sim.company.timeOff.requests.length, 0);
});

test('single days take any portion; hours requests need hours', async (t) => {
  const sim = await simulator(t);
  const employeeId = activeEmployeeId(sim);
  const day = { policyType: 'Holiday', startDate: '2027-08-02', endDate: '2027-08-02' };
  assert.equal((await submit(sim, employeeId, { ...day, startDatePortion: 'morning', endDatePortion: 'morning' })).status, 200);
  assert.equal((await submit(sim, employeeId, { ...day, startDatePortion: 'afternoon', endDatePortion: 'afternoon' })).status, 200,
    'the other half of the same day does not overlap');
  const hours = { policyType: 'Doctor appointment', requestRangeType: 'hours', startDate: '2027-08-03', hours: 2, minutes: 30 };
  assert.equal((await submit(sim, employeeId, hours)).status, 200);
  const stored = sim.company.timeOff.requests.at(-1);
  assert.equal(stored?.hours, 2);
  assert.equal(stored?.minutes, 30);
});

test('overlapping a live request is 400; a cancelled one no longer blocks', async (t) => {
  const sim = await simulator(t);
  const employeeId = activeEmployeeId(sim);
  assert.equal((await submit(sim, employeeId, HOLIDAY)).status, 200);
  const overlap = await submit(sim, employeeId, { ...HOLIDAY, startDate: '2027-07-09', endDate: '2027-07-12' });
  assert.equal(overlap.status, 400);
  assert.ok(overlap.json<{ key: string }>().key);
  assert.equal((await submit(sim, activeEmployeeId(sim, 2), HOLIDAY)).status, 200, 'another employee may book the same days');
  const [first] = sim.company.timeOff.requests;
  assert.equal((await call(sim, 'DELETE', `/timeoff/employees/${employeeId}/requests/${first.requestId}`)).status, 200);
  assert.equal((await submit(sim, employeeId, HOLIDAY)).status, 200);
});

test('cancel answers 200 with an empty body, marks the request canceled and feeds a Canceled change', async (t) => {
  const sim = await simulator(t);
  const employeeId = activeEmployeeId(sim);
  const before = new Date(Date.now() - 1000);
  await submit(sim, employeeId, HOLIDAY);
  const { requestId } = sim.company.timeOff.requests[0];
  const path = `/timeoff/employees/${employeeId}/requests/${requestId}`;
  const cancelled = await call(sim, 'DELETE', path);
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.text, '');
  assert.equal((await call(sim, 'GET', path)).json<Details>().status, 'canceled');
  assert.equal((await call(sim, 'DELETE', path)).status, 200, 'cancelling again is harmless');
  assert.deepEqual((await changesSince(sim, before)).map((change) => change.changeType), ['Created', 'Canceled']);
  assert.equal(sim.stats().cancels, 1);
  assert.equal(sim.admin.timeOffRequests()[0].status, 'canceled');
});

test('details and cancel answer 404 for unknown requests and for another employee\'s', async (t) => {
  const sim = await simulator(t);
  const employeeId = activeEmployeeId(sim);
  await submit(sim, employeeId, HOLIDAY);
  const { requestId } = sim.company.timeOff.requests[0];
  const other = activeEmployeeId(sim, 3);
  for (const path of [`/timeoff/employees/${employeeId}/requests/999`, `/timeoff/employees/${other}/requests/${requestId}`]) {
    assert.equal((await call(sim, 'GET', path)).status, 404);
    assert.equal((await call(sim, 'DELETE', path)).status, 404);
  }
});

test('the changes feed: since is required, 6 months at most, pending only when asked', async (t) => {
  const sim = await simulator(t);
  const before = new Date(Date.now() - 1000);
  await submit(sim, activeEmployeeId(sim), HOLIDAY);
  assert.equal((await changesSince(sim, before, false)).length, 0, 'pending requests are left out by default');
  assert.equal((await changesSince(sim, before, true)).length, 1);
  assert.equal((await call(sim, 'GET', '/timeoff/requests/changes')).status, 400);
  assert.equal((await call(sim, 'GET', '/timeoff/requests/changes?since=yesterday')).status, 400);
  const tooLong = await call(sim, 'GET', '/timeoff/requests/changes?since=2026-01-01T00:00:00Z&to=2026-07-02T00:00:00Z');
  assert.equal(tooLong.status, 400);
  assert.ok(tooLong.json<{ error: string }>().error);
  const sixMonths = await call(sim, 'GET', '/timeoff/requests/changes?since=2026-01-01T00:00:00Z&to=2026-07-01T00:00:00Z');
  assert.equal(sixMonths.status, 200);
});

test("who's out lists approved requests, pending ones only when asked, never cancelled ones", async (t) => {
  const sim = await simulator(t);
  const [alice, bob, carol] = [activeEmployeeId(sim, 1), activeEmployeeId(sim, 2), activeEmployeeId(sim, 3)];
  await submit(sim, alice, { ...HOLIDAY, skipManagerApproval: true });
  await submit(sim, bob, HOLIDAY);
  await submit(sim, carol, { ...HOLIDAY, skipManagerApproval: true });
  const carolsRequest = sim.company.timeOff.requests[2].requestId;
  await call(sim, 'DELETE', `/timeoff/employees/${carol}/requests/${carolsRequest}`);
  type Out = { employeeId: string; employeeDisplayName: string; startPortion: string; requestId: number };
  const outs = async (query: string): Promise<Out[]> => {
    const answer = await call(sim, 'GET', `/timeoff/whosout?${query}`);
    assert.equal(answer.status, 200, answer.text);
    return answer.json<{ outs: Out[] }>().outs;
  };
  const approved = await outs('from=2027-07-01&to=2027-07-31');
  assert.deepEqual(approved.map((out) => out.employeeId), [alice]);
  assert.equal(approved[0].startPortion, 'all_day');
  assert.equal(approved[0].employeeDisplayName, sim.company.employee(alice)?.displayName);
  const withPending = await outs('from=2027-07-01&to=2027-07-31&includePending=true');
  assert.deepEqual(withPending.map((out) => out.employeeId), [alice, bob]);
  assert.deepEqual(await outs('from=2027-08-01&to=2027-08-31&includePending=true'), []);
  assert.equal((await call(sim, 'GET', '/timeoff/whosout?from=2027-07-01')).status, 400);
});

test('time-off permissions: no write -> 403 on submit and cancel; no read -> 403 on reads', async (t) => {
  const readOnly = { id: 'svc-ro', token: 'ro', permissions: { timeOffWrite: false } };
  const writeOnly = { id: 'svc-wo', token: 'wo', permissions: { timeOffRead: false } };
  const sim = await simulator(t, { serviceUsers: [readOnly, writeOnly] });
  const employeeId = activeEmployeeId(sim);
  assert.equal((await call(sim, 'POST', `/timeoff/employees/${employeeId}/requests`, { body: HOLIDAY, as: readOnly })).status, 403);
  assert.equal((await call(sim, 'POST', `/timeoff/employees/${employeeId}/requests`, { body: HOLIDAY, as: writeOnly })).status, 200);
  const { requestId } = sim.company.timeOff.requests[0];
  const path = `/timeoff/employees/${employeeId}/requests/${requestId}`;
  assert.equal((await call(sim, 'DELETE', path, { as: readOnly })).status, 403);
  assert.equal((await call(sim, 'GET', path, { as: readOnly })).status, 200);
  for (const readPath of [path, '/timeoff/policy-types', '/timeoff/whosout?from=2027-07-01&to=2027-07-31',
    `/timeoff/requests/changes?since=${new Date(Date.now() - 60_000).toISOString()}`]) {
    assert.equal((await call(sim, 'GET', readPath, { as: writeOnly })).status, 403, readPath);
  }
});
