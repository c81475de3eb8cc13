/**
 * Builds a deterministic company from a seed: the same seed and size always give the same
 * ids, names, emails, org chart and lists (only pre-hire start dates move with "today").
 */
import { SimCompany, statusFor, todayIso } from './company';
import type { SimEmployee } from './company';
import type { SimListItem, SimNamedList } from './lists';
import { pickFirstName, pickSurname } from './names';
import { createRandom, shuffle } from './prng';
import type { Random } from './prng';

export interface GenerateOptions {
  employees: number;
  seed: number;
  domain: string;
}

/** Department tree: [name, children]; the archived branch holds nobody. */
type TreeSpec = [name: string, children?: TreeSpec[], archived?: boolean];

const DEPARTMENTS: TreeSpec[] = [
  ['Executive'],
  ['Engineering', [
    ['Platform', [['Infrastructure'], ['Developer Experience']]],
    ['Product Engineering', [['Web'], ['Mobile']]],
    ['Quality Assurance'],
  ]],
  ['Sales', [['EMEA Sales'], ['North America Sales'], ['Sales Operations']]],
  ['Marketing', [['Brand'], ['Growth Marketing']]],
  ['Finance', [['Account Receivables'], ['Payroll']]],
  ['People', [['Talent Acquisition'], ['People Operations']]],
  ['Customer Success', [['Support'], ['Onboarding']]],
  ['Legacy Projects', [['Mainframe Migration']], true],
];

const TEAMS: TreeSpec[] = [
  ['Platform Squad', [['API'], ['Data']]],
  ['Payments'],
  ['Growth'],
  ['Mobile Apps'],
  ['Old Guard', [], true],
];

const CEO_TITLE = 'Chief Executive Officer';
const MANAGER_TITLES = ['Head of Department', 'Engineering Manager', 'Team Lead', 'Director', 'Sales Manager', 'Finance Manager'];
const INDIVIDUAL_TITLES = [
  'Accountant', 'Software Engineer', 'Senior Software Engineer', 'Product Designer', 'Product Manager',
  'Account Executive', 'Sales Development Representative', 'Marketing Specialist', 'Recruiter',
  'People Partner', 'Support Specialist', 'QA Engineer', 'Data Analyst', 'Site Reliability Engineer',
  'Customer Success Manager', 'Payroll Specialist',
];
/** Weighted: London and New York are the big offices. */
const SITES = ['London', 'London', 'London', 'New York', 'New York', 'Berlin', 'Tel Aviv', 'São Paulo', 'Remote'];
const PRONOUNS = ['she/her', 'he/him', 'they/them', null];
const NATIONALITIES = ['British', 'American', 'German', 'Israeli', 'Brazilian', 'Polish', 'Spanish', 'Chinese', 'Swedish', 'French'];

/** Managers get about this many direct reports, which keeps the tree ~log6(N) deep. */
const FAN_OUT = 6;
const SHARE_TERMINATED = 0.05;
const SHARE_PRE_HIRE = 0.02;
const SHARE_GARDEN_LEAVE = 0.01;
const SHARE_WITHOUT_EMAIL = 0.01;
const SHARE_UPPER_CASE_EMAIL = 0.15;

const DAY_MS = 86_400_000;
const FIRST_START = Date.UTC(2012, 0, 2);
/** Past start dates stop here so they stay in the past whatever day the tests run. */
const LAST_PAST_START = Date.UTC(2025, 5, 1);

export function generateCompany(options: GenerateOptions): SimCompany {
  const random = createRandom(options.seed);
  const company = new SimCompany(options.domain, createRandom(options.seed ^ 0x5bd1e995), 32_000_000 + random.int(1_000_000));
  addTreeList(company, 'department', DEPARTMENTS);
  addFlatList(company, 'title', [CEO_TITLE, ...MANAGER_TITLES, ...INDIVIDUAL_TITLES]);
  addFlatList(company, 'site', [...new Set(SITES)]);
  addTreeList(company, 'team', TEAMS);

  const count = Math.max(1, Math.floor(options.employees));
  const lifecycles = assignLifecycles(count, random);
  const withoutEmail = pickIndices(count, count > 1 ? Math.max(1, Math.round(count * SHARE_WITHOUT_EMAIL)) : 0, random);
  const managerIndex = assignManagers(lifecycles);
  const ids: string[] = [];
  const today = todayIso();
  for (let index = 0; index < count; index++) {
    const id = company.newEmployeeId();
    ids.push(id);
    const managerId = index === 0 ? null : ids[managerIndex[index]];
    company.addEmployee(createEmployee(company, random, {
      id, managerId, lifecycleStatus: lifecycles[index], hasEmail: !withoutEmail.has(index), today,
    }));
  }
  assignDepartments(company, random);
  assignTitles(company, random);
  return company;
}

function addTreeList(company: SimCompany, name: string, tree: TreeSpec[]): SimNamedList {
  const list = company.addList(name);
  const addLevel = (specs: TreeSpec[], parentId: string | null, parentArchived: boolean): void => {
    for (const [itemName, children = [], archived = false] of specs) {
      const item = list.add({ id: company.newListItemId(), name: itemName, parentId, archived: archived || parentArchived });
      addLevel(children, item.id, item.archived);
    }
  };
  addLevel(tree, null, false);
  return list;
}

function addFlatList(company: SimCompany, name: string, names: string[]): SimNamedList {
  return addTreeList(company, name, names.map((itemName): TreeSpec => [itemName]));
}

