/**
 * The HiBob simulator in a process of its own, as a remote HiBob would be: the worker and
 * the baseline pay for HTTP and JSON on their side only, and the simulator's own work
 * runs on the other core. Options come as JSON in argv; it answers one IPC message when
 * listening, and stops on SIGTERM. Stats are read over its admin API (GET /_admin/stats).
 */
import { startSimulator, type SimulatorOptions } from '../src/simulator';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorOptions;
  const sim = await startSimulator(options);
  process.send?.({ type: 'ready', baseUrl: sim.baseUrl, adminUrl: sim.adminUrl, employees: sim.company.employees.length });
  const stop = () => {
    void sim.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
