/**
 * A whole connector for a test: the HiBob simulator, a fresh database, a worker on the
 * real dev server, and a `ConnectorContext` to connect and sync through the real client.
 */
import type { ConnectorContext } from '../../src/client/connections';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator';
import { createTestDatabase, startTestWorker, testConfig, type TestDatabase, type TestWorker } from './harness';

export const SERVICE_USER = { id: 'SERVICE-USER-RAVENNA', token: 'tok_test_5b1f0c9a7d2e4a61b8c3' } as const;

export interface TestConnector {
  sim: RunningSimulator;
  database: TestDatabase;
  worker: TestWorker;
  ctx: ConnectorContext;
  stop(): Promise<void>;
}

export async function startTestConnector(
  options: { simulator?: SimulatorOptions; env?: Record<string, string> } = {},
): Promise<TestConnector> {
  const sim = await startSimulator({
    employees: 120,
    seed: 7,
    serviceUsers: [{ id: SERVICE_USER.id, token: SERVICE_USER.token }],
    // Many syncs run back to back here; pacing under HiBob's real 50 a minute has tests of its own.
    rateLimits: { peopleSearch: 1000 },
    ...options.simulator,
  });
  const database = await createTestDatabase();
  const config = await testConfig(database.url, { HIBOB_BASE_URL: sim.baseUrl, SYNC_PAGE_SIZE: '25', ...options.env });
  const worker = await startTestWorker(config);
  return {
    sim,
    database,
    worker,
    ctx: { db: database.db, temporal: worker.client, config },
    async stop() {
      await worker.stop();
      await database.drop();
      await sim.close();
    },
  };
}
