/**
 * People endpoints: search (no pagination, one optional id/email filter), one person by
 * id or email, and the fields metadata.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimEmployee } from '../company';
import { param, sendError } from '../context';
import type { ApiRoute, ServerContext } from '../context';
import { FIELDS, fieldMetadata } from '../fields';
import { renderEmployee, resolveFields } from '../render';
import type { HumanReadable, RenderPlan } from '../render';
import type { AuthenticatedUser } from '../service-users';
import type { ApiError, Checked } from '../timeoff';

const MAX_FIELDS = 400;
const MAX_FILTER_VALUES = 5000;
const FILTERABLE_PATHS = ['root.id', 'root.email'] as const;

interface Reading {
  fields: string[] | undefined;
  humanReadable: HumanReadable;
}

interface SearchFilter {
  fieldPath: (typeof FILTERABLE_PATHS)[number];
  values: string[];
}

interface SearchRequest extends Reading {
  filter: SearchFilter | undefined;
  showInactive: boolean;
}

const invalid = (key: string, error: string): { ok: false; problem: ApiError } => ({ ok: false, problem: { key, error } });

function asObject(body: unknown): Record<string, unknown> | null {
  if (body === undefined || body === null) return {};
  return typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** The `fields` and `humanReadable` properties both read endpoints accept. */
function parseReading(input: Record<string, unknown>): Checked<Reading> {
  const { fields, humanReadable } = input;
  if (fields !== undefined && (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string'))) {
    return invalid('people.fields.invalid', 'fields must be an array of field ids');
  }
  if (Array.isArray(fields) && fields.length > MAX_FIELDS) {
    return invalid('people.fields.tooMany', `At most ${MAX_FIELDS} fields can be requested`);
  }
  if (humanReadable !== undefined && humanReadable !== 'APPEND' && humanReadable !== 'REPLACE') {
    return invalid('people.humanReadable.invalid', 'humanReadable must be APPEND or REPLACE');
  }
  return { ok: true, value: { fields: fields as string[] | undefined, humanReadable: humanReadable ?? null } };
}

function parseFilters(filters: unknown): Checked<SearchFilter | undefined> {
  if (filters === undefined) return { ok: true, value: undefined };
  if (!Array.isArray(filters)) return invalid('people.filters.invalid', 'filters must be an array');
  if (filters.length === 0) return invalid('people.filters.empty', 'filters must not be empty; omit it to read everyone');
  if (filters.length > 1) return invalid('people.filters.tooMany', 'Only one filter is supported');
  const filter = asObject(filters[0]) ?? {};
  const { fieldPath, operator, values } = filter;
  if (!FILTERABLE_PATHS.includes(fieldPath as SearchFilter['fieldPath'])) {
    return invalid('people.filters.fieldPath', `Filtering is supported on ${FILTERABLE_PATHS.join(' and ')} only`);
  }
  if (operator !== 'equals') return invalid('people.filters.operator', 'The only supported operator is equals');
  if (!Array.isArray(values) || values.length === 0 || values.some((value) => typeof value !== 'string')) {
    return invalid('people.filters.values', 'values must be a non-empty array of strings');
  }
  if (values.length > MAX_FILTER_VALUES) {
    return invalid('people.filters.values', `At most ${MAX_FILTER_VALUES} values are supported`);
  }
  return { ok: true, value: { fieldPath: fieldPath as SearchFilter['fieldPath'], values: values as string[] } };
}

export function parseSearch(body: unknown): Checked<SearchRequest> {
  const input = asObject(body);
  if (!input) return invalid('people.search.invalid', 'The request body must be a JSON object');
  const reading = parseReading(input);
  if (!reading.ok) return reading;
  const filter = parseFilters(input.filters);
  if (!filter.ok) return filter;
  if (input.showInactive !== undefined && typeof input.showInactive !== 'boolean') {
    return invalid('people.showInactive.invalid', 'showInactive must be a boolean');
  }
  return { ok: true, value: { ...reading.value, filter: filter.value, showInactive: input.showInactive === true } };
}

function planFor(ctx: ServerContext, user: AuthenticatedUser, reading: Reading): RenderPlan {
  return {
    fields: resolveFields(reading.fields, user.permissions.categories),
    humanReadable: reading.humanReadable,
    form: ctx.options.responseForm,
  };
}

/** Filtered reads keep the order of `values` and skip unknown, duplicate and hidden ids. */
function filteredEmployees(ctx: ServerContext, user: AuthenticatedUser, search: SearchRequest): SimEmployee[] {
  const { company } = ctx;
  const found = new Set<SimEmployee>();
  const byEmail = search.filter?.fieldPath === 'root.email';
  for (const value of search.filter?.values ?? []) {
    const employee = byEmail ? company.employeeByEmail(value) : company.employee(value);
    if (!employee || !company.isVisible(employee, user.permissions.scope)) continue;
    if (!search.showInactive && employee.status !== 'Active') continue;
    found.add(employee);
  }
  return [...found];
}

function search(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, user: AuthenticatedUser): unknown {
  const parsed = parseSearch(request.body);
  if (!parsed.ok) return sendError(reply, 400, parsed.problem.key, parsed.problem.error);
  const criteria = parsed.value;
  const employees = criteria.filter
    ? filteredEmployees(ctx, user, criteria)
    : ctx.company.visibleEmployees(user.permissions.scope, criteria.showInactive);
  const plan = planFor(ctx, user, criteria);
  const rendered = new Array<Record<string, unknown>>(employees.length);
  for (let i = 0; i < employees.length; i++) rendered[i] = renderEmployee(employees[i], plan, ctx.company);
  return reply.send({ employees: rendered });
}

function readPerson(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, user: AuthenticatedUser): unknown {
  const input = asObject(request.body);
  if (!input) return sendError(reply, 400, 'people.read.invalid', 'The request body must be a JSON object');
  const reading = parseReading(input);
  if (!reading.ok) return sendError(reply, 400, reading.problem.key, reading.problem.error);
  const employee = ctx.company.findEmployee(param(request, 'idOrEmail'));
  if (!employee || !ctx.company.isVisible(employee, user.permissions.scope)) {
    return sendError(reply, 404, 'employee.notFound', 'Employee not found');
  }
  return reply.send(renderEmployee(employee, planFor(ctx, user, reading.value), ctx.company));
}

export function peopleRoutes(ctx: ServerContext): ApiRoute[] {
  return [
    {
      method: 'POST', url: '/people/search', limit: 'peopleSearch', permission: 'employees',
      handler: (request, reply, user) => search(ctx, request, reply, user),
    },
    {
      method: 'POST', url: '/people/:idOrEmail', limit: 'default', permission: 'employees',
      handler: (request, reply, user) => readPerson(ctx, request, reply, user),
    },
    {
      method: 'GET', url: '/company/people/fields', limit: 'default', permission: 'fields',
      handler: (_request, reply) => reply.send(FIELDS.map(fieldMetadata)),
    },
  ];
}