/** Exact shares (not coin flips), so even a small company has leavers and pre-hires. */
function assignLifecycles(count: number, random: Random): string[] {
  const lifecycles = new Array<string>(count).fill('employed');
  const others = shuffle(Array.from({ length: count - 1 }, (_, i) => i + 1), random);
  const terminated = Math.round(count * SHARE_TERMINATED);
  const preHires = Math.round(count * SHARE_PRE_HIRE);
  const gardenLeave = Math.round(count * SHARE_GARDEN_LEAVE);
  let cursor = 0;
  for (const [status, howMany] of [['terminated', terminated], ['hired', preHires], ['garden leave', gardenLeave]] as const) {
    for (let n = 0; n < howMany && cursor < others.length; n++) lifecycles[others[cursor++]] = status;
  }
  return lifecycles;
}

function pickIndices(count: number, howMany: number, random: Random): Set<number> {
  const candidates = shuffle(Array.from({ length: count - 1 }, (_, i) => i + 1), random);
  return new Set(candidates.slice(0, howMany));
}

/**
 * A FAN_OUT-ary tree over generation order (index 0 is the CEO). Nobody reports to a
 * leaver or a pre-hire: such a slot passes its reports up to the next working manager.
 */
function assignManagers(lifecycles: string[]): number[] {
  const managerIndex = new Array<number>(lifecycles.length).fill(-1);
  for (let index = 1; index < lifecycles.length; index++) {
    let candidate = Math.floor((index - 1) / FAN_OUT);
    while (statusFor(lifecycles[candidate]) !== 'Active') candidate = managerIndex[candidate];
    managerIndex[index] = candidate;
  }
  return managerIndex;
}

interface EmployeeSeed {
  id: string;
  managerId: string | null;
  lifecycleStatus: string;
  hasEmail: boolean;
  today: string;
}

function createEmployee(company: SimCompany, random: Random, seed: EmployeeSeed): SimEmployee {
  const firstName = pickFirstName(random);
  const surname = pickSurname(random);
  const email = company.makeEmail(firstName, surname, random.chance(SHARE_UPPER_CASE_EMAIL));
  const dates = pickDates(seed.lifecycleStatus, seed.managerId === null, seed.today, random);
  const partTime = random.chance(0.1);
  const teams = activeItems(company.list('team'));
  return {
    id: seed.id,
    firstName,
    surname,
    displayName: `${firstName} ${surname}`,
    email: seed.hasEmail ? email : null,
    titleId: null,
    departmentId: null,
    managerId: seed.managerId,
    siteId: company.list('site')?.itemByName(random.pick(SITES))?.id ?? null,
    teamId: random.chance(0.6) ? random.pick(teams).id : null,
    startDate: dates.startDate,
    terminationDate: dates.terminationDate,
    lifecycleStatus: seed.lifecycleStatus,
    status: statusFor(seed.lifecycleStatus),
    about: `Hi, I'm ${firstName}.`,
    contract: partTime ? 'Part time' : 'Full time',
    weeklyHours: partTime ? 24 : 40,
    pronouns: random.pick(PRONOUNS),
    nationality: random.pick(NATIONALITIES),
    salary: random.between(30, 180) * 1000,
  };
}

function pickDates(lifecycleStatus: string, isCeo: boolean, today: string, random: Random): { startDate: string; terminationDate: string | null } {
  const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  if (isCeo) return { startDate: isoDay(FIRST_START), terminationDate: null };
  if (lifecycleStatus === 'hired') {
    return { startDate: isoDay(Date.parse(`${today}T00:00:00Z`) + random.between(7, 120) * DAY_MS), terminationDate: null };
  }
  const span = Math.floor((LAST_PAST_START - FIRST_START) / DAY_MS);
  const start = FIRST_START + random.int(span) * DAY_MS;
  if (lifecycleStatus !== 'terminated') return { startDate: isoDay(start), terminationDate: null };
  const end = Math.min(start + random.between(90, 900) * DAY_MS, LAST_PAST_START);
  return { startDate: isoDay(start), terminationDate: isoDay(end) };
}

function activeItems(list: SimNamedList | undefined): SimListItem[] {
  return (list?.items ?? []).filter((item) => !item.archived);
}

/**
 * The CEO sits in Executive; the CEO's reports head the other top-level departments in
 * turn; everyone else lands somewhere inside their manager's top-level department.
 */
function assignDepartments(company: SimCompany, random: Random): void {
  const departments = company.list('department');
  if (!departments) return;
  const tops = departments.items.filter((item) => item.parentId === null && !item.archived);
  const executive = tops.find((item) => item.name === 'Executive') ?? tops[0];
  const otherTops = tops.filter((item) => item !== executive);
  const subtreeCache = new Map<string, SimListItem[]>();
  const activeSubtree = (topId: string): SimListItem[] => {
    let items = subtreeCache.get(topId);
    if (!items) {
      items = departments.subtree(topId).filter((item) => !item.archived);
      subtreeCache.set(topId, items);
    }
    return items;
  };
  let nextTop = 0;
  for (const employee of company.employees) {
    if (employee.managerId === null) {
      employee.departmentId = executive.id;
      continue;
    }
    const manager = company.requireEmployee(employee.managerId);
    if (manager.managerId === null) {
      employee.departmentId = otherTops[nextTop++ % otherTops.length].id;
      continue;
    }
    const top = departments.root(manager.departmentId ?? executive.id);
    employee.departmentId = random.pick(activeSubtree(top.id)).id;
  }
}

function assignTitles(company: SimCompany, random: Random): void {
  const titles = company.list('title');
  if (!titles) return;
  const idOf = (name: string): string | null => titles.itemByName(name)?.id ?? null;
  for (const employee of company.employees) {
    const name = employee.managerId === null ? CEO_TITLE
      : company.isManager(employee.id) ? random.pick(MANAGER_TITLES) : random.pick(INDIVIDUAL_TITLES);
    employee.titleId = idOf(name);
  }
}
