/**
 * The /_admin HTTP endpoints: JSON, no auth, loopback callers only. Each one validates its
 * body with zod and calls the matching SimAdmin method.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SimAdmin } from '../admin';
import { ADMIN_PREFIX, param } from '../context';
import type { ServerContext } from '../context';
import { SimInvalidError, SimNotFoundError } from '../lists';

const categories = z.enum(['root', 'work', 'internal', 'about', 'employment', 'personal', 'payroll']);
const permissionsSchema = z.object({
  none: z.boolean().optional(),
  categories: z.array(categories).optional(),
  scope: z.enum(['active', 'all']).optional(),
  lists: z.boolean().optional(),
  timeOffRead: z.boolean().optional(),
  timeOffWrite: z.boolean().optional(),
}).strict();
const hireSchema = z.object({
  firstName: z.string().min(1),
  surname: z.string().min(1),
  email: z.string().min(3).nullable().optional(),
  departmentId: z.string().optional(),
  managerId: z.string().optional(),
  title: z.string().optional(),
  site: z.string().optional(),
  startDate: z.string().optional(),
  lifecycleStatus: z.string().optional(),
}).strict();
const serviceUserSchema = z.object({ id: z.string().min(1), token: z.string().min(1), permissions: permissionsSchema.optional() }).strict();
const count = z.number().int().min(0);
const fraction = z.number().min(0).max(1);
const faultsSchema = z.object({
  errorRate: fraction.optional(),
  latencyMs: z.number().min(0).optional(),
  latencyJitterMs: z.number().min(0).optional(),
  dropRate: fraction.optional(),
  rateLimitBurst: count.optional(),
  dropAfterCommitSubmits: count.optional(),
}).strict();

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

class BadAdminInput extends Error {}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new BadAdminInput(z.prettifyError(result.error));
  return result.data;
}

type AdminAction = (request: FastifyRequest) => unknown;

/** Runs an action and maps the state errors to 404 / 400, so callers see why it failed. */
function answer(action: AdminAction) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    if (!LOOPBACK.has(request.ip)) return reply.code(403).send({ error: 'the admin API answers loopback callers only' });
    try {
      const result = action(request);
      return reply.send(result ?? { ok: true });
    } catch (error) {
      if (error instanceof SimNotFoundError) return reply.code(404).send({ error: error.message });
      if (error instanceof SimInvalidError || error instanceof BadAdminInput) return reply.code(400).send({ error: error.message });
      throw error;
    }
  };
}

export function installAdminRoutes(app: FastifyInstance, ctx: ServerContext, admin: SimAdmin): void {
  const at = (path: string): string => `${ADMIN_PREFIX}${path}`;
  const body = (request: FastifyRequest): Record<string, unknown> => (request.body ?? {}) as Record<string, unknown>;
  const text = (request: FastifyRequest, name: string): string => parse(z.string().min(1), body(request)[name]);

  app.post(at('/employees'), answer((request) => ({ id: admin.hire(parse(hireSchema, body(request))) })));
  app.get(at('/employees/:id'), answer((request) => ctx.company.requireEmployee(param(request, 'id'))));
  app.post(at('/employees/:id/terminate'), answer((request) => admin.terminate(param(request, 'id'))));
  app.post(at('/employees/:id/department'), answer((request) =>
    admin.moveDepartment(param(request, 'id'), text(request, 'departmentId'))));
  app.post(at('/employees/:id/manager'), answer((request) =>
    admin.changeManager(param(request, 'id'), parse(z.string().min(1).nullable(), body(request).managerId))));
  app.post(at('/lists/:name/items/:itemId/rename'), answer((request) =>
    admin.renameListItem(param(request, 'name'), param(request, 'itemId'), text(request, 'name'))));
  app.post(at('/lists/:name/items/:itemId/archive'), answer((request) =>
    admin.archiveListItem(param(request, 'name'), param(request, 'itemId'))));
  app.post(at('/service-users'), answer((request) => admin.addServiceUser(parse(serviceUserSchema, body(request)))));
  app.post(at('/service-users/:id/revoke'), answer((request) => ({ token: admin.revokeToken(param(request, 'id')) })));
  app.put(at('/service-users/:id/permissions'), answer((request) =>
    admin.setPermissions(param(request, 'id'), parse(permissionsSchema, body(request)))));
  app.get(at('/faults'), answer(() => admin.faults()));
  app.post(at('/faults'), answer((request) => {
    admin.setFaults(parse(faultsSchema, body(request)));
    return admin.faults();
  }));
  app.get(at('/stats'), answer(() => ctx.stats.snapshot()));
  app.post(at('/stats/reset'), answer(() => admin.resetStats()));
  app.get(at('/time-off-requests'), answer(() => admin.timeOffRequests()));
}
