/**
 * Create Time-off Request against the real stack: exactly once, compensated when a later
 * step fails or the run is cancelled, and failing with typed, readable errors.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { connect } from '../src/client/connections';
import {
  EmployeeNotFound,
  HiBobPermissionDenied,
  HiBobRequestRejected,
  InvalidTimeOffRequest,
  UnknownPolicyType,
  toConnectorError,
} from '../src/client/errors';
import { waitForSync } from '../src/client/sync';
import { createTimeOffRequest, getTimeOffRequest } from '../src/client/timeoff';
import type { TimeOffRequestInput } from '../src/shared/timeoff';
import type { SimEmployee } from '../src/simulator';
import { SERVICE_USER, startTestConnector, type TestConnector } from './support/connector';

let t: TestConnector;
let connectionId: string;
let employees: SimEmployee[];
let nextEmployee = 0;

before(async () => {
  t = await startTestConnector({ simulator: { employees: 150 }, env: { HIBOB_STALE_READ_WINDOW_MS: '1500' } });
  const result = await connect(t.ctx, { serviceUserId: SERVICE_USER.id, token: SERVICE_USER.token, baseUrl: t.sim.baseUrl, name: 'Acme' });
  connectionId = result.connection.id;
  await waitForSync(result.sync.handle);
  employees = t.sim.company.employees.filter((e) => e.lifecycleStatus === 'employed' && e.email);
});
after(async () => {
  await t?.stop();
});

/** A request for an employee no other test uses, so no two tests' requests overlap. */
function requestFor(overrides: Partial<TimeOffRequestInput> = {}): TimeOffRequestInput {
  const employee = employees[nextEmployee++]!;
  return {
    connectionId,
    employee: employee.email!,
    policyType: 'Holiday',
    startDate: '2027-07-01',
    endDate: '2027-07-03',
    description: 'Family trip',
    requestedBy: 'ravenna-run-42',
    idempotencyKey: `test-${randomUUID()}`,
    ...overrides,
  };
}

const taskQueue = () => t.ctx.config.temporal.taskQueue;
const requestsFor = (employeeEmail: string) => {
  const employee = t.sim.company.employeeByEmail(employeeEmail)!;
  return t.sim.admin.timeOffRequests().filter((r) => r.employeeId === employee.id);
};
const rowFor = (key: string) =>
  t.database.db.selectFrom('hibob_time_off_requests').selectAll().where('idempotency_key', '=', key).executeTakeFirst();

