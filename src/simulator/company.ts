/**
 * The simulated company's live state: employees, named lists and time off, with the
 * lookups the HTTP layer needs kept in Maps so a 50,000-employee company stays fast.
 * Every change bumps `revision`, which invalidates the derived caches.
 */
import { SimInvalidError, SimNamedList, SimNotFoundError } from './lists';
import { capitalise, toEmailPart } from './names';
import type { Random } from './prng';
import { isIsoDate, SimTimeOff } from './timeoff';
import type { SimHireInput } from './types';

export interface SimEmployee {
  /** A ~19-digit numeric string. */
  id: string;
  firstName: string;
  surname: string;
  /** "First Surname". */
  displayName: string;
  /** As HiBob stores it: may hold upper-case letters; null for the few without one. */
  email: string | null;
  titleId: string | null;
  departmentId: string | null;
  managerId: string | null;
  siteId: string | null;
  /** An item of the company-made `team` list, exposed through a custom work field. */
  teamId: string | null;
  startDate: string;
  terminationDate: string | null;
  /** employed, hired (pre-hire), terminated, garden leave. */
  lifecycleStatus: string;
  status: 'Active' | 'Inactive';
  about: string;
  contract: 'Full time' | 'Part time';
  weeklyHours: number;
  pronouns: string | null;
  nationality: string;
  salary: number;
}

export type AccessScope = 'active' | 'all';

/** Lifecycle statuses whose employees HiBob counts as not (or not yet) working. */
const INACTIVE_LIFECYCLES = new Set(['hired', 'terminated']);

export function statusFor(lifecycleStatus: string): 'Active' | 'Inactive' {
  return INACTIVE_LIFECYCLES.has(lifecycleStatus) ? 'Inactive' : 'Active';
}

export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

interface VisibilityCache {
  revision: number;
  all: SimEmployee[];
  statusActive: SimEmployee[];
  employedOnly: SimEmployee[];
}

export class SimCompany {
  readonly employees: SimEmployee[] = [];
  readonly lists = new Map<string, SimNamedList>();
  readonly timeOff: SimTimeOff;
  /** Bumped by every change; render and visibility caches compare against it. */
  revision = 0;

  private readonly byId = new Map<string, SimEmployee>();
  private readonly byEmail = new Map<string, SimEmployee>();
  private readonly directReports = new Map<string, number>();
  private readonly emailSuffixes = new Map<string, number>();
  private readonly listItemIds = new Set<string>();
  private visibility: VisibilityCache | null = null;

  constructor(readonly domain: string, private readonly idRandom: Random, firstRequestId: number) {
    this.timeOff = new SimTimeOff(firstRequestId);
  }

  employee(id: string): SimEmployee | undefined {
    return this.byId.get(id);
  }

  /** Case-insensitive, as HiBob matches emails. */
  employeeByEmail(email: string): SimEmployee | undefined {
    return this.byEmail.get(email.toLowerCase());
  }

  findEmployee(idOrEmail: string): SimEmployee | undefined {
    return idOrEmail.includes('@') ? this.employeeByEmail(idOrEmail) : this.employee(idOrEmail);
  }

  isManager(id: string): boolean {
    return (this.directReports.get(id) ?? 0) > 0;
  }

  list(name: string): SimNamedList | undefined {
    return this.lists.get(name);
  }

  /**
   * Employees a caller may see, in company order. Scope 'active' hides everyone not
   * 'employed', even with showInactive, as a permission group limited to employed people does.
   */
  visibleEmployees(scope: AccessScope, showInactive: boolean): readonly SimEmployee[] {
    const cache = this.visibilityCache();
    if (scope === 'active') return cache.employedOnly;
    return showInactive ? cache.all : cache.statusActive;
  }

  isVisible(employee: SimEmployee, scope: AccessScope): boolean {
    return scope === 'all' || employee.lifecycleStatus === 'employed';
  }

  addList(name: string): SimNamedList {
    const list = new SimNamedList(name);
    this.lists.set(name, list);
    return list;
  }

  /** A new item id: a numeric-looking string, unique across all lists. */
  newListItemId(): string {
    for (;;) {
      const id = String(this.idRandom.between(100_000_000, 999_999_999));
      if (!this.listItemIds.has(id)) {
        this.listItemIds.add(id);
        return id;
      }
    }
  }

  /** A new ~19-digit employee id, like HiBob's. */
  newEmployeeId(): string {
    for (;;) {
      const id = String(this.idRandom.between(1, 3)) + this.idRandom.digits(18);
      if (!this.byId.has(id)) return id;
    }
  }

  /** first.surname@domain, numbered when taken; `upperCase` mimics how people type them. */
  makeEmail(firstName: string, surname: string, upperCase: boolean): string {
    const local = `${toEmailPart(firstName)}.${toEmailPart(surname)}`;
    const taken = this.emailSuffixes.get(local) ?? 0;
    this.emailSuffixes.set(local, taken + 1);
    const unique = taken === 0 ? local : `${local}${taken + 1}`;
    if (!upperCase) return `${unique}@${this.domain}`;
    const [first, last] = unique.split('.');
    return `${capitalise(first)}.${capitalise(last)}@${this.domain}`;
  }

