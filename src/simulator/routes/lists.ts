/**
 * Named lists: all of them keyed by name, or one by its (case-sensitive) name. Each comes
 * flat (`values`) and as a tree (`items` with `children`).
 */
import type { FastifyReply } from 'fastify';
import { param, queryValue, sendError } from '../context';
import type { ApiRoute, ServerContext } from '../context';
import type { SimListItem, SimNamedList } from '../lists';

interface ListItemBody {
  id: string;
  value: string;
  name: string;
  archived: boolean;
  children: ListItemBody[];
}

export interface NamedListBody {
  name: string;
  values: ListItemBody[];
  items: ListItemBody[];
}

const itemBody = (item: SimListItem): ListItemBody =>
  ({ id: item.id, value: item.name, name: item.name, archived: item.archived, children: [] });

/** Without includeArchived, an archived item disappears together with everything below it. */
function shownItems(list: SimNamedList, includeArchived: boolean): SimListItem[] {
  if (includeArchived) return list.items;
  const hidden = new Set<string>();
  return list.items.filter((item) => {
    if (item.archived || (item.parentId !== null && hidden.has(item.parentId))) {
      hidden.add(item.id);
      return false;
    }
    return true;
  });
}

export function renderNamedList(list: SimNamedList, includeArchived: boolean): NamedListBody {
  const items = shownItems(list, includeArchived);
  const nodes = new Map<string, ListItemBody>();
  const roots: ListItemBody[] = [];
  for (const item of items) {
    const node = itemBody(item);
    nodes.set(item.id, node);
    const parent = item.parentId === null ? undefined : nodes.get(item.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return { name: list.name, values: items.map(itemBody), items: roots };
}

function includeArchived(value: string | undefined): boolean {
  return value === 'true';
}

function allLists(ctx: ServerContext, reply: FastifyReply, archived: boolean): unknown {
  const body: Record<string, NamedListBody> = {};
  for (const [name, list] of ctx.company.lists) body[name] = renderNamedList(list, archived);
  return reply.send(body);
}

export function listRoutes(ctx: ServerContext): ApiRoute[] {
  return [
    {
      method: 'GET', url: '/company/named-lists', limit: 'default', permission: 'lists',
      handler: (request, reply) => allLists(ctx, reply, includeArchived(queryValue(request, 'includeArchived'))),
    },
    {
      method: 'GET', url: '/company/named-lists/:name', limit: 'default', permission: 'lists',
      handler: (request, reply) => {
        const list = ctx.company.list(param(request, 'name'));
        if (!list) return sendError(reply, 404, 'namedList.notFound', `A list named "${param(request, 'name')}" was not found`);
        return reply.send(renderNamedList(list, includeArchived(queryValue(request, 'includeArchived'))));
      },
    },
  ];
}
