import type { Migration } from 'kysely';
import * as connectionsAndSync from './2026_12_01_001_connections_and_sync';
import * as timeOffRequests from './2026_12_01_002_time_off_requests';
import * as workerCheckins from './2026_12_01_003_worker_checkins';

/**
 * Every migration, in order. Listed by hand (not read from the folder) so the set is
 * fixed at build time; names sort by date, and a name, once landed, never changes.
 */
export const migrations: Record<string, Migration> = {
  '2026_12_01_001_connections_and_sync': connectionsAndSync,
  '2026_12_01_002_time_off_requests': timeOffRequests,
  '2026_12_01_003_worker_checkins': workerCheckins,
};
