import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { HiBobClient, validateCredentials } from '../../src/hibob/client';
import { capabilityForEndpoint, endpointKey } from '../../src/hibob/endpoint';
import {
  CredentialsFormatError,
  HiBobAuthError,
  HiBobBadRequestError,
  HiBobFirewallBlockedError,
  HiBobNetworkError,
  HiBobNotFoundError,
  HiBobPermissionError,
  HiBobRateLimitError,
  HiBobServerError,
  HiBobUnexpectedResponseError,
  errorFromResponse,
  isHiBobError,
  type ErrorResponse,
} from '../../src/hibob/errors';

function answer(overrides: Partial<ErrorResponse>): ErrorResponse {
  return {
    status: 500,
    endpoint: 'POST /people/search',
    contentType: 'application/json',
    bodyText: '',
    capability: 'read_employees',
    retryAfterMs: null,
    ...overrides,
  };
}

describe('errorFromResponse', () => {
  it('maps 401 to HiBobAuthError with the setup page cause and fix', () => {
    const error = errorFromResponse(answer({ status: 401 }));
    assert.ok(error instanceof HiBobAuthError);
    assert.equal(error.kind, 'auth_failed');
    assert.equal(error.retryable, false);
    assert.match(error.message, /^Authentication failed\. Cause: .+ Fix: .+/);
    assert.match(error.causeText, /service user ID\) or password \(token\) is incorrect, or the service user has been disabled/);
    assert.match(error.causeText, /Refreshing the token/);
    assert.match(error.fix, /without extra spaces/);
    assert.match(error.fix, /Regenerate the token in HiBob/i);
  });

  it('maps a JSON 403 to HiBobPermissionError naming what to grant', () => {
    const read = errorFromResponse(answer({ status: 403, bodyText: '{"key":"forbidden","error":"no"}' }));
    assert.ok(read instanceof HiBobPermissionError);
    assert.equal(read.capability, 'read_employees');
    assert.equal(read.retryable, false);
    assert.match(read.fix, /read access to employees and groups in scope/);
    assert.match(read.causeText, /permission group does not grant access to the missing records/);

    const lists = errorFromResponse(answer({ status: 403, capability: 'read_lists' })) as HiBobPermissionError;
    assert.equal(lists.capability, 'read_lists');
    assert.match(lists.fix, /trigger a manual reconnect/);

    const write = errorFromResponse(answer({ status: 403, capability: 'write_timeoff' })) as HiBobPermissionError;
    assert.match(write.causeText, /missing write access to time-off/);
    assert.match(write.fix, /Create, edit and cancel/);
    assert.match(write.fix, /Manage company's time off settings/);
    assert.match(write.fix, /[Rr]etry the workflow run/);

    const readTimeOff = errorFromResponse(answer({ status: 403, capability: 'read_timeoff' })) as HiBobPermissionError;
    assert.match(readTimeOff.fix, /See who's out/);
  });

  it('maps an HTML 403 to HiBobFirewallBlockedError', () => {
    const error = errorFromResponse(answer({ status: 403, contentType: 'text/html; charset=utf-8', bodyText: '<html>blocked</html>' }));
    assert.ok(error instanceof HiBobFirewallBlockedError);
    assert.equal(error.retryable, false);
    assert.match(error.fix, /5 minutes/);
  });

  it("maps 400 to HiBobBadRequestError with HiBob's key and error", () => {
    const error = errorFromResponse(answer({ status: 400, bodyText: '{"key":"timeoff.overlap","error":"Request overlaps"}' }));
    assert.ok(error instanceof HiBobBadRequestError);
    assert.equal(error.hibobKey, 'timeoff.overlap');
    assert.equal(error.hibobMessage, 'Request overlaps');
    assert.equal(error.retryable, false);
    assert.match(error.message, /Request overlaps/);
  });

  it('tolerates a 400 without a JSON body', () => {
    const error = errorFromResponse(answer({ status: 400, bodyText: 'nope' })) as HiBobBadRequestError;
    assert.equal(error.hibobKey, null);
    assert.equal(error.hibobMessage, null);
  });

  it('maps 404, 429, 5xx', () => {
    const notFound = errorFromResponse(answer({ status: 404, endpoint: 'GET /timeoff/policy-types/:name' }));
    assert.ok(notFound instanceof HiBobNotFoundError);
    assert.match(notFound.causeText, /policy type/);
    const limited = errorFromResponse(answer({ status: 429, retryAfterMs: 12_000 }));
    assert.ok(limited instanceof HiBobRateLimitError);
    assert.equal(limited.retryAfterMs, 12_000);
    assert.equal(limited.retryable, true);
    for (const status of [500, 502, 503]) {
      const server = errorFromResponse(answer({ status }));
      assert.ok(server instanceof HiBobServerError);
      assert.equal(server.status, status);
      assert.equal(server.retryable, true);
    }
  });

  it('serialises with toJSON, including subclass fields', () => {
    const error = new HiBobBadRequestError('POST /timeoff/employees/:id/requests', 400, 'k', 'm');
    const json = JSON.parse(JSON.stringify(error));
    assert.equal(json.name, 'HiBobBadRequestError');
    assert.equal(json.kind, 'bad_request');
    assert.equal(json.status, 400);
    assert.equal(json.endpoint, 'POST /timeoff/employees/:id/requests');
    assert.equal(json.hibobKey, 'k');
    assert.equal(json.retryable, false);
    assert.ok(json.fix && json.causeText && json.message);
  });

  it('gives network and unexpected-response errors their flags', () => {
    const timeout = new HiBobNetworkError('GET /x', true, 'ETIMEDOUT', 1000);
    assert.equal(timeout.timedOut, true);
    assert.equal(timeout.retryable, true);
    assert.equal(timeout.status, undefined);
    const html = new HiBobUnexpectedResponseError('GET /x', 200, 'an HTML page instead of JSON');
    assert.equal(html.retryable, false);
    assert.match(html.fix, /base URL/);
  });

  it('isHiBobError recognises only the taxonomy', () => {
    assert.equal(isHiBobError(new HiBobAuthError('GET /x')), true);
    assert.equal(isHiBobError(new Error('x')), false);
    assert.equal(isHiBobError(null), false);
  });
});

describe('validateCredentials', () => {
  const good = { serviceUserId: 'SERVICE-123', token: 'abcDEF123456' };

  it('accepts well-formed credentials', () => {
    assert.doesNotThrow(() => validateCredentials(good));
  });

  for (const [label, credentials, field] of [
    ['leading space in the ID', { ...good, serviceUserId: ' SERVICE-123' }, 'serviceUserId'],
    ['trailing newline in the token', { ...good, token: 'abcDEF123456\n' }, 'token'],
    ['tab in the token', { ...good, token: '\tabcDEF123456' }, 'token'],
    ['empty ID', { ...good, serviceUserId: '' }, 'serviceUserId'],
    ['blank token', { ...good, token: '   ' }, 'token'],
    ['colon in the ID', { ...good, serviceUserId: 'SERVICE:123' }, 'serviceUserId'],
    ['inner space in the token', { ...good, token: 'abc DEF' }, 'token'],
  ] as const) {
    it(`rejects a ${label}, naming the field and never echoing the token`, () => {
      assert.throws(
        () => validateCredentials(credentials),
        (error: unknown) => {
          assert.ok(error instanceof CredentialsFormatError);
          assert.equal(error.kind, 'invalid_credentials');
          assert.equal(error.field, field);
          assert.match(error.message, field === 'token' ? /token/ : /service user ID/);
          const everything = `${error.message} ${JSON.stringify(error)} ${inspect(error)}`;
          assert.ok(!everything.includes('abcDEF'), 'the token never appears');
          return true;
        },
      );
    });
  }

  it('is called by the constructor, before any request', () => {
    assert.throws(
      () => new HiBobClient({ baseUrl: 'http://127.0.0.1:9/v1', credentials: { serviceUserId: 'X', token: 'secret ' } }),
      CredentialsFormatError,
    );
  });
});

describe('endpointKey and capabilityForEndpoint', () => {
  const cases: [string, string, string, string][] = [
    ['POST', '/people/search', 'POST /people/search', 'read_employees'],
    ['POST', '/people/2128438031986721630', 'POST /people/:id', 'read_employees'],
    ['POST', '/people/alan%40acme.test', 'POST /people/:id', 'read_employees'],
    ['GET', '/company/people/fields', 'GET /company/people/fields', 'read_employees'],
    ['GET', '/company/named-lists?includeArchived=false', 'GET /company/named-lists', 'read_lists'],
    ['GET', '/company/named-lists/department', 'GET /company/named-lists/:name', 'read_lists'],
    ['POST', '/timeoff/employees/123/requests', 'POST /timeoff/employees/:id/requests', 'write_timeoff'],
    ['DELETE', '/timeoff/employees/123/requests/456', 'DELETE /timeoff/employees/:id/requests/:requestId', 'write_timeoff'],
    ['GET', '/timeoff/employees/123/requests/456', 'GET /timeoff/employees/:id/requests/:requestId', 'read_timeoff'],
    ['GET', '/timeoff/requests/changes?since=x', 'GET /timeoff/requests/changes', 'read_timeoff'],
    ['GET', '/timeoff/whosout', 'GET /timeoff/whosout', 'read_timeoff'],
    ['GET', '/timeoff/policy-types/Sick%20leave', 'GET /timeoff/policy-types/:name', 'read_timeoff'],
  ];
  for (const [method, path, key, capability] of cases) {
    it(`${method} ${path} -> ${key} (${capability})`, () => {
      assert.equal(endpointKey(method, path), key);
      assert.equal(capabilityForEndpoint(key), capability);
    });
  }
});
