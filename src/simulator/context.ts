/**
 * What every part of the running simulator shares, and the route-table shape the HiBob
 * API routes are declared in (so the request gate can look up limits and permissions).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimCompany } from './company';
import type { FaultState } from './faults';
import type { FixedWindowLimiter } from './rate-limit';
import type { AuthenticatedUser, ServiceUserRegistry } from './service-users';
import type { StatsCollector } from './stats';
import type { SimResponseForm } from './types';
import type { Waf, WafSettings } from './waf';

export const API_PREFIX = '/v1';
export const ADMIN_PREFIX = '/_admin';

export interface ResolvedOptions {
  port: number;
  host: string;
  employees: number;
  seed: number;
  rateLimits: { windowMs: number; peopleSearch: number; default: number; perCompany: boolean };
  waf: WafSettings;
  submitReturnsId: boolean;
  retryAfterHeader: boolean;
  responseForm: SimResponseForm;
  unknownPathHtml: boolean;
  companyDomain: string;
}

export interface ServerContext {
  company: SimCompany;
  options: ResolvedOptions;
  users: ServiceUserRegistry;
  faults: FaultState;
  stats: StatsCollector;
  limiter: FixedWindowLimiter;
  waf: Waf;
  /** The service user the gate authenticated, per request. */
  callers: WeakMap<FastifyRequest, AuthenticatedUser>;
  /** Requests the WAF answered: their 403 must not count as another failure. */
  wafAnswered: WeakSet<FastifyRequest>;
}

/** What a route needs beyond authentication; 'fields' needs nothing more. */
export type Permission = 'fields' | 'employees' | 'lists' | 'timeOffRead' | 'timeOffWrite';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to /v1, in fastify's syntax: "/people/:idOrEmail". */
  url: string;
  /** Which configured per-window limit applies. */
  limit: 'peopleSearch' | 'default';
  permission: Permission;
  handler(request: FastifyRequest, reply: FastifyReply, user: AuthenticatedUser): unknown;
}

/** HiBob's error body. */
export function sendError(reply: FastifyReply, status: number, key: string, error: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ key, error });
}

/** A 200 with no body at all, which is how HiBob answers several writes. */
export function sendEmpty(reply: FastifyReply, status = 200): FastifyReply {
  return reply.code(status).send();
}

/** "POST /v1/people/search"; unknown paths share one key. */
export function routeKey(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? '(unknown path)'}`;
}

/** Destroys the socket without answering: the client sees a reset, never a status. */
export function dropConnection(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  ctx.stats.record(routeKey(request), 'dropped');
  reply.hijack();
  request.raw.socket.destroy();
  return reply;
}

export function param(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name];
}

export function queryValue(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