  addEmployee(employee: SimEmployee): SimEmployee {
    if (this.byId.has(employee.id)) throw new SimInvalidError(`employee ${employee.id} exists`);
    if (employee.email !== null) {
      if (this.byEmail.has(employee.email.toLowerCase())) throw new SimInvalidError(`email ${employee.email} is taken`);
      this.byEmail.set(employee.email.toLowerCase(), employee);
    }
    this.employees.push(employee);
    this.byId.set(employee.id, employee);
    this.countReport(employee.managerId, 1);
    this.touch();
    return employee;
  }

  hire(input: SimHireInput, now = new Date()): SimEmployee {
    const startDate = input.startDate ?? todayIso(now);
    if (!isIsoDate(startDate)) throw new SimInvalidError('startDate must be YYYY-MM-DD');
    if (input.departmentId !== undefined) this.requireListItem('department', input.departmentId);
    if (input.managerId !== undefined) this.requireEmployee(input.managerId);
    const lifecycleStatus = input.lifecycleStatus ?? (startDate > todayIso(now) ? 'hired' : 'employed');
    const email = input.email === undefined ? this.makeEmail(input.firstName, input.surname, false) : input.email;
    return this.addEmployee({
      id: this.newEmployeeId(),
      firstName: input.firstName,
      surname: input.surname,
      displayName: `${input.firstName} ${input.surname}`,
      email,
      titleId: input.title === undefined ? null : this.findOrAddItem('title', input.title),
      departmentId: input.departmentId ?? null,
      managerId: input.managerId ?? null,
      siteId: input.site === undefined ? null : this.findOrAddItem('site', input.site),
      teamId: null,
      startDate,
      terminationDate: null,
      lifecycleStatus,
      status: statusFor(lifecycleStatus),
      about: '',
      contract: 'Full time',
      weeklyHours: 40,
      pronouns: null,
      nationality: 'Unknown',
      salary: 50_000,
    });
  }

  terminate(id: string, now = new Date()): void {
    const employee = this.requireEmployee(id);
    employee.lifecycleStatus = 'terminated';
    employee.status = 'Inactive';
    employee.terminationDate = todayIso(now);
    this.touch();
  }

  moveDepartment(id: string, departmentId: string): void {
    const employee = this.requireEmployee(id);
    this.requireListItem('department', departmentId);
    employee.departmentId = departmentId;
    this.touch();
  }

  changeManager(id: string, managerId: string | null): void {
    const employee = this.requireEmployee(id);
    if (managerId !== null) {
      this.requireEmployee(managerId);
      if (this.wouldCycle(id, managerId)) throw new SimInvalidError(`${managerId} reports (indirectly) to ${id}`);
    }
    this.countReport(employee.managerId, -1);
    employee.managerId = managerId;
    this.countReport(managerId, 1);
    this.touch();
  }

  renameListItem(listName: string, itemId: string, newName: string): void {
    this.requireList(listName).rename(itemId, newName);
    this.touch();
  }

  archiveListItem(listName: string, itemId: string): void {
    this.requireList(listName).archive(itemId);
    this.touch();
  }

  touch(): void {
    this.revision++;
  }

  requireEmployee(id: string): SimEmployee {
    const employee = this.byId.get(id);
    if (!employee) throw new SimNotFoundError(`no employee ${id}`);
    return employee;
  }

  private requireList(name: string): SimNamedList {
    const list = this.lists.get(name);
    if (!list) throw new SimNotFoundError(`no list ${name}`);
    return list;
  }

  private requireListItem(listName: string, itemId: string): void {
    if (!this.requireList(listName).item(itemId)) throw new SimNotFoundError(`list ${listName} has no item ${itemId}`);
  }

  /** Accepts an item id or a name; an unknown name becomes a new top-level item. */
  private findOrAddItem(listName: string, idOrName: string): string {
    const list = this.requireList(listName);
    const existing = list.item(idOrName) ?? list.itemByName(idOrName);
    if (existing) return existing.id;
    return list.add({ id: this.newListItemId(), name: idOrName, parentId: null, archived: false }).id;
  }

  private wouldCycle(id: string, newManagerId: string): boolean {
    for (let cursor: string | null = newManagerId; cursor !== null; cursor = this.byId.get(cursor)?.managerId ?? null) {
      if (cursor === id) return true;
    }
    return false;
  }

  private countReport(managerId: string | null, delta: number): void {
    if (managerId === null) return;
    this.directReports.set(managerId, (this.directReports.get(managerId) ?? 0) + delta);
  }

  private visibilityCache(): VisibilityCache {
    if (this.visibility?.revision === this.revision) return this.visibility;
    this.visibility = {
      revision: this.revision,
      all: this.employees,
      statusActive: this.employees.filter((employee) => employee.status === 'Active'),
      employedOnly: this.employees.filter((employee) => employee.lifecycleStatus === 'employed'),
    };
    return this.visibility;
  }
}
