/**
 * The worker as deployed: `node bin/hibob.cjs worker`, configured only by environment
 * variables (temporal.config.ts), with its resident memory read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTimeout } from './util';

export interface ChildWorker {
  pid: number;
  taskQueue: string;
  /** Peak RSS so far (VmHWM), in MB; resettable with resetPeak. */
  memory(): { rssMb: number; hwmMb: number } | null;
  /** Resets VmHWM to the current RSS (Linux >= 4.0: write 5 to clear_refs). False when not allowed. */
  resetPeak(): boolean;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..');

/** How the child runs: the deployed command (heap capped, as `npm run worker` and the Dockerfile run it), or without the cap. */
export const WORKER_COMMANDS = {
  deployed: { label: 'node --max-old-space-size=192 bin/hibob.cjs worker', args: ['--max-old-space-size=192', join(ROOT, 'bin/hibob.cjs'), 'worker'] },
  uncapped: { label: 'node bin/hibob.cjs worker (no heap cap)', args: [join(ROOT, 'bin/hibob.cjs'), 'worker'] },
} as const;

export async function startChildWorker(
  env: Record<string, string>,
  readyTimeoutMs: number,
  command: keyof typeof WORKER_COMMANDS = 'deployed',
): Promise<ChildWorker> {
  // Only what the worker needs: nothing of this shell's own DATABASE_URL or similar leaks in.
  // NODE_OPTIONS and MALLOC_ARENA_MAX pass through, to measure memory settings.
  const passThrough = Object.fromEntries(['NODE_OPTIONS', 'MALLOC_ARENA_MAX'].flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...passThrough, ...env, LOG_LEVEL: 'info' };
  const child: ChildProcess = spawn(process.execPath, [...WORKER_COMMANDS[command].args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    child.once('exit', (code) => reject(new Error(`worker exited with code ${code} before it was ready:\n${output.slice(-4000)}`)));
  });
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-64_000);
    if (/"msg":"worker started"/.test(output)) readyResolve();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await withTimeout(ready, readyTimeoutMs, 'worker start (bundles the workflow code)');
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = child.pid!;
  return {
    pid,
    taskQueue: env.TEMPORAL_TASK_QUEUE!,
    memory: () => readMemory(pid),
    resetPeak() {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    stop,
  };
}

export function readMemory(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples RSS every `everyMs` until stopped; returns the highest sample. */
export function sampleRss(pid: number, everyMs = 200): { stop(): { maxRssMb: number; samples: number } } {
  let maxRssMb = 0;
  let samples = 0;
  const timer = setInterval(() => {
    const m = readMemory(pid);
    if (m && Number.isFinite(m.rssMb)) {
      samples += 1;
      maxRssMb = Math.max(maxRssMb, m.rssMb);
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { maxRssMb, samples };
    },
  };
}
