import type { Command } from 'commander';
import { loadConfig } from '../../../temporal.config';
import { createConnectorWorker } from '../../worker';
import { action } from '../errors';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run the Temporal worker (workflows and activities) until SIGINT or SIGTERM')
    .action(
      action(async () => {
        const config = loadConfig();
        const worker = await createConnectorWorker({ config });
        await worker.run();
      }),
    );
}
