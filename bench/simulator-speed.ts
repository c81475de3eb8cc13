/**
 * The HiBob simulator's own speed: tests and the demo lean on it, so a people search over
 * a large company must answer well under a second.
 */
import { startSimulator } from '../src/simulator';
import { elapsedMs, now } from './util';

export interface SimulatorSpeed {
  employees: number;
  generateMs: number;
  /** Ids of every employee (`fields: ["root.id"]`, showInactive): the sync's listing call. */
  listAllIdsMedianMs: number;
  /** A full sync page: the sync's fields for 500 ids, humanReadable APPEND. */
  batchOf500MedianMs: number;
  samples: number;
}

const USER = { id: 'BENCH-SIM', token: 'bench_sim_token' };

export async function measureSimulatorSpeed(employees: number, samples = 10): Promise<SimulatorSpeed> {
  const started = now();
  const sim = await startSimulator({ employees, seed: 5, serviceUsers: [USER], rateLimits: { peopleSearch: 1_000_000, default: 1_000_000 } });
  const generateMs = elapsedMs(started);
  const auth = `Basic ${Buffer.from(`${USER.id}:${USER.token}`).toString('base64')}`;
  const search = async (body: unknown) => {
    const t = now();
    const res = await fetch(`${sim.baseUrl}/people/search`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as { employees: unknown[] };
    if (!res.ok || !Array.isArray(json.employees)) throw new Error(`search answered ${res.status}`);
    return { ms: elapsedMs(t), count: json.employees.length };
  };
  try {
    const ids = sim.company.employees.map((e) => e.id);
    const listTimes: number[] = [];
    const batchTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      const all = await search({ fields: ['root.id'], showInactive: true });
      if (all.count !== employees) throw new Error(`listed ${all.count} of ${employees}`);
      listTimes.push(all.ms);
      const offset = (i * 500) % Math.max(1, employees - 500);
      const batch = await search({
        fields: ['root.id', 'root.email', 'root.displayName', 'root.firstName', 'root.surname', 'work.title', 'work.department', 'work.reportsTo', 'work.startDate', 'work.site', 'internal.status', 'internal.lifecycleStatus'],
        filters: [{ fieldPath: 'root.id', operator: 'equals', values: ids.slice(offset, offset + 500) }],
        showInactive: true,
        humanReadable: 'APPEND',
      });
      batchTimes.push(batch.ms);
    }
    return { employees, generateMs: Math.round(generateMs), listAllIdsMedianMs: median(listTimes), batchOf500MedianMs: median(batchTimes), samples };
  } finally {
    await sim.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}
