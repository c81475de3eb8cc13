/** Command-line flags of `npm run bench`; defaults are the full benchmark. */
import { loadConfig } from '../temporal.config';

export const SCENARIOS = ['sync', 'resync', 'ratelimit', 'timeoff', 'memory', 'simulator'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchArgs {
  sizes: number[];
  pageSize: number;
  /** Wave sizes tried for the baseline and the workflow's pageConcurrency ('default' = the schema default). */
  concurrencies: number[];
  timeOffRequests: number;
  timeOffInFlight: number;
  rateLimitEmployees: number;
  rateLimitPageSize: number;
  memorySize: number;
  scenarios: Set<Scenario>;
  warmup: boolean;
  out: string;
  /** Multiplies every time bound (slow machines). */
  timeoutScale: number;
  quick: boolean;
}

const HELP = `npm run bench -- [flags]

  --quick                   small sizes for a smoke run (2,000 employees, 40 time-off requests,
                            2,000 employees at page size 25 under the rate limit)
  --sizes 10000,50000       company sizes for the unlimited sync (alias: --employees N)
  --page-size 500           employees per page (default: SYNC_PAGE_SIZE's default)
  --concurrency 1,2         page waves tried for the baseline and the workflow (2 = workflow default)
  --timeoff 200             time-off requests for latency, and again for throughput
  --inflight 20             time-off requests in flight for the throughput figure
  --ratelimit-employees 5000 --ratelimit-page-size 50
                            company and page size for the sync under HiBob's 50 searches a minute
  --memory-size N           company size synced by the child-process worker (default: largest size)
  --only a,b  / --skip a,b  scenarios: ${SCENARIOS.join(', ')}
  --no-warmup               skip the small warm-up sync
  --timeout-scale 1         multiply every time bound
  --out bench/results/latest.json

Postgres: DATABASE_URL if set (its role must create databases), else the embedded engine.`;

function list(value: string, flag: string): number[] {
  const numbers = value.split(',').map((v) => Number(v.trim().replace(/_/g, '')));
  if (numbers.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${flag} takes positive integers, not "${value}"`);
  return numbers;
}

function scenarios(value: string, flag: string): Scenario[] {
  const names = value.split(',').map((v) => v.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`${flag}: unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  return names as Scenario[];
}

export function parseArgs(argv: string[]): BenchArgs {
  const defaultPageSize = loadConfig({}).sync.pageSize;
  const quick = argv.includes('--quick');
  const args: BenchArgs = {
    sizes: quick ? [2000] : [10_000, 50_000],
    pageSize: defaultPageSize,
    concurrencies: [1, 2],
    timeOffRequests: quick ? 40 : 200,
    timeOffInFlight: 20,
    rateLimitEmployees: quick ? 2000 : 5000,
    rateLimitPageSize: quick ? 25 : 50,
    memorySize: 0,
    scenarios: new Set(SCENARIOS),
    warmup: true,
    out: 'bench/results/latest.json',
    timeoutScale: 1,
    quick,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick':
        break;
      case '--help':
      case '-h':
        console.log(HELP);
        process.exit(0);
        break;
      case '--sizes':
      case '--employees':
        args.sizes = list(value(), flag);
        break;
      case '--page-size':
        args.pageSize = list(value(), flag)[0]!;
        break;
      case '--concurrency':
        args.concurrencies = [...new Set(list(value(), flag))];
        break;
      case '--timeoff':
        args.timeOffRequests = list(value(), flag)[0]!;
        break;
      case '--inflight':
        args.timeOffInFlight = list(value(), flag)[0]!;
        break;
      case '--ratelimit-employees':
        args.rateLimitEmployees = list(value(), flag)[0]!;
        break;
      case '--ratelimit-page-size':
        args.rateLimitPageSize = list(value(), flag)[0]!;
        break;
      case '--memory-size':
        args.memorySize = list(value(), flag)[0]!;
        break;
      case '--only':
        args.scenarios = new Set(scenarios(value(), flag));
        break;
      case '--skip':
        for (const s of scenarios(value(), flag)) args.scenarios.delete(s);
        break;
      case '--no-warmup':
        args.warmup = false;
        break;
      case '--timeout-scale':
        args.timeoutScale = Number(value());
        if (!(args.timeoutScale > 0)) throw new Error('--timeout-scale takes a positive number');
        break;
      case '--out':
        args.out = value();
        break;
      default:
        throw new Error(`Unknown flag ${flag}\n\n${HELP}`);
    }
  }
  if (args.pageSize > 5000) throw new Error('--page-size: SYNC_PAGE_SIZE allows at most 5000');
  if (args.concurrencies.some((c) => c > 16)) throw new Error('--concurrency: pageConcurrency allows at most 16');
  if (args.memorySize === 0) args.memorySize = Math.max(...args.sizes);
  return args;
}
