/**
 * The connector's tables as Kysely types. Table and column names are a public contract:
 * other Ravenna systems query them.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { SyncWarning } from '../shared/sync';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;
type Counter = ColumnType<number, number | undefined, number>;

export type ConnectionStatus = 'active' | 'auth_failed' | 'disabled';
export type SyncTrigger = 'initial' | 'schedule' | 'manual' | 'reconnect';
export type SyncRunStatus = 'running' | 'succeeded' | 'partial' | 'failed';
export type TimeOffRowStatus = 'pending' | 'submitted' | 'confirmed' | 'compensated' | 'failed';

export type { SyncWarning };

export interface HiBobConnectionsTable {
  id: Generated<string>;
  name: string;
  base_url: string;
  service_user_id: string;
  /** AES-256-GCM ciphertext of the token; never the token itself. */
  token_ciphertext: string;
  status: ConnectionStatus;
  /** Named lists synced as groups: `department` plus the lists used as teams. */
  group_lists: string[];
  /** Sync interval as a duration string such as `1h` or `30m`. */
  sync_interval: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  last_verified_at: NullableTimestamp;
  last_sync_at: NullableTimestamp;
  last_error: string | null;
}

export interface HiBobEmployeesTable {
  connection_id: string;
  hibob_id: string;
  email: string | null;
  display_name: string | null;
  first_name: string | null;
  surname: string | null;
  job_title: string | null;
  department_id: string | null;
  department_name: string | null;
  manager_hibob_id: string | null;
  status: string | null;
  lifecycle_status: string | null;
  /** YYYY-MM-DD (the `date` type is parsed as a string, never shifted by a time zone). */
  hire_date: string | null;
  site: string | null;
  content_hash: string;
  first_seen_at: Generated<Date>;
  updated_at: Timestamp;
  last_seen_sync_id: string;
  removed_at: NullableTimestamp;
}

export interface HiBobGroupsTable {
  connection_id: string;
  list_name: string;
  item_id: string;
  name: string;
  parent_item_id: string | null;
  archived: boolean;
  updated_at: Timestamp;
  last_seen_sync_id: string;
  removed_at: NullableTimestamp;
}

export interface HiBobSyncRunsTable {
  id: Generated<string>;
  connection_id: string;
  workflow_id: string;
  run_id: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  started_at: Generated<Date>;
  finished_at: NullableTimestamp;
  pages_total: Counter;
  pages_done: Counter;
  employees_seen: Counter;
  employees_changed: Counter;
  employees_removed: Counter;
  groups_seen: Counter;
  groups_changed: Counter;
  groups_removed: Counter;
  warnings: Json<SyncWarning[]>;
  error: string | null;
}

/** The employee ids of one sync, one row a page: kept here so the workflow history stays small. */
export interface HiBobSyncPagesTable {
  sync_run_id: string;
  page_index: number;
  hibob_ids: string[];
  completed_at: NullableTimestamp;
  employees_seen: Counter;
  employees_changed: Counter;
  missing_fields: ColumnType<string[], string[] | undefined, string[]>;
}

/** The item ids of one group list as one sync read it: what `finish` compares against. */
export interface HiBobSyncGroupSnapshotsTable {
  sync_run_id: string;
  list_name: string;
  item_ids: string[];
}

export interface HiBobTimeOffRequestsTable {
  id: Generated<string>;
  connection_id: string;
  idempotency_key: string;
  workflow_id: string;
  requested_by: string | null;
  employee_hibob_id: string | null;
  policy_type: string;
  start_date: string;
  end_date: string;
  start_portion: string;
  end_portion: string;
  description: string | null;
  hibob_request_id: string | null;
  status: TimeOffRowStatus;
  /** Set while a submit is in flight: if it is still set on a retry, HiBob may hold the request already. */
  submit_started_at: NullableTimestamp;
  error: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface HiBobWorkerCheckinsTable {
  worker_identity: string;
  task_queue: string;
  workflow_id: string;
  checked_in_at: Timestamp;
}

export interface Database {
  hibob_connections: HiBobConnectionsTable;
  hibob_employees: HiBobEmployeesTable;
  hibob_groups: HiBobGroupsTable;
  hibob_sync_runs: HiBobSyncRunsTable;
  hibob_sync_pages: HiBobSyncPagesTable;
  hibob_sync_group_snapshots: HiBobSyncGroupSnapshotsTable;
  hibob_time_off_requests: HiBobTimeOffRequestsTable;
  hibob_worker_checkins: HiBobWorkerCheckinsTable;
}

export type ConnectionRow = Selectable<HiBobConnectionsTable>;
export type NewConnectionRow = Insertable<HiBobConnectionsTable>;
export type ConnectionUpdate = Updateable<HiBobConnectionsTable>;
export type EmployeeRow = Selectable<HiBobEmployeesTable>;
export type GroupRow = Selectable<HiBobGroupsTable>;
export type SyncRunRow = Selectable<HiBobSyncRunsTable>;
export type TimeOffRow = Selectable<HiBobTimeOffRequestsTable>;
