/**
 * The simulator's public option and result types. The HiBob client's tests and the
 * connector's end-to-end tests code against exactly these, so changes here are API changes.
 */
import type { FieldCategory } from '../hibob/model';

/** What a service user's permission group grants. Every property defaults to "allowed". */
export interface SimPermissions {
  /** A brand-new service user: 403 on everything except GET /company/people/fields. */
  none?: boolean;
  /** Field categories it may view; default all. Fields of other categories are silently omitted. */
  categories?: FieldCategory[];
  /** 'active' = only lifecycleStatus 'employed' employees are visible, even with showInactive. */
  scope?: 'active' | 'all';
  /** May read named lists; false answers 403 on /company/named-lists*. */
  lists?: boolean;
  timeOffRead?: boolean;
  /** False answers 403 on time-off submit and cancel. */
  timeOffWrite?: boolean;
}

export interface SimServiceUser {
  id: string;
  token: string;
  permissions?: SimPermissions;
}

export interface SimFaults {
  /** Fraction (0..1) of HiBob-API requests answered 500/502/503 with a {key,error} body. */
  errorRate?: number;
  /** Added to every HiBob-API request. */
  latencyMs?: number;
  /** A random extra 0..jitter ms. */
  latencyJitterMs?: number;
  /** Fraction of requests whose socket is destroyed with no answer. */
  dropRate?: number;
  /** The next N HiBob-API requests answer 429 (counts down). */
  rateLimitBurst?: number;
  /** The next N time-off submits are committed, then the socket is destroyed (a lost response). */
  dropAfterCommitSubmits?: number;
}

export interface SimRateLimitOptions {
  /** Fixed window length, aligned to multiples of windowMs since the epoch. Default 60000. */
  windowMs?: number;
  /** Limit of POST /people/search per window. Default 50. */
  peopleSearch?: number;
  /** Limit of every other endpoint per window. Default 1000. */
  default?: number;
  /** Count per company instead of per service user. Default false. */
  perCompany?: boolean;
}

export interface SimWafOptions {
  /** 401/403 answers within windowMs that get a caller blocked. Default 50; 0 disables the WAF. */
  failures?: number;
  /** Default 10000. */
  windowMs?: number;
  /** Default 300000. */
  blockMs?: number;
  /** What identifies a caller: its Authorization header, its IP, or either (default 'both'). */
  keyBy?: 'authorization' | 'ip' | 'both';
}

export type SimResponseForm = 'both' | 'nested' | 'slash';

export interface SimulatorOptions {
  /** Default 0 (a random free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 250. */
  employees?: number;
  /** Default 1. The same seed gives the same company. */
  seed?: number;
  /** Default: none (every request answers 401 until one is added). */
  serviceUsers?: SimServiceUser[];
  rateLimits?: SimRateLimitOptions;
  waf?: SimWafOptions;
  /** Default false: submit answers 200 with an EMPTY body; true: 201 with {"id": requestId}. */
  submitReturnsId?: boolean;
  /** Default false: also send Retry-After (seconds) on 429. */
  retryAfterHeader?: boolean;
  /** Default 'both': nested category objects AND "/cat/field": {value} keys. */
  responseForm?: SimResponseForm;
  /** Default true: unknown paths under /v1 answer 200 text/html (a HiBob quirk); false: 404. */
  unknownPathHtml?: boolean;
  faults?: SimFaults;
  /** Default 'acme.test'. */
  companyDomain?: string;
}

/** Request counts, keyed by route ("POST /v1/people/search") then status ("200", "dropped"). */
export interface SimStats {
  total: number;
  byRoute: Record<string, Record<string, number>>;
  /** 429 answers sent, from real limits and from the rateLimitBurst fault. */
  rateLimited: number;
  /** Time-off requests stored (including those whose response was then dropped). */
  submitsCommitted: number;
  cancels: number;
  /** Sockets destroyed without an answer (dropRate and dropAfterCommitSubmits). */
  dropped: number;
  /** Requests answered by the WAF's block page. */
  wafBlocked: number;
  /** 5xx answers injected by errorRate. */
  injectedErrors: number;
}

export interface SimHireInput {
  firstName: string;
  surname: string;
  /** Omitted: generated from the name; null: the employee has no email. */
  email?: string | null;
  departmentId?: string;
  managerId?: string;
  /** A `title` list item id or name; an unknown name adds a new title item. */
  title?: string;
  /** A `site` list item id or name; an unknown name adds a new site item. */
  site?: string;
  /** YYYY-MM-DD; default today. */
  startDate?: string;
  /** Default 'employed', or 'hired' when startDate is in the future. */
  lifecycleStatus?: string;
}
