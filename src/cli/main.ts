/**
 * The `hibob` command line: one binary for operators (connect, sync, runs, time off),
 * for machines (`--json` everywhere) and for running the parts (worker, dev, simulator).
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './errors';
import { registerConnectionCommands } from './commands/connections';
import { registerDevCommand } from './commands/dev';
import { registerEmployeesCommand } from './commands/employees';
import { registerMigrateCommand } from './commands/migrate';
import { registerSetupCommand } from './commands/setup';
import { registerStatusCommand } from './commands/status';
import { registerSyncCommands } from './commands/sync';
import { registerTimeOffCommands } from './commands/timeoff';
import { registerSimulatorCommand } from './commands/simulator';
import { registerWorkerCommand } from './commands/worker';

export function buildProgram(): Command {
  const program = new Command('hibob')
    .description("Ravenna's HiBob connector: sync HiBob employees and groups, book time off, run the worker")
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerConnectionCommands(program);
  registerSyncCommands(program);
  registerStatusCommand(program);
  registerTimeOffCommands(program);
  registerEmployeesCommand(program);
  registerWorkerCommand(program);
  registerDevCommand(program);
  registerMigrateCommand(program);
  registerSetupCommand(program);
  registerSimulatorCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; a bad flag or argument is bad input.
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
      return;
    }
    throw error;
  }
}

if (require.main === module || process.argv[1]?.endsWith('hibob.cjs')) {
  void main(process.argv);
}
