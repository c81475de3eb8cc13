import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basicAuth, call, simulator, sleep, USER } from './helpers';

const SEARCH = { fields: ['root.id'] };

function assertRateHeaders(headers: Headers): void {
  for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
    assert.match(headers.get(name) ?? '', /^\d+$/, `${name} present`);
  }
}

test('unknown, wrong and damaged credentials answer 401 with an empty body and rate-limit headers', async (t) => {
  const sim = await simulator(t);
  const attempts: (string | null)[] = [
    null,
    basicAuth(USER.id, 'wrong-token'),
    basicAuth('nobody', USER.token),
    'Basic !!!not-base64!!!',
    `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
    `Bearer ${USER.token}`,
  ];
  for (const as of attempts) {
    const answer = await call(sim, 'POST', '/people/search', { body: SEARCH, as });
    assert.equal(answer.status, 401, `credentials ${as}`);
    assert.equal(answer.text, '');
    assertRateHeaders(answer.headers);
  }
});

test('valid credentials answer 200 with rate-limit headers', async (t) => {
  const sim = await simulator(t);
  const answer = await call(sim, 'POST', '/people/search', { body: SEARCH });
  assert.equal(answer.status, 200);
  assertRateHeaders(answer.headers);
});

test('a service user without permissions gets 403 {key,error} everywhere but the fields metadata', async (t) => {
  const bare = { id: 'svc-new', token: 'new-token', permissions: { none: true } };
  const sim = await simulator(t, { serviceUsers: [bare] });
  const employeeId = sim.company.employees[0].id;
  const calls: [string, string, unknown?][] = [
    ['POST', '/people/search', SEARCH],
    ['POST', `/people/${employeeId}`],
    ['GET', '/company/named-lists'],
    ['GET', '/company/named-lists/department'],
    ['GET', '/timeoff/policy-types'],
    ['GET', '/timeoff/whosout?from=2026-01-01&to=2026-01-31'],
    ['POST', `/timeoff/employees/${employeeId}/requests`, { policyType: 'Holiday', startDate: '2026-07-01' }],
  ];
  for (const [method, path, body] of calls) {
    const answer = await call(sim, method, path, { body, as: bare });
    assert.equal(answer.status, 403, `${method} ${path}`);
    const error = answer.json<{ key: string; error: string }>();
    assert.equal(typeof error.key, 'string');
    assert.equal(typeof error.error, 'string');
    assertRateHeaders(answer.headers);
  }
  const fields = await call(sim, 'GET', '/company/people/fields', { as: bare });
  assert.equal(fields.status, 200);
  assert.equal(sim.company.timeOff.requests.length, 0);
});

test('revoking a token makes the old one answer 401 and the new one work', async (t) => {
  const sim = await simulator(t);
  const newToken = sim.admin.revokeToken(USER.id);
  assert.notEqual(newToken, USER.token);
  assert.equal((await call(sim, 'POST', '/people/search', { body: SEARCH })).status, 401);
  const renewed = await call(sim, 'POST', '/people/search', { body: SEARCH, as: { id: USER.id, token: newToken } });
  assert.equal(renewed.status, 200);
});

test('permissions can change while running', async (t) => {
  const sim = await simulator(t);
  sim.admin.setPermissions(USER.id, { none: true });
  assert.equal((await call(sim, 'POST', '/people/search', { body: SEARCH })).status, 403);
  sim.admin.setPermissions(USER.id, {});
  assert.equal((await call(sim, 'POST', '/people/search', { body: SEARCH })).status, 200);
});

test('the WAF blocks a caller after repeated 401/403s, with an HTML page, then lets it back', async (t) => {
  const sim = await simulator(t, { waf: { failures: 3, windowMs: 10_000, blockMs: 400 } });
  for (let i = 0; i < 3; i++) {
    assert.equal((await call(sim, 'POST', '/people/search', { body: SEARCH, as: basicAuth(USER.id, 'bad') })).status, 401);
  }
  // Blocked by IP too, so even good credentials from the same address are refused.
  const blocked = await call(sim, 'POST', '/people/search', { body: SEARCH });
  assert.equal(blocked.status, 403);
  assert.match(blocked.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(blocked.text, /Request blocked/);
  assert.equal(sim.stats().wafBlocked, 1);
  await sleep(450);
  assert.equal((await call(sim, 'POST', '/people/search', { body: SEARCH })).status, 200);
});

test('the WAF keyed by Authorization header blocks only that header', async (t) => {
  const sim = await simulator(t, { waf: { failures: 2, windowMs: 10_000, blockMs: 60_000, keyBy: 'authorization' } });
  const bad = basicAuth(USER.id, 'bad');
  await call(sim, 'GET', '/company/named-lists', { as: bad });
  await call(sim, 'GET', '/company/named-lists', { as: bad });
  const blocked = await call(sim, 'GET', '/company/named-lists', { as: bad });
  assert.equal(blocked.status, 403);
  assert.match(blocked.text, /Request blocked/);
  assert.equal((await call(sim, 'GET', '/company/named-lists')).status, 200);
});

test('403s count towards the WAF as well as 401s', async (t) => {
  const bare = { id: 'svc-new', token: 'new-token', permissions: { none: true } };
  const sim = await simulator(t, { serviceUsers: [bare], waf: { failures: 2, windowMs: 10_000, blockMs: 60_000, keyBy: 'authorization' } });
  assert.equal((await call(sim, 'POST', '/people/search', { body: SEARCH, as: bare })).status, 403);
  assert.equal((await call(sim, 'POST', '/people/search', { body: SEARCH, as: bare })).status, 403);
  const blocked = await call(sim, 'GET', '/company/people/fields', { as: bare });
  assert.equal(blocked.status, 403);
  assert.match(blocked.headers.get('content-type') ?? '', /^text\/html/);
});