describe('creating a request', () => {
  test('happy path: returns once the request exists in HiBob, then confirms it', async () => {
    const input = requestFor();
    const created = await createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue() });
    assert.ok(created.hibobRequestId, 'the HiBob request id is known when the call returns');
    assert.equal(created.workflowId, `hibob-timeoff/${input.idempotencyKey}`);

    const final = await createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue(), wait: true });
    assert.equal(final.status, 'confirmed');
    assert.equal(final.hibobRequestId, created.hibobRequestId);
    assert.equal(final.requestStatus, 'pending');

    const inHiBob = requestsFor(input.employee);
    assert.equal(inHiBob.length, 1);
    assert.equal(String(inHiBob[0]!.requestId), created.hibobRequestId);
    assert.match(inHiBob[0]!.description ?? '', /^Family trip \[ravenna-ref:[0-9a-f]{16}\]$/);
    const row = await rowFor(input.idempotencyKey);
    assert.equal(row?.status, 'confirmed');
    assert.equal(row?.hibob_request_id, created.hibobRequestId);
    assert.equal(row?.requested_by, 'ravenna-run-42');
    assert.equal(row?.start_date, '2027-07-01');
    const status = await getTimeOffRequest(t.worker.client, created.workflowId);
    assert.equal(status.status, 'confirmed');
  });

  test('the same idempotency key twice gives one HiBob request and the first outcome', async () => {
    const input = requestFor();
    const [a, b] = await Promise.all([
      createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue(), wait: true }),
      createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue(), wait: true }),
    ]);
    const again = await createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue() });
    assert.equal(a.hibobRequestId, b.hibobRequestId);
    assert.equal(again.hibobRequestId, a.hibobRequestId);
    assert.equal(again.status, 'confirmed');
    assert.equal(requestsFor(input.employee).length, 1);
  });

  test('a submit committed in HiBob whose response is lost is found by the retry: no duplicate', async () => {
    const input = requestFor();
    t.sim.admin.setFaults({ dropAfterCommitSubmits: 1 });
    try {
      const final = await createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue(), wait: true });
      assert.equal(final.status, 'confirmed');
      const inHiBob = requestsFor(input.employee);
      assert.equal(inHiBob.length, 1, 'exactly one request in HiBob');
      assert.equal(String(inHiBob[0]!.requestId), final.hibobRequestId);
      assert.equal(t.sim.admin.faults().dropAfterCommitSubmits, 0, 'the fault fired');
    } finally {
      t.sim.admin.setFaults({ dropAfterCommitSubmits: 0 });
    }
  });

  test('50 concurrent requests for different employees each succeed exactly once', async () => {
    const inputs = Array.from({ length: 50 }, () => requestFor({ startDate: '2027-09-06', endDate: '2027-09-07' }));
    const results = await Promise.all(inputs.map((input) => createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue(), wait: true })));
    assert.ok(results.every((r) => r.status === 'confirmed'));
    assert.equal(new Set(results.map((r) => r.hibobRequestId)).size, 50);
    for (const input of inputs) assert.equal(requestsFor(input.employee).length, 1, input.employee);
  });
});

describe('compensation', () => {
  test('cancelling the run after the submit cancels the HiBob request and marks the row compensated', async () => {
    const input = requestFor();
    // Slow HiBob down so the run is still confirming when it is cancelled.
    const created = await createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue() });
    t.sim.admin.setFaults({ latencyMs: 1500 });
    try {
      const handle = t.worker.client.workflow.getHandle(created.workflowId);
      await handle.cancel();
      await assert.rejects(handle.result());
    } finally {
      t.sim.admin.setFaults({ latencyMs: 0 });
    }
    const inHiBob = requestsFor(input.employee);
    assert.equal(inHiBob.length, 1);
    assert.equal(inHiBob[0]!.status, 'canceled');
    const row = await rowFor(input.idempotencyKey);
    assert.equal(row?.status, 'compensated');
    assert.match(row?.error ?? '', /cancelled/);
  });

  test('a failure after the submit cancels the request in HiBob, marks the row compensated, and fails with the cause', async () => {
    const input = requestFor();
    // Reading requests back needs "See who's out"; without it the confirm step fails after the submit.
    t.sim.admin.setFaults({ latencyMs: 300 });
    const created = await createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue() });
    t.sim.admin.setPermissions(SERVICE_USER.id, { timeOffRead: false });
    try {
      await assert.rejects(
        t.worker.client.workflow.getHandle(created.workflowId).result().catch((error) => {
          throw toConnectorError(error);
        }),
        (error: unknown) => error instanceof HiBobPermissionDenied && /HiBob denied reading time off/.test(error.message),
      );
    } finally {
      t.sim.admin.setPermissions(SERVICE_USER.id, {});
      t.sim.admin.setFaults({ latencyMs: 0 });
    }
    const inHiBob = requestsFor(input.employee);
    assert.equal(inHiBob.length, 1);
    assert.equal(inHiBob[0]!.status, 'canceled');
    assert.equal((await rowFor(input.idempotencyKey))?.status, 'compensated');
  });
});

