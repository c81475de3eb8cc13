/**
 * One Prometheus endpoint for the worker: the connector's own metrics plus Temporal's
 * runtime metrics (which the Temporal runtime serves on an internal address of its own).
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(options: { port: number; registry: Registry; temporalMetricsUrl?: string }): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('see /metrics\n');
      return;
    }
    collect(options)
      .then((body) => res.writeHead(200, { 'Content-Type': options.registry.contentType }).end(body))
      .catch((error: Error) => res.writeHead(500).end(`metrics unavailable: ${error.message}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function collect(options: { registry: Registry; temporalMetricsUrl?: string }): Promise<string> {
  const ours = await options.registry.metrics();
  if (!options.temporalMetricsUrl) return ours;
  const temporal = await fetch(options.temporalMetricsUrl, { signal: AbortSignal.timeout(2000) })
    .then((r) => r.text())
    .catch(() => '# Temporal runtime metrics unavailable\n');
  return `${ours}\n${temporal}`;
}
