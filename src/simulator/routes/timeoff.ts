/**
 * Time-off endpoints: policy types, submit / read / cancel a request, the changes feed
 * and who's out. Submit answers 200 with an empty body unless submitReturnsId is set.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimEmployee } from '../company';
import { dropConnection, param, queryValue, sendEmpty, sendError } from '../context';
import type { ApiRoute, ServerContext } from '../context';
import type { AuthenticatedUser } from '../service-users';
import { isIsoDate, requestDuration, validateSubmission } from '../timeoff';
import type { SimTimeOffRequest } from '../timeoff';

const MAX_CHANGES_WINDOW_MONTHS = 6;

function visibleEmployee(ctx: ServerContext, user: AuthenticatedUser, id: string): SimEmployee | undefined {
  const employee = ctx.company.employee(id);
  return employee && ctx.company.isVisible(employee, user.permissions.scope) ? employee : undefined;
}

const employeeNotFound = (reply: FastifyReply): FastifyReply => sendError(reply, 404, 'employee.notFound', 'Employee not found');
const requestNotFound = (reply: FastifyReply): FastifyReply =>
  sendError(reply, 404, 'timeoff.request.notFound', 'A time off request with the specified id was not found');

function submit(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, user: AuthenticatedUser): unknown {
  const employee = visibleEmployee(ctx, user, param(request, 'id'));
  if (!employee) return employeeNotFound(reply);
  const submission = validateSubmission(request.body);
  if (!submission.ok) return sendError(reply, 400, submission.problem.key, submission.problem.error);
  const stored = ctx.company.timeOff.submit(employee, submission.value);
  if (!stored.ok) return sendError(reply, 400, stored.problem.key, stored.problem.error);
  ctx.stats.count('submitsCommitted');
  // The request is stored (and in the changes feed); only the answer gets lost.
  if (ctx.faults.takeDropAfterCommit()) return dropConnection(ctx, request, reply);
  if (ctx.options.submitReturnsId) return reply.code(201).send({ id: stored.value.requestId });
  return sendEmpty(reply, 200);
}

/** The request an URL names, if it belongs to that (visible) employee. */
function findRequest(ctx: ServerContext, request: FastifyRequest, user: AuthenticatedUser): SimTimeOffRequest | undefined {
  const employee = visibleEmployee(ctx, user, param(request, 'id'));
  const requestId = Number(param(request, 'requestId'));
  if (!employee || !Number.isSafeInteger(requestId)) return undefined;
  return ctx.company.timeOff.request(employee.id, requestId);
}

function requestDetails(request: SimTimeOffRequest): Record<string, unknown> {
  return {
    requestId: request.requestId,
    employeeId: request.employeeId,
    policyTypeDisplayName: request.policyType,
    requestRangeType: request.requestRangeType,
    startDate: request.startDate,
    startDatePortion: request.startDatePortion,
    endDate: request.endDate,
    endDatePortion: request.endDatePortion,
    status: request.status,
    approved: request.status === 'approved',
    description: request.description,
    ...requestDuration(request),
    createdOn: request.createdAt,
  };
}

function cancel(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, user: AuthenticatedUser): unknown {
  const found = findRequest(ctx, request, user);
  if (!found) return requestNotFound(reply);
  const employee = ctx.company.requireEmployee(found.employeeId);
  if (ctx.company.timeOff.cancel(found, employee.displayName)) ctx.stats.count('cancels');
  return sendEmpty(reply, 200);
}

function parseInstant(value: string): Date | null {
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

function changes(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, user: AuthenticatedUser): unknown {
  const sinceText = queryValue(request, 'since');
  if (!sinceText) return sendError(reply, 400, 'timeoff.changes.since', 'since is required');
  const since = parseInstant(sinceText);
  const toText = queryValue(request, 'to');
  const to = toText === undefined ? new Date() : parseInstant(toText);
  if (!since || !to) return sendError(reply, 400, 'timeoff.changes.dates', 'since and to must be ISO-8601 date-times');
  if (to < since) return sendError(reply, 400, 'timeoff.changes.dates', 'to must not be before since');
  const limit = new Date(since);
  limit.setUTCMonth(limit.getUTCMonth() + MAX_CHANGES_WINDOW_MONTHS);
  if (to > limit) {
    return sendError(reply, 400, 'timeoff.changes.window', `The time window must not exceed ${MAX_CHANGES_WINDOW_MONTHS} months`);
  }
  const includePending = queryValue(request, 'includePending') === 'true';
  const visible = ctx.company.timeOff.changesBetween(since, to, includePending)
    .filter((change) => visibleEmployee(ctx, user, change.employeeId));
  return reply.send({ changes: visible });
}

function whosOut(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, user: AuthenticatedUser): unknown {
  const from = queryValue(request, 'from');
  const to = queryValue(request, 'to');
  if (!isIsoDate(from) || !isIsoDate(to)) return sendError(reply, 400, 'timeoff.whosout.dates', 'from and to are required, as YYYY-MM-DD');
  if (to < from) return sendError(reply, 400, 'timeoff.whosout.dates', 'to must not be before from');
  const includePending = queryValue(request, 'includePending') === 'true';
  const outs = ctx.company.timeOff.outsBetween(from, to, includePending).flatMap((out) => {
    const employee = visibleEmployee(ctx, user, out.employeeId);
    if (!employee) return [];
    return [{
      employeeId: out.employeeId,
      employeeDisplayName: employee.displayName,
      policyTypeDisplayName: out.policyType,
      startDate: out.startDate,
      startPortion: out.startDatePortion,
      endDate: out.endDate,
      endPortion: out.endDatePortion,
      requestId: out.requestId,
    }];
  });
  return reply.send({ outs });
}

export function timeOffRoutes(ctx: ServerContext): ApiRoute[] {
  const timeOff = ctx.company.timeOff;
  return [
    {
      method: 'GET', url: '/timeoff/policy-types', limit: 'default', permission: 'timeOffRead',
      handler: (_request, reply) => reply.send({ policyTypes: timeOff.policyTypes.map((policy) => policy.name) }),
    },
    {
      method: 'GET', url: '/timeoff/policy-types/:name', limit: 'default', permission: 'timeOffRead',
      handler: (request, reply) => {
        const policy = timeOff.policyType(param(request, 'name'));
        if (!policy) return sendError(reply, 404, 'timeoff.policyType.notFound', 'A policy type with the specified name was not found');
        return reply.send(policy);
      },
    },
    {
      method: 'POST', url: '/timeoff/employees/:id/requests', limit: 'default', permission: 'timeOffWrite',
      handler: (request, reply, user) => submit(ctx, request, reply, user),
    },
    {
      method: 'GET', url: '/timeoff/employees/:id/requests/:requestId', limit: 'default', permission: 'timeOffRead',
      handler: (request, reply, user) => {
        const found = findRequest(ctx, request, user);
        return found ? reply.send(requestDetails(found)) : requestNotFound(reply);
      },
    },
    {
      method: 'DELETE', url: '/timeoff/employees/:id/requests/:requestId', limit: 'default', permission: 'timeOffWrite',
      handler: (request, reply, user) => cancel(ctx, request, reply, user),
    },
    {
      method: 'GET', url: '/timeoff/requests/changes', limit: 'default', permission: 'timeOffRead',
      handler: (request, reply, user) => changes(ctx, request, reply, user),
    },
    {
      method: 'GET', url: '/timeoff/whosout', limit: 'default', permission: 'timeOffRead',
      handler: (request, reply, user) => whosOut(ctx, request, reply, user),
    },
  ];
}
