import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunningSimulator } from '../../src/simulator';
import { admin, call, simulator, sleep, waitForFreshWindow } from './helpers';

const WINDOW_MS = 2000;
const LIMITED = { rateLimits: { windowMs: WINDOW_MS, peopleSearch: 3, default: 5 } };
const SEARCH = { fields: ['root.id'] };
const OTHER = { id: 'svc-other', token: 'other-token' };

const searchAs = (sim: RunningSimulator, as?: typeof OTHER) => call(sim, 'POST', '/people/search', { body: SEARCH, as });

test('people search allows N per fixed window, then 429 {key,error} with headers', async (t) => {
  const sim = await simulator(t, LIMITED);
  await waitForFreshWindow(WINDOW_MS, 1500);
  const windowEnd = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS + WINDOW_MS;
  for (const remaining of [2, 1, 0]) {
    const answer = await searchAs(sim);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('x-ratelimit-limit'), '3');
    assert.equal(answer.headers.get('x-ratelimit-remaining'), String(remaining));
    assert.equal(answer.headers.get('x-ratelimit-reset'), String(Math.ceil(windowEnd / 1000)));
  }
  const limited = await searchAs(sim);
  assert.equal(limited.status, 429);
  assert.ok(limited.json<{ key: string; error: string }>().error);
  assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
  assert.equal(limited.headers.get('retry-after'), null, 'no Retry-After unless switched on');
  const lists = await call(sim, 'GET', '/company/named-lists');
  assert.equal(lists.status, 200, 'other endpoints have their own budget');
  assert.equal(lists.headers.get('x-ratelimit-limit'), '5');
  assert.equal(sim.stats().rateLimited, 1);
  await sleep(windowEnd - Date.now() + 50);
  assert.equal((await searchAs(sim)).status, 200, 'a new window starts afresh');
});

test('limits count per service user by default, per company with the switch', async (t) => {
  const perUser = await simulator(t, { ...LIMITED, serviceUsers: [OTHER] });
  const perCompany = await simulator(t, { rateLimits: { ...LIMITED.rateLimits, perCompany: true }, serviceUsers: [OTHER] });
  await waitForFreshWindow(WINDOW_MS, 1500);
  for (let i = 0; i < 3; i++) {
    await searchAs(perUser);
    await searchAs(perCompany);
  }
  assert.equal((await searchAs(perUser)).status, 429);
  assert.equal((await searchAs(perUser, OTHER)).status, 200);
  assert.equal((await searchAs(perCompany, OTHER)).status, 429);
});

test('Retry-After comes with the switch', async (t) => {
  const sim = await simulator(t, { ...LIMITED, retryAfterHeader: true });
  await waitForFreshWindow(WINDOW_MS, 1500);
  for (let i = 0; i < 3; i++) await searchAs(sim);
  const limited = await searchAs(sim);
  assert.equal(limited.status, 429);
  assert.match(limited.headers.get('retry-after') ?? '', /^[12]$/);
});

test('unknown paths under /v1 answer 200 text/html; with the switch off, 404', async (t) => {
  const quirky = await simulator(t);
  const answer = await call(quirky, 'GET', '/people/search/oops');
  assert.equal(answer.status, 200);
  assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal((await call(quirky, 'GET', '/people/search')).status, 200, 'a wrong method is an unknown path too');
  const strict = await simulator(t, { unknownPathHtml: false });
  assert.equal((await call(strict, 'GET', '/no/such/path')).status, 404);
  const outside = await fetch(`${strict.baseUrl.replace(/\/v1$/, '')}/v2/people`);
  assert.equal(outside.status, 404);
});

test('errorRate answers 500/502/503 with {key,error}', async (t) => {
  const sim = await simulator(t, { faults: { errorRate: 1 } });
  for (let i = 0; i < 5; i++) {
    const answer = await searchAs(sim);
    assert.ok([500, 502, 503].includes(answer.status), String(answer.status));
    assert.ok(answer.json<{ key: string; error: string }>().error);
  }
  assert.equal(sim.stats().injectedErrors, 5);
  sim.admin.setFaults({ errorRate: 0 });
  assert.equal((await searchAs(sim)).status, 200);
});

test('latency delays every API request', async (t) => {
  const sim = await simulator(t, { faults: { latencyMs: 120, latencyJitterMs: 30 } });
  const started = Date.now();
  assert.equal((await searchAs(sim)).status, 200);
  assert.ok(Date.now() - started >= 115, 'the answer waited for the injected latency');
});

test('dropRate destroys the socket without an answer', async (t) => {
  const sim = await simulator(t, { faults: { dropRate: 1 } });
  await assert.rejects(searchAs(sim));
  assert.equal(sim.stats().dropped, 1);
  sim.admin.setFaults({ dropRate: 0 });
  assert.equal((await searchAs(sim)).status, 200);
});

test('rateLimitBurst answers the next N requests 429, then counts down to normal', async (t) => {
  const sim = await simulator(t);
  sim.admin.setFaults({ rateLimitBurst: 2 });
  assert.equal((await searchAs(sim)).status, 429);
  assert.equal((await call(sim, 'GET', '/company/named-lists')).status, 429);
  assert.equal((await searchAs(sim)).status, 200);
  assert.equal(sim.admin.faults().rateLimitBurst, 0);
  assert.equal(sim.stats().rateLimited, 2);
});

test('dropAfterCommitSubmits stores the request, then loses the answer', async (t) => {
  const sim = await simulator(t, { faults: { dropAfterCommitSubmits: 1 } });
  const employeeId = sim.company.employees[1].id;
  const since = new Date(Date.now() - 1000).toISOString();
  const body = { policyType: 'Holiday', startDate: '2027-09-06', endDate: '2027-09-07' };
  await assert.rejects(call(sim, 'POST', `/timeoff/employees/${employeeId}/requests`, { body }));
  assert.equal(sim.company.timeOff.requests.length, 1, 'committed despite the lost answer');
  const changes = await call(sim, 'GET', `/timeoff/requests/changes?since=${since}&includePending=true`);
  assert.equal(changes.json<{ changes: unknown[] }>().changes.length, 1);
  const retry = await call(sim, 'POST', `/timeoff/employees/${employeeId}/requests`, { body });
  assert.equal(retry.status, 400, 'a blind retry overlaps the committed request');
  const stats = sim.stats();
  assert.equal(stats.submitsCommitted, 1);
  assert.equal(stats.dropped, 1);
});

test('faults can be set over HTTP and merge with those in force', async (t) => {
  const sim = await simulator(t, { faults: { latencyMs: 1 } });
  const answer = await admin(sim, 'POST', '/faults', { rateLimitBurst: 1 });
  assert.equal(answer.status, 200);
  const faults = answer.json<{ latencyMs: number; rateLimitBurst: number }>();
  assert.equal(faults.latencyMs, 1);
  assert.equal(faults.rateLimitBurst, 1);
  assert.equal((await searchAs(sim)).status, 429);
  assert.equal((await admin(sim, 'POST', '/faults', { errorRate: 2 })).status, 400);
});
