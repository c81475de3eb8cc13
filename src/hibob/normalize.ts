/**
 * Pure conversions from HiBob's answers to the connector's model (model.ts).
 *
 * HiBob returns an employee in two shapes at once, and either may be missing: nested
 * category objects (`work.department`, root fields lifted to the top level) and flat
 * slash keys wrapped as `{"value": ...}` (`"/work/department"`). Display names of list
 * fields come, with `humanReadable: "APPEND"`, in a separate `humanReadable` object; with
 * `"REPLACE"` the values themselves are the names.
 */
import { z } from 'zod';
import type { GroupItem, NamedList, NormalizedEmployee } from './model';
import type { RawListItem, RawNamedList } from './schemas';

export type HumanReadableMode = 'APPEND' | 'REPLACE' | 'NONE';

export interface NormalizeOptions {
  /**
   * How the employee was requested. Default: APPEND when it carries a `humanReadable`
   * object; otherwise a list value that looks like an id (digits) is taken as an id and
   * any other value as a display name.
   */
  humanReadable?: HumanReadableMode;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function has(object: unknown, key: string): boolean {
  return isObject(object) && Object.prototype.hasOwnProperty.call(object, key);
}

/** "work.department" -> ["work", "department"]; "root.email" -> ["root", "email"]. */
function splitFieldId(fieldId: string): [string, string] {
  const dot = fieldId.indexOf('.');
  return dot < 0 ? ['root', fieldId] : [fieldId.slice(0, dot), fieldId.slice(dot + 1)];
}

/** Where a field may sit in the nested form: root fields at the top level (or under `root`). */
function nestedHolders(raw: JsonObject, category: string): unknown[] {
  return category === 'root' ? [raw, raw.root] : [raw[category]];
}

/** The machine value of a field, from the nested form first, then the slash form; undefined when absent. */
export function readField(raw: JsonObject, fieldId: string): unknown {
  const [category, name] = splitFieldId(fieldId);
  for (const holder of nestedHolders(raw, category)) {
    if (has(holder, name)) return (holder as JsonObject)[name];
  }
  const slash = raw[`/${category}/${name}`];
  if (isObject(slash) && has(slash, 'value')) return slash.value;
  return undefined;
}

/** Whether HiBob sent the field at all (in either form), even as null. Absent means "not permitted" or unknown. */
export function hasField(raw: JsonObject, fieldId: string): boolean {
  const [category, name] = splitFieldId(fieldId);
  return nestedHolders(raw, category).some((holder) => has(holder, name)) || has(raw, `/${category}/${name}`);
}

/** The display value `humanReadable: "APPEND"` added for a field, in any of the shapes seen. */
function readHumanReadable(raw: JsonObject, fieldId: string): unknown {
  const [category, name] = splitFieldId(fieldId);
  const human = raw.humanReadable;
  if (isObject(human)) {
    const nested = category === 'root' ? human : human[category];
    if (has(nested, name)) return (nested as JsonObject)[name];
    const slash = human[`/${category}/${name}`];
    if (slash !== undefined) return isObject(slash) && has(slash, 'value') ? slash.value : slash;
  }
  const slashEntry = raw[`/${category}/${name}`];
  return isObject(slashEntry) ? slashEntry.humanReadable : undefined;
}

// ---------------------------------------------------------------------------------------
// Field-level validation: strict on types, tolerant on absence.

const text = z
  .string()
  .nullish()
  .transform((value) => (value === undefined || value === null || value.trim() === '' ? null : value));

const listValue = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === undefined || value === null || value === '' ? null : String(value)));

const personRef = z
  .union([z.string(), z.number(), z.looseObject({ id: z.union([z.string(), z.number()]).nullish() })])
  .nullish();

const employeeFieldsSchema = z.object({
  id: z.union([z.string().min(1), z.number().int().refine(Number.isSafeInteger).transform(String)]),
  email: text,
  displayName: text,
  firstName: text,
  surname: text,
  title: listValue,
  titleName: text,
  department: listValue,
  departmentName: text,
  reportsTo: personRef,
  manager: personRef,
  startDate: text,
  site: text,
  status: text,
  lifecycleStatus: text,
});

const LOOKS_LIKE_ID = /^\d+$/;
const ISO_DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|T)/;

/**
 * One raw HiBob employee -> NormalizedEmployee. Throws a ZodError when a field the
 * connector relies on has the wrong type (or the id is missing); absent fields become null.
 */
