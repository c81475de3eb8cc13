/**
 * The HiBob client against the HiBob simulator: every error class, the rate-limit pacing,
 * time off with and without returned ids, and normalisation of real answers in each form.
 * No timing assertions: waits are asserted through the simulator's counters and hooks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  HiBobAuthError,
  HiBobBadRequestError,
  HiBobClient,
  HiBobFirewallBlockedError,
  HiBobNetworkError,
  HiBobNotFoundError,
  HiBobPermissionError,
  HiBobRateLimitError,
  HiBobServerError,
  HiBobUnexpectedResponseError,
  RateLimitRegistry,
  type HiBobCapability,
  type HiBobClientOptions,
  type NormalizedEmployee,
} from '../../src/hibob';
import { startSimulator, type RunningSimulator, type SimServiceUser, type SimulatorOptions } from '../../src/simulator';

const ADMIN: SimServiceUser = { id: 'SU-ADMIN', token: 'token-admin-0001' };
const NONE: SimServiceUser = { id: 'SU-NEW', token: 'token-new-0002', permissions: { none: true } };
const NO_LISTS: SimServiceUser = { id: 'SU-NOLISTS', token: 'token-nolists-0003', permissions: { lists: false } };
const NO_TIMEOFF: SimServiceUser = {
  id: 'SU-NOTIMEOFF',
  token: 'token-notimeoff-0004',
  permissions: { timeOffRead: false, timeOffWrite: false },
};
const READ_ONLY_TIMEOFF: SimServiceUser = { id: 'SU-READTO', token: 'token-readto-0005', permissions: { timeOffWrite: false } };
const NO_LIFECYCLE: SimServiceUser = { id: 'SU-NOLIFE', token: 'token-nolife-0006', permissions: { categories: ['root', 'work'] } };

/** Generous WAF limits: these tests cause a handful of 401/403s on purpose. */
const QUIET_WAF = { failures: 1000 };

async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({
    employees: 40,
    seed: 7,
    waf: QUIET_WAF,
    serviceUsers: [ADMIN, NONE, NO_LISTS, NO_TIMEOFF, READ_ONLY_TIMEOFF, NO_LIFECYCLE],
    ...options,
  });
}

