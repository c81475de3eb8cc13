/**
 * `hibob simulator`: runs the HiBob simulator in the foreground until SIGINT/SIGTERM, so
 * the worker (or curl) can be pointed at a local HiBob. Prints service user ids, never tokens.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { startSimulator } from '../../simulator';
import type { SimServiceUser } from '../../simulator';

/** Exit code for unusable command-line input. */
const EXIT_USAGE = 2;

const serviceUserSpec = z.string().regex(/^[^:\s]+:\S+$/, 'a service user must be given as ID:TOKEN');

const optionsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535),
  host: z.string().min(1),
  employees: z.coerce.number().int().min(1).max(1_000_000),
  seed: z.coerce.number().int(),
  serviceUser: z.array(serviceUserSpec),
  submitReturnsId: z.boolean(),
  json: z.boolean(),
});

type SimulatorCliOptions = z.infer<typeof optionsSchema>;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** "ID:TOKEN" -> a service user with every permission (the token may itself contain ':'). */
function toServiceUser(spec: string): SimServiceUser {
  const colon = spec.indexOf(':');
  return { id: spec.slice(0, colon), token: spec.slice(colon + 1) };
}

function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function runSimulator(options: SimulatorCliOptions): Promise<void> {
  const serviceUsers = options.serviceUser.map(toServiceUser);
  const simulator = await startSimulator({
    port: options.port,
    host: options.host,
    employees: options.employees,
    seed: options.seed,
    serviceUsers,
    submitReturnsId: options.submitReturnsId,
  });
  const ids = serviceUsers.map((user) => user.id);
  if (options.json) {
    console.log(JSON.stringify({ baseUrl: simulator.baseUrl, adminUrl: simulator.adminUrl, serviceUsers: ids }));
  } else {
    console.log(`HiBob simulator: ${options.employees} employees (seed ${options.seed})`);
    console.log(`  base URL:  ${simulator.baseUrl}`);
    console.log(`  admin URL: ${simulator.adminUrl}`);
    console.log(ids.length > 0
      ? `  service users: ${ids.join(', ')}`
      : '  no service users: every call answers 401 until one is added (--service-user ID:TOKEN or POST /_admin/service-users)');
    console.log('Press Ctrl+C to stop.');
  }
  await waitForShutdownSignal();
  await simulator.close();
}

export function registerSimulatorCommand(program: Command): void {
  program
    .command('simulator')
    .description('Run a local HiBob API simulator with a generated company')
    .option('--port <port>', 'port to listen on (0 = a random free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--employees <count>', 'number of employees to generate', '250')
    .option('--seed <seed>', 'seed for the generated company', '1')
    .option('--service-user <id:token>', 'accept this service user, with every permission (repeatable)', collect, [])
    .option('--submit-returns-id', 'time-off submit answers 201 {"id"} instead of 200 with an empty body', false)
    .option('--json', 'print one JSON line {baseUrl, adminUrl, serviceUsers} on start', false)
    .action(async (raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        console.error(`simulator: invalid options\n${z.prettifyError(parsed.error)}`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      await runSimulator(parsed.data);
    });
}
