/**
 * docker-compose.yml, read as data (no Docker engine needed): the services and their
 * wiring, and that the worker's environment is exactly the connector's configuration
 * (temporal.config.ts) and its search attributes exactly the connector's.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { envSchema, loadConfig, searchAttributeNames } from '../temporal.config';

const root = join(__dirname, '..');

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number })[];
  healthcheck?: { test?: string | string[]; interval?: string; retries?: number; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  entrypoint?: string | string[];
  command?: string | string[];
  restart?: string;
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  assert.ok(found, `docker-compose.yml has a "${name}" service`);
  return found;
}

/** `environment` as a map, whichever form (map or KEY=value list) the file uses. */
function environment(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/**
 * Compose's variable substitution: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, `$VAR` and `$$`. Throws what `docker compose` would
 * print for a required variable that is missing.
 */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, name, colon, op, arg, bare) => {
    if (match === '$$') return '$';
    if (bare) return env[bare] ?? '';
    const current = env[name as string];
    const missing = colon ? current === undefined || current === '' : current === undefined;
    if (!op) return current ?? '';
    if (op === '-') return missing ? (arg as string) : current!;
    if (missing) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    return current!;
  });
}

function dependsOn(svc: Service): Record<string, string> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d.condition ?? 'service_started']));
}

/** Container ports published, as { container: host } (host part without the bind address). */
function publishedPorts(svc: Service, env: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const port of svc.ports ?? []) {
    if (typeof port === 'object') {
      result[String(port.target)] = String(port.published ?? port.target);
      continue;
    }
    const parts = interpolate(String(port), env).split(':');
    const container = parts.at(-1)!.replace(/\/(tcp|udp)$/, '');
    result[container] = parts.length >= 2 ? parts.at(-2)! : container;
  }
  return result;
}

function healthTest(svc: Service): string {
  const check = svc.healthcheck;
  assert.ok(check && !check.disable && check.test, 'has a health check');
  const testCmd = Array.isArray(check.test) ? check.test : ['CMD-SHELL', check.test];
  assert.ok(['CMD', 'CMD-SHELL'].includes(testCmd[0]!), `health check test starts with CMD or CMD-SHELL: ${testCmd[0]}`);
  return testCmd.slice(1).join(' ');
}

function args(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : value.split(/\s+/).filter(Boolean);
}

/** Values of a repeated flag (`--name A --name B`, or `--name=A`). */
function flagValues(argv: string[], flag: string): string[] {
  const values: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === flag && i + 1 < argv.length) values.push(argv[i + 1]!);
    else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  });
  return values;
}