export function normalizeEmployee(raw: unknown, options: NormalizeOptions = {}): NormalizedEmployee {
  const employee = isObject(raw) ? raw : {};
  const mode = options.humanReadable ?? (isObject(employee.humanReadable) ? 'APPEND' : undefined);
  const fields = employeeFieldsSchema.parse({
    id: readField(employee, 'root.id'),
    email: readField(employee, 'root.email'),
    displayName: readField(employee, 'root.displayName'),
    firstName: readField(employee, 'root.firstName'),
    surname: readField(employee, 'root.surname'),
    title: readField(employee, 'work.title'),
    titleName: mode === 'APPEND' ? readHumanReadable(employee, 'work.title') : undefined,
    department: readField(employee, 'work.department'),
    departmentName: mode === 'APPEND' ? readHumanReadable(employee, 'work.department') : undefined,
    reportsTo: readField(employee, 'work.reportsTo'),
    manager: readField(employee, 'work.manager'),
    startDate: readField(employee, 'work.startDate'),
    site: readField(employee, 'work.site'),
    status: readField(employee, 'internal.status'),
    lifecycleStatus: readField(employee, 'internal.lifecycleStatus'),
  });
  const department = splitListValue(fields.department, fields.departmentName, mode);
  return {
    hibobId: fields.id,
    email: fields.email?.trim().toLowerCase() ?? null,
    displayName: fields.displayName,
    firstName: fields.firstName,
    surname: fields.surname,
    jobTitle: splitListValue(fields.title, fields.titleName, mode).name,
    departmentId: department.id,
    departmentName: department.name,
    managerHibobId: managerId(fields.reportsTo, mode) ?? managerId(fields.manager, mode),
    status: fields.status,
    lifecycleStatus: fields.lifecycleStatus,
    hireDate: isoDate(fields.startDate),
    site: fields.site,
  };
}

/**
 * A list field's value is an item id (machine values, APPEND) or the item's name (REPLACE).
 * Without a mode, digits mean an id: HiBob's list item ids are numeric strings.
 */
function splitListValue(
  value: string | null,
  appendedName: string | null,
  mode: HumanReadableMode | undefined,
): { id: string | null; name: string | null } {
  if (value === null) return { id: null, name: appendedName };
  if (mode === 'REPLACE') return { id: null, name: value };
  if (mode === 'NONE') return { id: value, name: null };
  const looksLikeId = LOOKS_LIKE_ID.test(value);
  // With APPEND the value is the item id, whatever it looks like; a text value with no
  // appended name is most likely a free-text field, so it doubles as the name.
  if (mode === 'APPEND') return { id: value, name: appendedName ?? (looksLikeId ? null : value) };
  return looksLikeId ? { id: value, name: null } : { id: null, name: value };
}

/** `work.reportsTo` is an object with the manager's id; `work.manager` is the id itself (a name under REPLACE). */
function managerId(ref: z.infer<typeof personRef>, mode: HumanReadableMode | undefined): string | null {
  if (ref === undefined || ref === null) return null;
  if (typeof ref === 'object') return ref.id === undefined || ref.id === null || ref.id === '' ? null : String(ref.id);
  const value = String(ref);
  if (value === '') return null;
  // Under REPLACE (or an unknown mode) a non-numeric value is the manager's display name, not an id.
  return mode === 'NONE' || mode === 'APPEND' || LOOKS_LIKE_ID.test(value) ? value : null;
}

/** YYYY-MM-DD from a date or date-time; a display-formatted date (REPLACE) cannot be trusted: null. */
function isoDate(value: string | null): string | null {
  if (value === null) return null;
  return ISO_DATE_PREFIX.exec(value.trim())?.[1] ?? null;
}

/** The requested field ids that no employee of the batch came back with (a permission gap). */
export function missingFieldIds(fieldIds: readonly string[], employees: readonly unknown[]): string[] {
  if (employees.length === 0) return [];
  const objects = employees.filter(isObject);
  return fieldIds.filter((fieldId) => !objects.some((employee) => hasField(employee, fieldId)));
}

/** The employee's id in either form, or undefined. */
export function employeeIdOf(raw: unknown): string | undefined {
  if (!isObject(raw)) return undefined;
  const id = readField(raw, 'root.id');
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

// ---------------------------------------------------------------------------------------
// Named lists

/** Flattens the item tree (parents before children); falls back to the flat `values` when there is no tree. */
export function normalizeNamedList(raw: RawNamedList, fallbackName: string): NamedList {
  const name = raw.name ?? fallbackName;
  if (raw.items && raw.items.length > 0) return { name, items: flattenItems(raw.items, null) };
  return { name, items: (raw.values ?? []).map((item) => toGroupItem(item, null)) };
}

function flattenItems(items: readonly RawListItem[], parentId: string | null): GroupItem[] {
  return items.flatMap((item) => {
    const groupItem = toGroupItem(item, parentId);
    return [groupItem, ...flattenItems(item.children ?? [], groupItem.id)];
  });
}

function toGroupItem(item: RawListItem, parentId: string | null): GroupItem {
  return {
    id: String(item.id),
    // `name` and `value` both carry the display name; the schema ensures one exists.
    name: item.name ?? item.value ?? '',
    parentId,
    archived: item.archived === true,
  };
}
