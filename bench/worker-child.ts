/**
 * `hibob worker` with one difference, for comparison in the memory figure: the workflow
 * code comes pre-built (BENCH_WORKFLOW_BUNDLE, bundled once by the benchmark) instead of
 * being bundled with webpack inside the worker at start-up. Same config, same activities.
 */
import { loadConfig } from '../temporal.config';
import { createConnectorWorker } from '../src/worker';

async function main(): Promise<void> {
  const workflowBundlePath = process.env.BENCH_WORKFLOW_BUNDLE;
  if (!workflowBundlePath) throw new Error('BENCH_WORKFLOW_BUNDLE is not set');
  const worker = await createConnectorWorker({ config: loadConfig(), workflowBundlePath });
  await worker.run();
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
