/**
 * Endpoint keys: "METHOD /path" with ids and names replaced by placeholders. They key the
 * rate-limit budgets (HiBob limits per endpoint, not per employee), label metrics, appear
 * in error messages (so no employee id or email leaks into logs), and tell which
 * permission a 403 is about.
 */
import type { HiBobCapability } from './model';

const PLACEHOLDERS: readonly [RegExp, string][] = [
  [/^\/timeoff\/employees\/[^/]+\/requests\/[^/]+$/, '/timeoff/employees/:id/requests/:requestId'],
  [/^\/timeoff\/employees\/[^/]+\/requests$/, '/timeoff/employees/:id/requests'],
  [/^\/timeoff\/employees\/[^/]+\/(.+)$/, '/timeoff/employees/:id/$1'],
  [/^\/timeoff\/policy-types\/[^/]+\/(.+)$/, '/timeoff/policy-types/:name/$1'],
  [/^\/timeoff\/policy-types\/[^/]+$/, '/timeoff/policy-types/:name'],
  [/^\/company\/named-lists\/[^/]+$/, '/company/named-lists/:name'],
  [/^\/people\/(?!search$)[^/]+$/, '/people/:id'],
  [/^\/people\/(?!search$)[^/]+\/(.+)$/, '/people/:id/$1'],
];

/** "POST /people/123?x=1" -> "POST /people/:id". `path` is relative to the base URL (".../v1"). */
export function endpointKey(method: string, path: string): string {
  let normalised = '/' + path.split('?')[0].replace(/^\/+/, '').replace(/\/+$/, '');
  for (const [pattern, replacement] of PLACEHOLDERS) {
    if (pattern.test(normalised)) {
      normalised = normalised.replace(pattern, replacement);
      break;
    }
  }
  // Anything else that looks like an id (a long number) is still an id.
  normalised = normalised.replace(/\/\d{3,}(?=\/|$)/g, '/:id');
  return `${method.toUpperCase()} ${normalised}`;
}

/** Which capability of the service user's permission group a request to this endpoint needs. */
export function capabilityForEndpoint(key: string): HiBobCapability {
  const [method, path = ''] = key.split(' ');
  if (path.startsWith('/company/named-lists')) return 'read_lists';
  if (path.startsWith('/timeoff')) {
    const writes = method === 'POST' || method === 'DELETE' || method === 'PUT' || method === 'PATCH';
    return writes && path.startsWith('/timeoff/employees/') ? 'write_timeoff' : 'read_timeoff';
  }
  return 'read_employees';
}