describe('errors surfaced', () => {
  test('403 on submit gives HiBobPermissionDenied with the fix, after exactly one submit, nothing created', async () => {
    const input = requestFor();
    t.sim.admin.setPermissions(SERVICE_USER.id, { timeOffWrite: false });
    t.sim.admin.resetStats();
    try {
      await assert.rejects(createTimeOffRequest(t.worker.client, input, { taskQueue: taskQueue() }), (error: unknown) => {
        assert.ok(error instanceof HiBobPermissionDenied, String(error));
        assert.match(error.message, /Create Time-off Request action fails/);
        assert.match(error.fix, /write access to time-off requests/);
        assert.match(error.fix, /retry the workflow run/i);
        return true;
      });
    } finally {
      t.sim.admin.setPermissions(SERVICE_USER.id, {});
    }
    const submits = Object.entries(t.sim.stats().byRoute)
      .filter(([route]) => /^POST \/v1\/timeoff\/employees\/[^/]+\/requests$/.test(route))
      .reduce((sum, [, byStatus]) => sum + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
    assert.equal(submits, 1, 'exactly one submit attempt');
    assert.equal(requestsFor(input.employee).length, 0);
    assert.equal((await rowFor(input.idempotencyKey))?.status, 'failed');
  });

  test('an unknown policy type lists the available ones', async () => {
    await assert.rejects(createTimeOffRequest(t.worker.client, requestFor({ policyType: 'Holidays' }), { taskQueue: taskQueue() }), (error: unknown) => {
      assert.ok(error instanceof UnknownPolicyType, String(error));
      assert.match(error.message, /Available: .*Holiday/);
      return true;
    });
  });

  test('an overlapping request gives HiBob\'s own text', async () => {
    const first = requestFor();
    await createTimeOffRequest(t.worker.client, first, { taskQueue: taskQueue(), wait: true });
    const overlapping = { ...first, idempotencyKey: `test-${randomUUID()}`, startDate: '2027-07-02', endDate: '2027-07-05' };
    await assert.rejects(createTimeOffRequest(t.worker.client, overlapping, { taskQueue: taskQueue() }), (error: unknown) => {
      assert.ok(error instanceof HiBobRequestRejected, String(error));
      assert.match(error.message, /overlap/i);
      return true;
    });
    assert.equal(requestsFor(first.employee).length, 1);
  });

  test('an unknown employee is a non-retryable EmployeeNotFound', async () => {
    await assert.rejects(
      createTimeOffRequest(t.worker.client, requestFor({ employee: 'nobody@nowhere.test' }), { taskQueue: taskQueue() }),
      (error: unknown) => error instanceof EmployeeNotFound,
    );
  });

  test('end before start and bad portions fail before any HiBob call or any run', async () => {
    t.sim.admin.resetStats();
    const bad: Partial<TimeOffRequestInput>[] = [
      { startDate: '2027-07-03', endDate: '2027-07-01' },
      { startDatePortion: 'morning' },
      { endDatePortion: 'afternoon' },
      { startDate: '2027-02-30', endDate: '2027-03-01' },
      { idempotencyKey: "'; drop table hibob_time_off_requests; --" },
    ];
    for (const overrides of bad) {
      await assert.rejects(createTimeOffRequest(t.worker.client, requestFor(overrides), { taskQueue: taskQueue() }), (error: unknown) => {
        assert.ok(error instanceof InvalidTimeOffRequest, String(error));
        return true;
      });
    }
    assert.equal(t.sim.stats().total, 0, 'no HiBob call was made');
  });

  test('the workflow validates its own input too (a caller that skips the client)', async () => {
    const input = requestFor({ startDate: '2027-07-03', endDate: '2027-07-01' });
    const handle = await t.worker.client.workflow.start('createTimeOffRequestWorkflow', {
      taskQueue: taskQueue(),
      workflowId: `hibob-timeoff/${input.idempotencyKey}`,
      args: [input],
    });
    await assert.rejects(handle.result(), (error: Error & { cause?: { type?: string } }) => error.cause?.type === 'InvalidTimeOffRequest');
  });
});
