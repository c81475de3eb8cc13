/**
 * The company's people fields: metadata (what GET /company/people/fields lists) plus how
 * to read each one from a SimEmployee, as a machine value and as a display value.
 */
import type { FieldCategory } from '../hibob/model';
import type { SimCompany, SimEmployee } from './company';

export interface FieldDef {
  /** Dot notation, as requests name it: "work.department". */
  id: string;
  categoryId: FieldCategory;
  name: string;
  /** Where the value sits in the nested form: root fields are lifted to the top level. */
  jsonPath: string;
  type: string;
  /** jsonPath split once, so rendering does not split per employee. */
  path: string[];
  /** The flat form's key: "/work/department". */
  slashKey: string;
  /** Part of the default categories (root, about, employment, work); custom fields never are. */
  byDefault: boolean;
  value(employee: SimEmployee, company: SimCompany): unknown;
  /** The humanReadable form; defaults to the machine value. */
  display?(employee: SimEmployee, company: SimCompany): unknown;
}

export const TEAM_FIELD_ID = 'work.custom.field_1650000000001';
export const ALL_CATEGORIES: readonly FieldCategory[] = ['root', 'work', 'internal', 'about', 'employment', 'personal', 'payroll'];
const DEFAULT_CATEGORIES = new Set<FieldCategory>(['root', 'about', 'employment', 'work']);

/** HiBob shows dates in the company's format; dd/MM/yyyy here. */
function displayDate(iso: string | null): string | null {
  if (iso === null) return null;
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

function itemName(company: SimCompany, listName: string, itemId: string | null): string | null {
  return itemId === null ? null : company.list(listName)?.item(itemId)?.name ?? null;
}

function manager(employee: SimEmployee, company: SimCompany): SimEmployee | undefined {
  return employee.managerId === null ? undefined : company.employee(employee.managerId);
}

type FieldSpec = Omit<FieldDef, 'path' | 'slashKey' | 'byDefault' | 'jsonPath'> & { jsonPath?: string; custom?: boolean };

const FIELD_SPECS: FieldSpec[] = [
  { id: 'root.id', categoryId: 'root', name: 'Employee ID', type: 'text', value: (e) => e.id },
  { id: 'root.email', categoryId: 'root', name: 'Email', type: 'text', value: (e) => e.email },
  { id: 'root.displayName', categoryId: 'root', name: 'Display name', type: 'text', value: (e) => e.displayName },
  { id: 'root.firstName', categoryId: 'root', name: 'First name', type: 'text', value: (e) => e.firstName },
  { id: 'root.surname', categoryId: 'root', name: 'Last name', type: 'text', value: (e) => e.surname },
  { id: 'root.fullName', categoryId: 'root', name: 'Full name', type: 'text', value: (e) => e.displayName },
  {
    id: 'work.title', categoryId: 'work', name: 'Job title', type: 'list',
    value: (e) => e.titleId, display: (e, c) => itemName(c, 'title', e.titleId),
  },
  {
    id: 'work.department', categoryId: 'work', name: 'Department', type: 'list',
    value: (e) => e.departmentId, display: (e, c) => itemName(c, 'department', e.departmentId),
  },
  {
    id: 'work.reportsTo', categoryId: 'work', name: 'Reports to', type: 'employee-reference',
    value: (e, c) => {
      const boss = manager(e, c);
      return boss ? { id: boss.id, email: boss.email, displayName: boss.displayName } : null;
    },
    display: (e, c) => manager(e, c)?.displayName ?? null,
  },
  {
    id: 'work.manager', categoryId: 'work', name: 'Manager', type: 'employee-reference',
    value: (e) => e.managerId, display: (e, c) => manager(e, c)?.displayName ?? null,
  },
  {
    id: 'work.startDate', categoryId: 'work', name: 'Start date', type: 'date',
    value: (e) => e.startDate, display: (e) => displayDate(e.startDate),
  },
  { id: 'work.site', categoryId: 'work', name: 'Site', type: 'text', value: (e, c) => itemName(c, 'site', e.siteId) },
  {
    // HiBob answers siteId as a number, unlike other list item ids.
    id: 'work.siteId', categoryId: 'work', name: 'Site ID', type: 'number',
    value: (e) => (e.siteId === null ? null : Number(e.siteId)), display: (e, c) => itemName(c, 'site', e.siteId),
  },
  {
    id: 'work.isManager', categoryId: 'work', name: 'Is manager', type: 'boolean',
    value: (e, c) => c.isManager(e.id), display: (e, c) => (c.isManager(e.id) ? 'Yes' : 'No'),
  },
  {
    id: TEAM_FIELD_ID, categoryId: 'work', name: 'Team', type: 'list', custom: true,
    value: (e) => e.teamId, display: (e, c) => itemName(c, 'team', e.teamId),
  },
  { id: 'internal.status', categoryId: 'internal', name: 'Status', type: 'text', value: (e) => e.status },
  { id: 'internal.lifecycleStatus', categoryId: 'internal', name: 'Lifecycle status', type: 'text', value: (e) => e.lifecycleStatus },
  {
    id: 'internal.terminationDate', categoryId: 'internal', name: 'Termination date', type: 'date',
    value: (e) => e.terminationDate, display: (e) => displayDate(e.terminationDate),
  },
  { id: 'about.about', categoryId: 'about', name: 'About', type: 'text', value: (e) => e.about },
  { id: 'employment.contract', categoryId: 'employment', name: 'Contract', type: 'list', value: (e) => e.contract },
  { id: 'employment.weeklyHours', categoryId: 'employment', name: 'Weekly hours', type: 'number', value: (e) => e.weeklyHours },
  { id: 'personal.pronouns', categoryId: 'personal', name: 'Pronouns', type: 'text', value: (e) => e.pronouns },
  { id: 'personal.nationality', categoryId: 'personal', name: 'Nationality', type: 'list', value: (e) => e.nationality },
  {
    id: 'payroll.salary', categoryId: 'payroll', name: 'Base salary', type: 'currency',
    value: (e) => e.salary, display: (e) => `${e.salary.toLocaleString('en-GB')} GBP`,
  },
];

function toFieldDef(spec: FieldSpec): FieldDef {
  const jsonPath = spec.jsonPath ?? (spec.categoryId === 'root' ? spec.id.slice('root.'.length) : spec.id);
  return {
    ...spec,
    jsonPath,
    path: jsonPath.split('.'),
    slashKey: `/${spec.id.split('.').join('/')}`,
    byDefault: !spec.custom && DEFAULT_CATEGORIES.has(spec.categoryId),
  };
}

export const FIELDS: readonly FieldDef[] = FIELD_SPECS.map(toFieldDef);
export const FIELDS_BY_ID: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((field) => [field.id, field]));

/** One entry of GET /company/people/fields. */
export function fieldMetadata(field: FieldDef): { id: string; categoryId: string; name: string; jsonPath: string; type: string } {
  return { id: field.id, categoryId: field.categoryId, name: field.name, jsonPath: field.jsonPath, type: field.type };
}
