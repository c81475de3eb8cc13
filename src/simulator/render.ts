/**
 * Turns employees into HiBob's response shape. The field list is resolved once per request
 * (a "plan"), so rendering N employees costs N x (fields asked for), with no lookups by name.
 */
import type { FieldCategory } from '../hibob/model';
import type { SimCompany, SimEmployee } from './company';
import { FIELDS, FIELDS_BY_ID } from './fields';
import type { FieldDef } from './fields';
import type { SimResponseForm } from './types';

export type HumanReadable = 'APPEND' | 'REPLACE' | null;

export interface RenderPlan {
  fields: readonly FieldDef[];
  humanReadable: HumanReadable;
  form: SimResponseForm;
}

const MAX_CACHED_PLANS = 64;
const fieldListCache = new Map<string, readonly FieldDef[]>();

/**
 * The fields one request will render: those asked for (or the default categories) that
 * exist and that the caller's categories allow. Unknown and forbidden ids drop out silently.
 */
export function resolveFields(requested: readonly string[] | undefined, allowed: ReadonlySet<FieldCategory>): readonly FieldDef[] {
  const key = `${[...allowed].sort().join(',')}|${requested ? requested.join(',') : '*'}`;
  const cached = fieldListCache.get(key);
  if (cached) return cached;
  const candidates = requested && requested.length > 0
    ? [...new Set(requested)].flatMap((id) => FIELDS_BY_ID.get(id) ?? [])
    : FIELDS.filter((field) => field.byDefault);
  const fields = candidates.filter((field) => allowed.has(field.categoryId));
  if (fieldListCache.size >= MAX_CACHED_PLANS) fieldListCache.clear();
  fieldListCache.set(key, fields);
  return fields;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (let depth = 0; depth < path.length - 1; depth++) {
    const key = path[depth];
    let child = node[key] as Record<string, unknown> | undefined;
    if (child === undefined) {
      child = {};
      node[key] = child;
    }
    node = child;
  }
  node[path[path.length - 1]] = value;
}

export function renderEmployee(employee: SimEmployee, plan: RenderPlan, company: SimCompany): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const nested = plan.form !== 'slash';
  const slash = plan.form !== 'nested';
  const human: Record<string, unknown> | null = plan.humanReadable === 'APPEND' ? {} : null;
  for (const field of plan.fields) {
    const machine = field.value(employee, company);
    const display = plan.humanReadable && field.display ? field.display(employee, company) : machine;
    const shown = plan.humanReadable === 'REPLACE' ? display : machine;
    if (nested) setPath(out, field.path, shown);
    if (slash) out[field.slashKey] = { value: shown };
    if (human) {
      // The appended object mirrors the employee's own form: nested where it has nesting.
      if (nested) setPath(human, field.path, display);
      else human[field.slashKey] = { value: display };
    }
  }
  if (human) out.humanReadable = human;
  return out;
}
