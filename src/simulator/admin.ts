/**
 * Test-side control of a running simulator: HR events (hire, terminate, moves), list
 * edits, service users, faults and stats. The /_admin HTTP endpoints call these same methods.
 */
import type { ServerContext } from './context';
import type { SimTimeOffRequest } from './timeoff';
import type { SimFaults, SimHireInput, SimPermissions, SimServiceUser } from './types';

export interface SimAdmin {
  /** Returns the new employee's id. */
  hire(input: SimHireInput): string;
  terminate(id: string): void;
  moveDepartment(id: string, departmentId: string): void;
  changeManager(id: string, managerId: string | null): void;
  renameListItem(listName: string, itemId: string, newName: string): void;
  archiveListItem(listName: string, itemId: string): void;
  /** Adds the user, or replaces one with the same id. */
  addServiceUser(user: SimServiceUser): void;
  /** The old token answers 401 from now on; returns the new token ("Refresh token"). */
  revokeToken(serviceUserId: string): string;
  /** Replaces the user's permissions (unset properties fall back to the defaults). */
  setPermissions(serviceUserId: string, permissions: SimPermissions): void;
  /** Merges: faults not named keep their current value. */
  setFaults(faults: SimFaults): void;
  /** The faults in force, with counters as they have counted down. */
  faults(): Required<SimFaults>;
  resetStats(): void;
  /** Every request ever submitted, cancelled ones included (copies). */
  timeOffRequests(): SimTimeOffRequest[];
}

export function createAdmin(ctx: ServerContext): SimAdmin {
  const { company } = ctx;
  return {
    hire: (input) => company.hire(input).id,
    terminate: (id) => company.terminate(id),
    moveDepartment: (id, departmentId) => company.moveDepartment(id, departmentId),
    changeManager: (id, managerId) => company.changeManager(id, managerId),
    renameListItem: (listName, itemId, newName) => company.renameListItem(listName, itemId, newName),
    archiveListItem: (listName, itemId) => company.archiveListItem(listName, itemId),
    addServiceUser: (user) => ctx.users.add(user),
    revokeToken: (serviceUserId) => ctx.users.revokeToken(serviceUserId),
    setPermissions: (serviceUserId, permissions) => ctx.users.setPermissions(serviceUserId, permissions),
    setFaults: (faults) => ctx.faults.merge(faults),
    faults: () => ctx.faults.current(),
    resetStats: () => ctx.stats.reset(),
    timeOffRequests: () => company.timeOff.requests.map((request) => ({ ...request })),
  };
}
