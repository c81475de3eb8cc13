/**
 * The connector's own model of HiBob data: what the client hands to activities after
 * validating and normalising HiBob's responses. Pure types and constants (no I/O), so
 * workflows and the simulator may import them too.
 */

/** One employee as stored in `hibob_employees` (minus bookkeeping columns). */
export interface NormalizedEmployee {
  hibobId: string;
  /** Lower-cased; null when HiBob has none (or the service user may not see it). */
  email: string | null;
  displayName: string | null;
  firstName: string | null;
  surname: string | null;
  /** The job title's display name (HiBob stores a `title` list item id). */
  jobTitle: string | null;
  departmentId: string | null;
  departmentName: string | null;
  managerHibobId: string | null;
  /** `internal.status`: "Active" or "Inactive". */
  status: string | null;
  /** `internal.lifecycleStatus`: employed, hired, terminated, garden leave, ... */
  lifecycleStatus: string | null;
  /** `work.startDate`, YYYY-MM-DD. */
  hireDate: string | null;
  site: string | null;
}

/** One item of a named list (department tree, a team list, ...), flattened. */
export interface GroupItem {
  id: string;
  name: string;
  parentId: string | null;
  archived: boolean;
}

export interface NamedList {
  name: string;
  items: GroupItem[];
}

/** What one batch read returns: employees plus the requested fields nobody came back with. */
export interface EmployeeBatch {
  employees: NormalizedEmployee[];
  /** Field ids asked for that were present on no employee of the batch (a permission gap). */
  missingFields: string[];
}

/** HiBob field categories, as permission groups grant them. */
export type FieldCategory = 'root' | 'work' | 'internal' | 'about' | 'employment' | 'personal' | 'payroll';

/** The fields a sync asks for, and the category a permission group must grant for each. */
export const SYNC_FIELDS: readonly { id: string; category: FieldCategory; label: string }[] = [
  { id: 'root.id', category: 'root', label: 'ID' },
  { id: 'root.email', category: 'root', label: 'email' },
  { id: 'root.displayName', category: 'root', label: 'display name' },
  { id: 'root.firstName', category: 'root', label: 'first name' },
  { id: 'root.surname', category: 'root', label: 'surname' },
  { id: 'work.title', category: 'work', label: 'job title' },
  { id: 'work.department', category: 'work', label: 'department' },
  { id: 'work.reportsTo', category: 'work', label: 'manager' },
  { id: 'work.startDate', category: 'work', label: 'hire date' },
  { id: 'work.site', category: 'work', label: 'site' },
  { id: 'internal.status', category: 'internal', label: 'status' },
  { id: 'internal.lifecycleStatus', category: 'internal', label: 'lifecycle status' },
];

export type TimeOffPortion = 'all_day' | 'morning' | 'afternoon';

/** A time-off request as HiBob's details endpoint describes it (normalised). */
export interface TimeOffRequestDetails {
  requestId: number;
  employeeId: string;
  policyType: string;
  startDate: string;
  startPortion: TimeOffPortion | string;
  endDate: string;
  endPortion: TimeOffPortion | string;
  status: string;
  description: string | null;
}

/** One entry of `/timeoff/requests/changes` (which carries no description). */
export interface TimeOffChange {
  changeType: string;
  requestId: number;
  employeeId: string;
  policyType: string;
  startDate: string;
  startPortion: string | null;
  endDate: string;
  endPortion: string | null;
}

/** Capabilities a service user's permission group grants, named as the fix names them. */
export type HiBobCapability = 'read_employees' | 'read_lists' | 'write_timeoff' | 'read_timeoff';
