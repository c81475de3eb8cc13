/** Shared bits of the simulator's contract tests: a started simulator and a tiny HTTP client. */
import type { TestContext } from 'node:test';
import { startSimulator } from '../../src/simulator';
import type { RunningSimulator, SimulatorOptions, SimServiceUser } from '../../src/simulator';

export const USER: SimServiceUser = { id: 'svc-main', token: 'main-token' };

export function basicAuth(id: string, token: string): string {
  return `Basic ${Buffer.from(`${id}:${token}`).toString('base64')}`;
}

/** Starts a simulator that accepts USER (plus any others given) and closes it after the test. */
export async function simulator(t: TestContext, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ employees: 250, ...options, serviceUsers: [USER, ...(options.serviceUsers ?? [])] });
  t.after(() => sim.close());
  return sim;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = unknown>(): T;
}

export interface CallOptions {
  body?: unknown;
  /** A service user, a raw Authorization header, or null for none. Default USER. */
  as?: SimServiceUser | string | null;
}

export async function call(sim: RunningSimulator, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const as = options.as === undefined ? USER : options.as;
  const headers: Record<string, string> = {};
  if (as !== null) headers.authorization = typeof as === 'string' ? as : basicAuth(as.id, as.token);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${sim.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

export interface Employee extends Record<string, unknown> {
  id?: string;
  email?: string | null;
  displayName?: string;
  work?: Record<string, unknown>;
  internal?: Record<string, unknown>;
  humanReadable?: Record<string, unknown> & { work?: Record<string, unknown> };
}

export async function search(sim: RunningSimulator, body: unknown, as?: CallOptions['as']): Promise<Employee[]> {
  const answer = await call(sim, 'POST', '/people/search', { body, as });
  if (answer.status !== 200) throw new Error(`search answered ${answer.status}: ${answer.text}`);
  return answer.json<{ employees: Employee[] }>().employees;
}

export async function admin(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${sim.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits, if needed, so at least `needMs` of the current fixed rate-limit window remain. */
export async function waitForFreshWindow(windowMs: number, needMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await sleep(left + 20);
}
