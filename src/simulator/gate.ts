/**
 * The checks every HiBob-API request passes before its handler, in HiBob's order:
 * WAF block, injected latency and drops, rate-limit counting (headers on every answer,
 * 401 included), authentication, limits, injected 5xx, permissions.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX, dropConnection, routeKey, sendEmpty, sendError } from './context';
import type { ApiRoute, Permission, ServerContext } from './context';
import type { RateDecision } from './rate-limit';
import type { AuthenticatedUser, EffectivePermissions } from './service-users';
import { WAF_BLOCK_PAGE } from './waf';

const INJECTED_ERROR_TEXT: Record<number, string> = {
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

export function isApiUrl(url: string): boolean {
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers the API routes behind the gate, plus the hooks that count and police them. */
export function installApi(app: FastifyInstance, ctx: ServerContext, routes: readonly ApiRoute[]): void {
  const byKey = new Map<string, ApiRoute>();
  for (const route of routes) {
    const url = `${API_PREFIX}${route.url}`;
    byKey.set(`${route.method} ${url}`, route);
    app.route({
      method: route.method,
      url,
      handler: (request, reply) => route.handler(request, reply, callerOf(ctx, request)),
    });
  }

  app.addHook('onRequest', async (request, reply) => {
    if (!isApiUrl(request.url)) return;
    const wafKeys = ctx.waf.keysFor(request.headers.authorization, request.ip);
    if (ctx.waf.isBlocked(wafKeys)) return sendBlockPage(ctx, request, reply);
    const route = byKey.get(routeKey(request));
    // Unknown paths fall through to the not-found handler (HiBob's HTML quirk).
    if (!route) return;
    return runGate(ctx, route, request, reply);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (isApiUrl(request.url) && (reply.statusCode === 401 || reply.statusCode === 403) && !ctx.wafAnswered.has(request)) {
      ctx.waf.recordFailure(ctx.waf.keysFor(request.headers.authorization, request.ip));
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (isApiUrl(request.url)) ctx.stats.record(routeKey(request), reply.statusCode);
  });
}

function callerOf(ctx: ServerContext, request: FastifyRequest): AuthenticatedUser {
  const user = ctx.callers.get(request);
  if (!user) throw new Error('the gate let an unauthenticated request through');
  return user;
}

function sendBlockPage(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  ctx.wafAnswered.add(request);
  ctx.stats.count('wafBlocked');
  return reply.code(403).type('text/html; charset=utf-8').send(WAF_BLOCK_PAGE);
}

async function runGate(ctx: ServerContext, route: ApiRoute, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const delay = ctx.faults.delayMs();
  if (delay > 0) await sleep(delay);
  if (ctx.faults.shouldDrop()) return dropConnection(ctx, request, reply);

  const user = ctx.users.authenticate(request.headers.authorization);
  const rate = countRequest(ctx, route, user);
  setRateHeaders(reply, rate);
  if (ctx.faults.takeRateLimitBurst()) return sendTooManyRequests(ctx, reply, rate);
  // HiBob answers a failed authentication with no body at all.
  if (!user) return sendEmpty(reply, 401);
  if (!rate.allowed) return sendTooManyRequests(ctx, reply, rate);

  const injected = ctx.faults.injectedError();
  if (injected !== null) {
    ctx.stats.count('injectedErrors');
    return sendError(reply, injected, 'server.error', INJECTED_ERROR_TEXT[injected]);
  }
  if (!permits(user.permissions, route.permission)) {
    return sendError(reply, 403, 'permission.denied', 'The service user is not permitted to perform this action');
  }
  ctx.callers.set(request, user);
  return undefined;
}

function countRequest(ctx: ServerContext, route: ApiRoute, user: AuthenticatedUser | null): RateDecision {
  const limits = ctx.options.rateLimits;
  const who = limits.perCompany ? 'company' : (user?.id ?? 'unauthenticated');
  const limit = route.limit === 'peopleSearch' ? limits.peopleSearch : limits.default;
  return ctx.limiter.consume(`${who} ${route.method} ${route.url}`, limit);
}

function setRateHeaders(reply: FastifyReply, rate: RateDecision): void {
  reply.header('X-RateLimit-Limit', String(rate.limit));
  reply.header('X-RateLimit-Remaining', String(rate.remaining));
  reply.header('X-RateLimit-Reset', String(rate.resetEpochSeconds));
}

function sendTooManyRequests(ctx: ServerContext, reply: FastifyReply, rate: RateDecision): FastifyReply {
  if (ctx.options.retryAfterHeader) reply.header('Retry-After', String(rate.retryAfterSeconds));
  return sendError(reply, 429, 'rate.limit.exceeded', 'Too many requests, please try again later');
}

function permits(permissions: EffectivePermissions, needed: Permission): boolean {
  if (needed === 'fields') return true;
  if (permissions.none) return false;
  switch (needed) {
    case 'employees': return true;
    case 'lists': return permissions.lists;
    case 'timeOffRead': return permissions.timeOffRead;
    case 'timeOffWrite': return permissions.timeOffWrite;
  }
}