// What a user's shell provides: only the one required variable.
const userEnv = { CONNECTOR_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const TEMPORAL_PORT = '7233';

describe('docker-compose.yml', () => {
  test('has PostgreSQL, Temporal, its setup, the UI and the worker', () => {
    assert.deepEqual(Object.keys(services).sort(), ['postgres', 'temporal', 'temporal-setup', 'temporal-ui', 'worker']);
  });

  test('PostgreSQL 16 keeps its data in a named volume and has a health check', () => {
    const pg = service('postgres');
    assert.match(pg.image ?? '', /^postgres:16(\.|-|$)/);
    const mounts = (pg.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    const data = mounts.find((m) => m.endsWith(':/var/lib/postgresql/data'));
    assert.ok(data, 'a volume is mounted at /var/lib/postgresql/data');
    const volumeName = data.split(':')[0]!;
    assert.ok(compose.volumes && volumeName in compose.volumes, `volume ${volumeName} is declared at the top level`);
    assert.match(healthTest(pg), /pg_isready/);
    const env = environment(pg);
    for (const key of ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB']) assert.ok(env[key], `postgres sets ${key}`);
  });

  test('Temporal runs on that PostgreSQL (auto-setup, postgres12), publishes 7233 and has a health check', () => {
    const temporal = service('temporal');
    assert.match(temporal.image ?? '', /^temporalio\/auto-setup:\d+\.\d+\.\d+$/, 'a pinned auto-setup image');
    const env = environment(temporal);
    const pgEnv = environment(service('postgres'));
    assert.equal(env.DB, 'postgres12');
    assert.equal(env.DB_PORT, '5432');
    assert.equal(env.POSTGRES_SEEDS, 'postgres', 'POSTGRES_SEEDS names the postgres service');
    assert.equal(interpolate(env.POSTGRES_USER!, userEnv), interpolate(pgEnv.POSTGRES_USER!, userEnv));
    assert.equal(interpolate(env.POSTGRES_PWD!, userEnv), interpolate(pgEnv.POSTGRES_PASSWORD!, userEnv));
    assert.equal(publishedPorts(temporal, userEnv)[TEMPORAL_PORT], TEMPORAL_PORT);
    assert.match(healthTest(temporal), /\btemporal operator (cluster health|namespace describe)\b/);
    assert.deepEqual(dependsOn(temporal), { postgres: 'service_healthy' });
  });

  test('the Temporal UI talks to the server and publishes 8080', () => {
    const ui = service('temporal-ui');
    assert.match(ui.image ?? '', /^temporalio\/ui:\d+\.\d+\.\d+$/, 'a pinned UI image');
    assert.equal(environment(ui).TEMPORAL_ADDRESS, `temporal:${TEMPORAL_PORT}`);
    assert.equal(publishedPorts(ui, userEnv)['8080'], '8080');
    assert.deepEqual(dependsOn(ui), { temporal: 'service_healthy' });
  });

  test('temporal-setup registers exactly the search attributes of temporal.config.ts, all Keyword, in the worker namespace', () => {
    const setup = service('temporal-setup');
    assert.match(setup.image ?? '', /^temporalio\/admin-tools:/);
    assert.deepEqual(dependsOn(setup), { temporal: 'service_healthy' });
    assert.notEqual(setup.restart, 'always', 'a one-shot job');
    assert.notEqual(setup.restart, 'unless-stopped', 'a one-shot job');
    const argv = [...args(setup.entrypoint), ...args(setup.command)].map((a) => interpolate(a, userEnv));
    assert.deepEqual(argv.slice(0, 4), ['temporal', 'operator', 'search-attribute', 'create']);
    const names = flagValues(argv, '--name');
    const types = flagValues(argv, '--type');
    assert.deepEqual([...names].sort(), Object.values(searchAttributeNames).sort());
    assert.deepEqual(types, names.map(() => 'Keyword'));
    assert.deepEqual(flagValues(argv, '--address'), [`temporal:${TEMPORAL_PORT}`]);
    const workerEnv = environment(service('worker'));
    const namespace = loadConfig(Object.fromEntries(Object.entries(workerEnv).map(([k, v]) => [k, interpolate(v, userEnv)]))).temporal.namespace;
    assert.deepEqual(flagValues(argv, '--namespace'), [namespace]);
    assert.equal(interpolate(environment(service('temporal')).DEFAULT_NAMESPACE ?? 'default', userEnv), namespace, 'auto-setup creates that namespace');
  });

  test('the worker is built from the Dockerfile and starts after its dependencies are ready', () => {
    const worker = service('worker');
    const build = typeof worker.build === 'string' ? { context: worker.build } : worker.build;
    assert.ok(build, 'the worker is built');
    assert.equal(build.context, '.');
    assert.equal(build.dockerfile ?? 'Dockerfile', 'Dockerfile');
    assert.deepEqual(dependsOn(worker), {
      postgres: 'service_healthy',
      temporal: 'service_healthy',
      'temporal-setup': 'service_completed_successfully',
    });
  });

  test("every variable the worker sets is one of temporal.config.ts's, and the required ones are set", () => {
    const env = environment(service('worker'));
    const known = new Set(Object.keys(envSchema.shape));
    const unknown = Object.keys(env).filter((name) => !known.has(name));
    assert.deepEqual(unknown, [], `variables the connector does not read: ${unknown.join(', ')}`);
    for (const required of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'CONNECTOR_ENCRYPTION_KEY']) {
      assert.ok(env[required], `the worker sets ${required}`);
    }
    for (const expected of ['TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'HIBOB_BASE_URL', 'LOG_LEVEL', 'METRICS_PORT']) {
      assert.ok(expected in env, `the worker sets ${expected}`);
    }
  });

  test('CONNECTOR_ENCRYPTION_KEY comes from the user, and compose refuses to start without it', () => {
    const env = environment(service('worker'));
    assert.match(env.CONNECTOR_ENCRYPTION_KEY!, /^\$\{CONNECTOR_ENCRYPTION_KEY:\?[^}]+\}$/);
    assert.throws(() => interpolate(env.CONNECTOR_ENCRYPTION_KEY!, {}), /CONNECTOR_ENCRYPTION_KEY/);
    assert.equal(interpolate(env.CONNECTOR_ENCRYPTION_KEY!, userEnv), userEnv.CONNECTOR_ENCRYPTION_KEY);
  });

  test("the worker's environment, as compose resolves it, is a valid configuration pointing at the compose services", () => {
    const workerEnv = environment(service('worker'));
    const resolved = Object.fromEntries(Object.entries(workerEnv).map(([k, v]) => [k, interpolate(v, userEnv)]));
    const config = loadConfig(resolved);
    assert.equal(config.temporal.address, `temporal:${TEMPORAL_PORT}`);
    assert.equal(config.temporal.tls, false);
    assert.ok(config.encryptionKey, 'the key decodes to 32 bytes');

    const db = new URL(config.databaseUrl);
    const pgEnv = Object.fromEntries(Object.entries(environment(service('postgres'))).map(([k, v]) => [k, interpolate(v, userEnv)]));
    assert.equal(db.hostname, 'postgres');
    assert.equal(db.port || '5432', '5432');
    assert.equal(decodeURIComponent(db.username), pgEnv.POSTGRES_USER);
    assert.equal(decodeURIComponent(db.password), pgEnv.POSTGRES_PASSWORD);
    assert.equal(db.pathname, `/${pgEnv.POSTGRES_DB}`, 'the database the postgres service creates');
    assert.notEqual(pgEnv.POSTGRES_DB, 'temporal', 'not the database Temporal keeps its own tables in');

    if (config.metricsPort !== undefined) {
      assert.equal(publishedPorts(service('worker'), userEnv)[String(config.metricsPort)], String(config.metricsPort), 'the metrics port is published');
    }
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  test('node:20-slim, npm ci from the lock file, runs the worker with its heap capped', () => {
    assert.match(instructions.find((l) => /^FROM\s/i.test(l)) ?? '', /^FROM\s+node:20-slim(\s|$)/i);
    assert.ok(instructions.some((l) => /^COPY\s+.*package-lock\.json/i.test(l)), 'copies package-lock.json');
    assert.ok(instructions.some((l) => /^RUN\s+.*\bnpm ci\b/i.test(l)), 'installs with npm ci');
    const cmd = instructions.filter((l) => /^CMD\s/i.test(l)).at(-1) ?? '';
    assert.deepEqual(JSON.parse(cmd.replace(/^CMD\s+/i, '')), ['node', '--max-old-space-size=192', 'bin/hibob.cjs', 'worker']);
    for (const needed of ['bin', 'src', 'temporal.config.ts']) {
      assert.ok(instructions.some((l) => /^COPY\s/i.test(l) && l.split(/\s+/).slice(1, -1).some((p) => p.replace(/\/$/, '') === needed)), `copies ${needed}`);
    }
  });

  test('.dockerignore keeps node_modules and .git out of the build context', () => {
    const file = join(root, '.dockerignore');
    assert.ok(existsSync(file), '.dockerignore exists');
    const patterns = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const pattern of ['node_modules', '.git']) assert.ok(patterns.includes(pattern), `.dockerignore lists ${pattern}`);
  });
});
