/**
 * startSimulator: builds the company, wires the HiBob API behind its gate, the admin API,
 * and HiBob's not-found quirk, then listens (127.0.0.1, random port by default).
 */
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { createAdmin } from './admin';
import type { SimAdmin } from './admin';
import type { SimCompany } from './company';
import { sendError } from './context';
import type { ResolvedOptions, ServerContext } from './context';
import { FaultState } from './faults';
import { installApi, isApiUrl } from './gate';
import { generateCompany } from './generate';
import { FixedWindowLimiter } from './rate-limit';
import { installAdminRoutes } from './routes/admin';
import { listRoutes } from './routes/lists';
import { peopleRoutes } from './routes/people';
import { timeOffRoutes } from './routes/timeoff';
import { ServiceUserRegistry } from './service-users';
import { StatsCollector } from './stats';
import type { SimStats, SimulatorOptions } from './types';
import { Waf } from './waf';

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:PORT/v1; HiBob paths hang off it: `${baseUrl}/people/search`. */
  baseUrl: string;
  /** e.g. http://127.0.0.1:PORT/_admin */
  adminUrl: string;
  /** Live state, for assertions. */
  company: SimCompany;
  admin: SimAdmin;
  stats(): SimStats;
  close(): Promise<void>;
}

/** What HiBob's front end answers for paths its API does not know. */
const UNKNOWN_PATH_PAGE = '<!DOCTYPE html><html><head><title>Bob</title></head><body><div id="app"></div></body></html>';
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    employees: options.employees ?? 250,
    seed: options.seed ?? 1,
    rateLimits: {
      windowMs: options.rateLimits?.windowMs ?? 60_000,
      peopleSearch: options.rateLimits?.peopleSearch ?? 50,
      default: options.rateLimits?.default ?? 1000,
      perCompany: options.rateLimits?.perCompany ?? false,
    },
    waf: {
      failures: options.waf?.failures ?? 50,
      windowMs: options.waf?.windowMs ?? 10_000,
      blockMs: options.waf?.blockMs ?? 300_000,
      keyBy: options.waf?.keyBy ?? 'both',
    },
    submitReturnsId: options.submitReturnsId ?? false,
    retryAfterHeader: options.retryAfterHeader ?? false,
    responseForm: options.responseForm ?? 'both',
    unknownPathHtml: options.unknownPathHtml ?? true,
    companyDomain: options.companyDomain ?? 'acme.test',
  };
}

class BadJsonError extends Error {
  readonly statusCode = 400;
}

/** JSON bodies, where an empty body counts as "no body" (several HiBob calls take an optional one). */
function installBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BadJsonError('The request body is not valid JSON'), undefined);
    }
  });
}

function installErrorHandling(app: FastifyInstance, options: ResolvedOptions): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) return sendError(reply, 500, 'server.error', 'Internal server error');
    return sendError(reply, status, 'request.invalid', error.message);
  });
  app.setNotFoundHandler((request, reply) => {
    if (isApiUrl(request.url) && options.unknownPathHtml) {
      return reply.code(200).type('text/html; charset=utf-8').send(UNKNOWN_PATH_PAGE);
    }
    return sendError(reply, 404, 'not.found', `${request.method} ${request.url.split('?')[0]} does not exist`);
  });
}

function publicOrigin(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const company = generateCompany({ employees: resolved.employees, seed: resolved.seed, domain: resolved.companyDomain });
  const users = new ServiceUserRegistry();
  for (const user of options.serviceUsers ?? []) users.add(user);
  const ctx: ServerContext = {
    company,
    options: resolved,
    users,
    faults: new FaultState(resolved.seed, options.faults),
    stats: new StatsCollector(),
    limiter: new FixedWindowLimiter(resolved.rateLimits.windowMs),
    waf: new Waf(resolved.waf),
    callers: new WeakMap(),
    wafAnswered: new WeakSet(),
  };
  const admin = createAdmin(ctx);

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    exposeHeadRoutes: false,
    // Tests close simulators with requests in flight (latency faults); don't wait for them.
    forceCloseConnections: true,
    // Emails travel in paths (POST /people/{email}) and may be long.
    routerOptions: { maxParamLength: 1024 },
  });
  installBodyParser(app);
  installErrorHandling(app, resolved);
  installApi(app, ctx, [...peopleRoutes(ctx), ...listRoutes(ctx), ...timeOffRoutes(ctx)]);
  installAdminRoutes(app, ctx, admin);

  await app.listen({ port: resolved.port, host: resolved.host });
  const origin = publicOrigin(resolved.host, (app.server.address() as AddressInfo).port);
  return {
    baseUrl: `${origin}/v1`,
    adminUrl: `${origin}/_admin`,
    company,
    admin,
    stats: () => ctx.stats.snapshot(),
    close: () => app.close(),
  };
}
