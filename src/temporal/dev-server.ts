/**
 * Supervises `temporal server start-dev`: the real Temporal server (with SQLite and the
 * UI) that tests and the `dev` command run against. We start it ourselves rather than
 * through the SDK's createLocal, which gives a server only 5 seconds to come up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { searchAttributeNames } from '../../temporal.config';
import { provisionTemporalCli } from './cli-provision';

/** Every search attribute the connector sets, with its Temporal type. */
export const CONNECTOR_SEARCH_ATTRIBUTES: Record<string, 'Keyword'> = {
  [searchAttributeNames.connectionId]: 'Keyword',
  [searchAttributeNames.syncTrigger]: 'Keyword',
  [searchAttributeNames.employeeId]: 'Keyword',
  [searchAttributeNames.policyType]: 'Keyword',
};

export interface DevServerOptions {
  /** gRPC port; 0 picks a free one. */
  port?: number;
  /** UI port; defaults to port + 1000 as the CLI does. Ignored when ui is false. */
  uiPort?: number;
  ui?: boolean;
  /** Keep state in this SQLite file (in memory without it). */
  dbFilename?: string;
  namespace?: string;
  cliPath?: string;
  readinessTimeoutMs?: number;
  /** Extra `--dynamic-config-value KEY=JSON` settings. */
  dynamicConfig?: Record<string, unknown>;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Where the server's own output goes; defaults to dropped. */
  onOutput?: (chunk: string) => void;
}

export interface RunningDevServer {
  address: string;
  uiUrl?: string;
  namespace: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDevServer(options: DevServerOptions = {}): Promise<RunningDevServer> {
  const cliPath = options.cliPath ?? (await provisionTemporalCli()).path;
  const port = options.port || (await findFreePort());
  const ui = options.ui ?? false;
  const uiPort = ui ? options.uiPort || (await findFreePort()) : undefined;
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${port}`;

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace];
  args.push('--log-level', options.logLevel ?? 'warn');
  if (ui) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  for (const [name, type] of Object.entries(CONNECTOR_SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }

  const child = spawn(cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // If this process exits without stopping us (an exit hook calling process.exit on Ctrl-C,
  // a crash), the server must not outlive it: 'exit' handlers may only do synchronous work.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-8000);
    options.onOutput?.(text);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  const server: RunningDevServer = {
    address,
    uiUrl: ui ? `http://127.0.0.1:${uiPort}` : undefined,
    namespace,
    process: child,
    stop: () => stopProcess(child),
  };
  try {
    await waitUntilReady(address, namespace, child, options.readinessTimeoutMs ?? 60_000, () => output);
    await ensureSearchAttributes(address, namespace);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Polls GetSystemInfo until the server answers; fails fast if the process exits. */
async function waitUntilReady(
  address: string,
  namespace: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`temporal server start-dev exited with code ${exited}:\n${output()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await sleep(250);
    }
  }
  throw new Error(`Temporal dev server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}\n${output()}`);
}

/**
 * Search attributes passed on the command line are only registered when the namespace is
 * created, so a server reusing an older db file may lack some: add whatever is missing.
 * Also used by `hibob setup` against a real Temporal server.
 */
export async function ensureSearchAttributes(address: string, namespace: string, connection?: Connection): Promise<string[]> {
  const conn = connection ?? (await Connection.connect({ address }));
  try {
    const existing = await conn.operatorService.listSearchAttributes({ namespace });
    const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
    const missing = Object.keys(CONNECTOR_SEARCH_ATTRIBUTES).filter((name) => !known.has(name));
    if (missing.length > 0) {
      await conn.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(
          missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
        ),
      });
    }
    return missing;
  } finally {
    if (!connection) await conn.close();
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killTimer);
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `port` when nothing listens on it, else any free port: for local tools with a customary port. */
export async function preferredPort(port: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  return free ? port : findFreePort();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
