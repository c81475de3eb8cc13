/**
 * The client against a scripted HTTP server: the request shapes it sends, and answers the
 * simulator does not give (bare 429s, redirects, broken JSON, Retry-After dates).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  CREDENTIALS_CHECK_EMAIL,
  HiBobClient,
  HiBobNetworkError,
  HiBobRateLimitError,
  HiBobUnexpectedResponseError,
  RateLimitRegistry,
  SYNC_FIELDS,
  type HiBobResponseEvent,
} from '../../src/hibob';

const TOKEN = 'tok-SECRET-4242';
type Handler = (request: IncomingMessage & { body: string }, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let seen: (IncomingMessage & { body: string })[];

before(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const withBody = Object.assign(request, { body });
      seen.push(withBody);
      handler(withBody, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  handler = (_request, response) => json(response, 200, { employees: [] });
});

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function client(extra: Partial<ConstructorParameters<typeof HiBobClient>[0]> = {}): HiBobClient {
  return new HiBobClient({
    baseUrl,
    credentials: { serviceUserId: 'SU-1', token: TOKEN },
    pacer: new RateLimitRegistry(),
    timeoutMs: 2000,
    ...extra,
  });
}

function assertNoSecret(error: unknown): void {
  const everything = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 10, showHidden: true })}`;
  assert.ok(!everything.includes(TOKEN), 'the token never appears');
  assert.ok(!everything.includes(Buffer.from(`SU-1:${TOKEN}`).toString('base64')), 'nor the Authorization header');
}

describe('HiBobClient request shapes', () => {
  it('verifyCredentials searches for an address nobody has, with Basic auth', async () => {
    await client().verifyCredentials();
    const [request] = seen;
    assert.equal(request.method, 'POST');
    assert.equal(request.url, '/v1/people/search');
    assert.equal(request.headers.authorization, `Basic ${Buffer.from(`SU-1:${TOKEN}`).toString('base64')}`);
    assert.deepEqual(JSON.parse(request.body), {
      fields: ['root.id'],
      filters: [{ fieldPath: 'root.email', operator: 'equals', values: [CREDENTIALS_CHECK_EMAIL] }],
      showInactive: true,
    });
  });

  it('readEmployeesByIds asks for the sync fields of the batch, and reports hidden ones', async () => {
    handler = (_request, response) => json(response, 200, { employees: [{ id: '1', email: 'A@X.test', work: { department: '9' } }] });
    const batch = await client().readEmployeesByIds(['1', '1']);
    const body = JSON.parse(seen[0].body);
    assert.deepEqual(body.fields, SYNC_FIELDS.map((field) => field.id));
    assert.deepEqual(body.filters, [{ fieldPath: 'root.id', operator: 'equals', values: ['1'] }]);
    assert.equal(body.showInactive, true);
    assert.equal(body.humanReadable, 'APPEND');
    assert.equal(batch.employees[0].email, 'a@x.test');
    assert.ok(batch.missingFields.includes('internal.status'));
    assert.ok(!batch.missingFields.includes('work.department'));
  });

  it('makes no call for an empty id list, and omits an absent filter', async () => {
    assert.deepEqual(await client().readEmployeesByIds([]), { employees: [], missingFields: [] });
    assert.equal(seen.length, 0);
    handler = (_request, response) => json(response, 200, { employees: [{ id: '1' }, { '/root/id': { value: '2' } }] });
    assert.deepEqual(await client().listEmployeeIds(), ['1', '2']);
    assert.equal('filters' in JSON.parse(seen[0].body), false);
  });

  it('encodes ids and names into paths, and sends query parameters', async () => {
    handler = (_request, response) => json(response, 200, { name: 'Sick leave' });
    await client().getPolicyType('Sick leave');
    assert.equal(seen[0].url, '/v1/timeoff/policy-types/Sick%20leave');
    handler = (_request, response) => json(response, 200, { changes: [] });
    await client().getTimeOffChanges({ since: new Date(Date.UTC(2026, 0, 1)), includePending: true });
    const url = new URL(seen[1].url ?? '', 'http://x');
    assert.equal(url.pathname, '/v1/timeoff/requests/changes');
    assert.deepEqual(Object.fromEntries(url.searchParams), { since: '2026-01-01T00:00:00.000Z', includePending: 'true' });
  });
});

describe('HiBobClient answers', () => {
  it('rejects a body that is not JSON, and a redirect', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"employees": [');
    };
    await assert.rejects(client().listEmployeeIds(), HiBobUnexpectedResponseError);
    handler = (_request, response) => {
      response.writeHead(302, { location: 'https://login.example.test/' });
      response.end();
    };
    await assert.rejects(client().listEmployeeIds(), HiBobUnexpectedResponseError);
  });

  it('names the failing path of a schema mismatch, without values', async () => {
    handler = (_request, response) => json(response, 200, { employees: [{ id: '1', email: 12345 }] });
    await assert.rejects(client().readEmployeesByIds(['1']), (error: unknown) => {
      assert.ok(error instanceof HiBobUnexpectedResponseError);
      assert.match(error.problem, /employees\.0/);
      assert.match(error.problem, /email/);
      assert.ok(!error.message.includes('12345'));
      return true;
    });
  });

  it('retries a bare 429 (no headers) with a growing pause, then succeeds', async () => {
    let calls = 0;
    handler = (_request, response) => (++calls === 1 ? json(response, 429, { key: 'rate', error: 'slow down' }) : json(response, 200, { employees: [] }));
    const waits: number[] = [];
    await client({ hooks: { onRateLimitWait: (ms) => waits.push(ms) } }).listEmployeeIds();
    assert.equal(calls, 2);
    assert.equal(waits.length, 1);
  });

  it('gives up with retryAfterMs when Retry-After (an HTTP date) is beyond maxRateLimitWaitMs', async () => {
    handler = (_request, response) => json(response, 429, {}, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() });
    await assert.rejects(client({ maxRateLimitWaitMs: 5000 }).listEmployeeIds(), (error: unknown) => {
      assert.ok(error instanceof HiBobRateLimitError);
      assert.ok(error.retryAfterMs !== null && error.retryAfterMs > 100_000);
      return true;
    });
    assert.equal(seen.length, 1);
  });

  it('never retries a submit, even after a 429', async () => {
    handler = (_request, response) => json(response, 429, {}, { 'retry-after': '0' });
    await assert.rejects(
      client().submitTimeOffRequest('1', { policyType: 'Holiday', startDate: '2026-07-01', endDate: '2026-07-01' }),
      HiBobRateLimitError,
    );
    assert.equal(seen.length, 1);
  });

  it('reports every attempt to onResponse, with normalised endpoints', async () => {
    const events: HiBobResponseEvent[] = [];
    handler = (_request, response) => json(response, 404, { key: 'not.found', error: 'Employee not found' });
    await assert.rejects(client({ hooks: { onResponse: (event) => events.push(event) } }).getEmployee('a@b.test'));
    assert.equal(events.length, 1);
    assert.equal(events[0].endpoint, 'POST /people/:id');
    assert.equal(events[0].status, 404);
  });

  it('a failing hook does not fail the call', async () => {
    const hooks = { onResponse: () => { throw new Error('metrics down'); } };
    await client({ hooks }).listEmployeeIds();
  });

  it('an aborted call rejects with the signal’s reason, not a HiBob error', async () => {
    handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = client({ signal: controller.signal }).listEmployeeIds();
    setTimeout(() => controller.abort(new Error('activity cancelled')), 20);
    await assert.rejects(pending, /activity cancelled/);
  });

  it('keeps the credentials out of errors, including network ones', async () => {
    handler = (request) => request.socket.destroy();
    const error = await client().listEmployeeIds().catch((caught: unknown) => caught);
    assert.ok(error instanceof HiBobNetworkError);
    assert.equal(error.timedOut, false);
    assertNoSecret(error);
    handler = (_request, response) => json(response, 401, {});
    assertNoSecret(await client().listEmployeeIds().catch((caught: unknown) => caught));
    assertNoSecret(client());
  });
});