function clientOf(sim: RunningSimulator | string, user: SimServiceUser, extra: Partial<HiBobClientOptions> = {}): HiBobClient {
  return new HiBobClient({
    baseUrl: typeof sim === 'string' ? sim : sim.baseUrl,
    credentials: { serviceUserId: user.id, token: user.token },
    // A registry per client: tests must not share budgets through the process-wide one.
    pacer: new RateLimitRegistry(),
    timeoutMs: 5000,
    ...extra,
  });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

function assertNoToken(error: unknown, token: string): void {
  const everything = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 10, showHidden: true })}`;
  assert.ok(!everything.includes(token), 'the token never appears in an error');
}

function someEmployeeId(sim: RunningSimulator): string {
  const employee = sim.company.employees.find((candidate) => candidate.status === 'Active' && candidate.managerId !== null);
  assert.ok(employee);
  return employee.id;
}

const HOLIDAY = { policyType: 'Holiday', startDate: '2031-03-03', endDate: '2031-03-04' } as const;

describe('HiBob client errors against the simulator', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await simulator();
  });
  after(() => sim.close());

  it('401 for a wrong token (an empty body), without the token in the error', async () => {
    const error = await caught(clientOf(sim, { ...ADMIN, token: 'wrong-token-9999' }).verifyCredentials());
    assert.ok(error instanceof HiBobAuthError);
    assert.equal(error.status, 401);
    assert.equal(error.endpoint, 'POST /people/search');
    assertNoToken(error, 'wrong-token-9999');
  });

  it('401 for a revoked token, while the refreshed one works', async () => {
    const user = { id: 'SU-REVOKED', token: 'token-before-refresh' };
    sim.admin.addServiceUser(user);
    await clientOf(sim, user).verifyCredentials();
    const refreshed = sim.admin.revokeToken(user.id);
    assert.ok(await caught(clientOf(sim, user).verifyCredentials()) instanceof HiBobAuthError);
    await clientOf(sim, { id: user.id, token: refreshed }).verifyCredentials();
  });

  it('403 read_employees for a service user in no permission group (fields metadata still works)', async () => {
    const client = clientOf(sim, NONE);
    const error = await caught(client.verifyCredentials());
    assert.ok(error instanceof HiBobPermissionError);
    assert.equal(error.capability, 'read_employees');
    assert.ok((await client.getFieldsMetadata()).some((field) => field.id === 'root.id'));
  });

  const capabilityCases: [string, SimServiceUser, (client: HiBobClient, sim: RunningSimulator) => Promise<unknown>, HiBobCapability][] = [
    ['reading one named list', NO_LISTS, (client) => client.getNamedList('department'), 'read_lists'],
    ['reading all named lists', NO_LISTS, (client) => client.getNamedLists(), 'read_lists'],
    ['reading policy types', NO_TIMEOFF, (client) => client.listPolicyTypes(), 'read_timeoff'],
    ['reading the changes feed', NO_TIMEOFF, (client) => client.getTimeOffChanges({ since: new Date(Date.now() - 3_600_000) }), 'read_timeoff'],
    ["reading who's out", NO_TIMEOFF, (client) => client.getWhosOut({ from: '2031-01-01', to: '2031-01-31' }), 'read_timeoff'],
    ['submitting time off', READ_ONLY_TIMEOFF, (client, s) => client.submitTimeOffRequest(someEmployeeId(s), HOLIDAY), 'write_timeoff'],
    ['cancelling time off', READ_ONLY_TIMEOFF, (client, s) => client.cancelTimeOffRequest(someEmployeeId(s), 1), 'write_timeoff'],
  ];
  for (const [what, user, call, capability] of capabilityCases) {
    it(`403 ${capability} when ${what} is not permitted`, async () => {
      const error = await caught(call(clientOf(sim, user), sim));
      assert.ok(error instanceof HiBobPermissionError, String(error));
      assert.equal(error.capability, capability);
      assert.equal(error.retryable, false);
    });
  }

  it('400 with HiBob key and error for an invalid submit', async () => {
    const error = await caught(
      clientOf(sim, ADMIN).submitTimeOffRequest(someEmployeeId(sim), { policyType: 'Holiday', startDate: '2031-03-05', endDate: '2031-03-01' }),
    );
    assert.ok(error instanceof HiBobBadRequestError);
    assert.equal(error.status, 400);
    assert.equal(error.hibobKey, 'timeoff.dates.invalid');
    assert.match(error.hibobMessage ?? '', /end date/);
    assert.equal(error.retryable, false);
  });

  it('404 for an unknown employee, list, policy type and request', async () => {
    const client = clientOf(sim, ADMIN);
    for (const call of [
      client.getEmployee('nobody@nowhere.test'),
      client.getNamedList('no-such-list'),
      client.getPolicyType('Sabbatical'),
      client.getTimeOffRequest(someEmployeeId(sim), 1),
    ]) {
      const error = await caught(call);
      assert.ok(error instanceof HiBobNotFoundError, String(error));
      assert.equal(error.status, 404);
    }
  });

  it('5xx from injected errors, retryable and not retried by the client', async () => {
    sim.admin.resetStats();
    sim.admin.setFaults({ errorRate: 1 });
    try {
      const error = await caught(clientOf(sim, ADMIN).listEmployeeIds());
      assert.ok(error instanceof HiBobServerError);
      assert.ok([500, 502, 503].includes(error.status ?? 0));
      assert.equal(error.retryable, true);
      assert.equal(sim.stats().injectedErrors, 1);
    } finally {
      sim.admin.setFaults({ errorRate: 0 });
    }
  });

  it('network error when the connection is dropped', async () => {
    sim.admin.setFaults({ dropRate: 1 });
    try {
      const error = await caught(clientOf(sim, ADMIN).listEmployeeIds());
      assert.ok(error instanceof HiBobNetworkError);
      assert.equal(error.timedOut, false);
      assert.equal(error.retryable, true);
      assertNoToken(error, ADMIN.token);
    } finally {
      sim.admin.setFaults({ dropRate: 0 });
    }
  });

  it('network error with timedOut when HiBob answers slower than timeoutMs', async () => {
    sim.admin.setFaults({ latencyMs: 1500 });
    try {
      const error = await caught(clientOf(sim, ADMIN, { timeoutMs: 200 }).listEmployeeIds());
      assert.ok(error instanceof HiBobNetworkError);
      assert.equal(error.timedOut, true);
      assertNoToken(error, ADMIN.token);
    } finally {
      sim.admin.setFaults({ latencyMs: 0 });
    }
  });

  it('unexpected response for the HTML page HiBob serves on unknown paths', async () => {
    const error = await caught(clientOf(`${sim.baseUrl}/not-an-api`, ADMIN).verifyCredentials());
    assert.ok(error instanceof HiBobUnexpectedResponseError);
    assert.equal(error.status, 200);
    assert.match(error.problem, /HTML/);
    assert.equal(error.retryable, false);
  });
});

describe('HiBob client network and firewall failures', () => {
  it('network error for a closed port', async () => {
    const sim = await simulator();
    const baseUrl = sim.baseUrl;
    await sim.close();
    const error = await caught(clientOf(baseUrl, ADMIN).verifyCredentials());
    assert.ok(error instanceof HiBobNetworkError);
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(error.timedOut, false);
  });

  it("HiBob's firewall block page after repeated 401s is its own error", async () => {
    const sim = await simulator({ waf: { failures: 3, windowMs: 10_000, blockMs: 60_000 } });
    try {
      const wrong = clientOf(sim, { ...ADMIN, token: 'wrong-token-8888' });
      for (let i = 0; i < 3; i += 1) assert.ok(await caught(wrong.verifyCredentials()) instanceof HiBobAuthError);
      const error = await caught(wrong.verifyCredentials());
      assert.ok(error instanceof HiBobFirewallBlockedError);
      assert.equal(error.status, 403);
      assert.equal(error.retryable, false);
      assert.equal(sim.stats().wafBlocked, 1);
    } finally {
      await sim.close();
    }
  });
});

describe('HiBob client rate limits against the simulator', () => {
  it('paces searches to the budget: eight searches, no 429', async () => {
    const sim = await simulator({ rateLimits: { windowMs: 2000, peopleSearch: 3 } });
    try {
      const waits: number[] = [];
      const client = clientOf(sim, ADMIN, { hooks: { onRateLimitWait: (ms) => waits.push(ms) } });
      for (let i = 0; i < 8; i += 1) await client.listEmployeeIds();
      assert.equal(sim.stats().rateLimited, 0);
      assert.deepEqual(sim.stats().byRoute['POST /v1/people/search'], { 200: 8 });
      assert.ok(waits.length > 0, 'the client waited for resets instead');
    } finally {
      await sim.close();
    }
  });

  it('paces concurrent callers sharing the process registry: no 429', async () => {
    const sim = await simulator({ rateLimits: { windowMs: 2000, peopleSearch: 3 } });
    try {
      const shared = new RateLimitRegistry();
      const clients = [clientOf(sim, ADMIN, { pacer: shared }), clientOf(sim, ADMIN, { pacer: shared })];
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => clients[i % 2].listEmployeeIds()));
      assert.ok(results.every((ids) => ids.length === 40));
      assert.equal(sim.stats().rateLimited, 0);
    } finally {
      await sim.close();
    }
  });

  it('waits out 429s (rateLimitBurst) and retries, with or without Retry-After', async () => {
    for (const retryAfterHeader of [false, true]) {
      const sim = await simulator({ rateLimits: { windowMs: 1000 }, retryAfterHeader });
      try {
        sim.admin.setFaults({ rateLimitBurst: 2 });
        const waits: number[] = [];
        const ids = await clientOf(sim, ADMIN, { hooks: { onRateLimitWait: (ms) => waits.push(ms) } }).listEmployeeIds();
        assert.equal(ids.length, 40);
        assert.equal(sim.stats().rateLimited, 2);
        assert.equal(sim.stats().byRoute['POST /v1/people/search']['200'], 1);
        assert.ok(waits.length >= 2);
      } finally {
        await sim.close();
      }
    }
  });

  it('throws HiBobRateLimitError with retryAfterMs when the wait exceeds maxRateLimitWaitMs', async () => {
    const sim = await simulator({ rateLimits: { windowMs: 60_000 } });
    try {
      sim.admin.setFaults({ rateLimitBurst: 1 });
      const error = await caught(clientOf(sim, ADMIN, { maxRateLimitWaitMs: 0 }).listEmployeeIds());
      assert.ok(error instanceof HiBobRateLimitError);
      assert.equal(error.status, 429);
      assert.equal(error.retryable, true);
      assert.ok(error.retryAfterMs !== null && error.retryAfterMs > 0 && error.retryAfterMs <= 60_000);
    } finally {
      await sim.close();
    }
  });

  it('gives up after a few 429s in a row', async () => {
    const sim = await simulator({ rateLimits: { windowMs: 1000 } });
    try {
      sim.admin.setFaults({ rateLimitBurst: 10 });
      assert.ok(await caught(clientOf(sim, ADMIN).listEmployeeIds()) instanceof HiBobRateLimitError);
      assert.equal(sim.stats().rateLimited, 4, 'one try and three retries');
    } finally {
      await sim.close();
    }
  });
});

describe('HiBob client time off against the simulator', () => {
  it('submits without a returned id, finds the request in the changes feed, reads and cancels it', async () => {
    const sim = await simulator();
    try {
      const client = clientOf(sim, ADMIN);
      const employeeId = someEmployeeId(sim);
      const since = new Date(Date.now() - 60_000);
      assert.deepEqual(await client.submitTimeOffRequest(employeeId, { ...HOLIDAY, description: 'Family trip' }), { requestId: null });

      const changes = await client.getTimeOffChanges({ since, includePending: true });
      const created = changes.find((change) => change.employeeId === employeeId && change.changeType === 'Created');
      assert.ok(created, 'the changes feed names the new request');
      assert.equal(created.policyType, 'Holiday');
      assert.equal(created.startDate, HOLIDAY.startDate);

      const details = await client.getTimeOffRequest(employeeId, created.requestId);
      assert.equal(details.requestId, created.requestId);
      assert.equal(details.policyType, 'Holiday');
      assert.equal(details.description, 'Family trip');
      assert.equal(details.startPortion, 'all_day');

      const outs = await client.getWhosOut({ from: HOLIDAY.startDate, to: HOLIDAY.endDate, includePending: true });
      assert.ok(outs.some((out) => out.employeeId === employeeId && out.policyType === 'Holiday'));

      await client.cancelTimeOffRequest(employeeId, created.requestId);
      assert.notEqual((await client.getTimeOffRequest(employeeId, created.requestId)).status, details.status);
      assert.equal(sim.stats().cancels, 1);
    } finally {
      await sim.close();
    }
  });

  it('submits with a returned id (201)', async () => {
    const sim = await simulator({ submitReturnsId: true });
    try {
      const client = clientOf(sim, ADMIN);
      const employeeId = someEmployeeId(sim);
      const { requestId } = await client.submitTimeOffRequest(employeeId, HOLIDAY);
      assert.equal(typeof requestId, 'number');
      const details = await client.getTimeOffRequest(employeeId, requestId as number);
      assert.equal(details.employeeId, employeeId);
      assert.equal(details.endDate, HOLIDAY.endDate);
    } finally {
      await sim.close();
    }
  });

  it('never resends a submit whose answer was lost: one request stored, a network error thrown', async () => {
    const sim = await simulator({ faults: { dropAfterCommitSubmits: 1 } });
    try {
      const error = await caught(clientOf(sim, ADMIN).submitTimeOffRequest(someEmployeeId(sim), HOLIDAY));
      assert.ok(error instanceof HiBobNetworkError);
      assert.equal(sim.stats().submitsCommitted, 1);
      assert.equal(sim.stats().byRoute['POST /v1/timeoff/employees/:id/requests']?.['200'] ?? 0, 0);
    } finally {
      await sim.close();
    }
  });

  it('lists policy types and reads one', async () => {
    const sim = await simulator();
    try {
      const client = clientOf(sim, ADMIN);
      assert.ok((await client.listPolicyTypes()).includes('Holiday'));
      assert.equal((await client.getPolicyType('Holiday')).name, 'Holiday');
    } finally {
      await sim.close();
    }
  });
});

describe('HiBob client normalisation of real simulator answers', () => {
  const forms = ['both', 'nested', 'slash'] as const;
  const batches = new Map<string, NormalizedEmployee[]>();

  for (const responseForm of forms) {
    it(`reads every employee correctly in the '${responseForm}' form`, async () => {
      const sim = await simulator({ responseForm });
      try {
        const client = clientOf(sim, ADMIN);
        const ids = await client.listEmployeeIds();
        assert.equal(ids.length, sim.company.employees.length, 'showInactive includes leavers and pre-hires');
        const batch = await client.readEmployeesByIds(ids);
        assert.deepEqual(batch.missingFields, []);
        for (const employee of batch.employees) {
          const source = sim.company.employee(employee.hibobId);
          assert.ok(source);
          assert.equal(employee.email, source.email?.toLowerCase() ?? null);
          assert.equal(employee.displayName, source.displayName);
          assert.equal(employee.firstName, source.firstName);
          assert.equal(employee.surname, source.surname);
          assert.equal(employee.departmentId, source.departmentId);
          assert.equal(employee.departmentName, source.departmentId ? sim.company.list('department')?.item(source.departmentId)?.name : null);
          assert.equal(employee.jobTitle, source.titleId ? sim.company.list('title')?.item(source.titleId)?.name : null);
          assert.equal(employee.site, source.siteId ? sim.company.list('site')?.item(source.siteId)?.name : null);
          assert.equal(employee.managerHibobId, source.managerId);
          assert.equal(employee.status, source.status);
          assert.equal(employee.lifecycleStatus, source.lifecycleStatus);
          assert.equal(employee.hireDate, source.startDate);
        }
        const one = await client.getEmployee(ids[1]);
        assert.deepEqual(one, batch.employees.find((employee) => employee.hibobId === ids[1]));
        batches.set(responseForm, batch.employees);
      } finally {
        await sim.close();
      }
    });
  }

  it('gives the same result in every form', () => {
    assert.equal(batches.size, forms.length);
    assert.deepEqual(batches.get('nested'), batches.get('both'));
    assert.deepEqual(batches.get('slash'), batches.get('both'));
  });

  it('reports fields the permission group hides as missing', async () => {
    const sim = await simulator();
    try {
      const client = clientOf(sim, NO_LIFECYCLE);
      const batch = await client.readEmployeesByIds((await client.listEmployeeIds()).slice(0, 5));
      assert.deepEqual(batch.missingFields, ['internal.status', 'internal.lifecycleStatus']);
      assert.ok(batch.employees.every((employee) => employee.status === null && employee.email !== undefined));
    } finally {
      await sim.close();
    }
  });

  it('flattens the department tree of the simulator, archived items on request', async () => {
    const sim = await simulator();
    try {
      const client = clientOf(sim, ADMIN);
      const source = sim.company.list('department');
      assert.ok(source);
      const byId = (items: readonly { id: string }[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
      const all = await client.getNamedList('department', { includeArchived: true });
      assert.deepEqual(byId(all.items), byId(source.items.map(({ id, name, parentId, archived }) => ({ id, name, parentId, archived }))));
      assert.ok(all.items.some((item) => item.parentId !== null), 'the tree has levels');
      const current = await client.getNamedList('department');
      assert.ok(current.items.every((item) => !item.archived));
      const lists = await client.getNamedLists();
      assert.ok(lists.some((list) => list.name === 'department' && list.items.length === current.items.length));
    } finally {
      await sim.close();
    }
  });
});
