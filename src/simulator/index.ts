/**
 * The HiBob simulator: a local, seeded imitation of the parts of HiBob's API the connector
 * uses, with HiBob's quirks (empty 401s, silent field omission, WAF, rate limits, lost
 * submit responses) switchable for tests and benchmarks.
 */
export { startSimulator } from './server';
export type { RunningSimulator } from './server';
export type { SimAdmin } from './admin';
export { SimCompany } from './company';
export type { SimEmployee } from './company';
export type { SimListItem, SimNamedList } from './lists';
export type { SimTimeOffChange, SimTimeOffRequest, SimPolicyType } from './timeoff';
export { FIELDS, TEAM_FIELD_ID } from './fields';
export type {
  SimFaults,
  SimHireInput,
  SimPermissions,
  SimRateLimitOptions,
  SimResponseForm,
  SimServiceUser,
  SimStats,
  SimulatorOptions,
  SimWafOptions,
} from './types';
