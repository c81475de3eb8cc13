/**
 * Installs the Temporal runtime once per process: SDK logs go through our JSON logger, and
 * Temporal's own worker metrics are served in Prometheus format when a port is given.
 */
import { Runtime, makeTelemetryFilterString, type LogLevel, type LogMetadata, type Logger as SdkLogger } from '@temporalio/worker';
import type { Logger } from '../observability/logger';

let installed = false;

class PinoSdkLogger implements SdkLogger {
  constructor(private readonly logger: Logger) {}
  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method = ({ TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const)[level];
    this.logger[method]({ ...meta, component: 'temporal-sdk' }, message);
  }
  trace(message: string, meta?: LogMetadata) { this.log('TRACE', message, meta); }
  debug(message: string, meta?: LogMetadata) { this.log('DEBUG', message, meta); }
  info(message: string, meta?: LogMetadata) { this.log('INFO', message, meta); }
  warn(message: string, meta?: LogMetadata) { this.log('WARN', message, meta); }
  error(message: string, meta?: LogMetadata) { this.log('ERROR', message, meta); }
}

export interface RuntimeSettings {
  logger: Logger;
  /** Serve Temporal's runtime metrics at this address (e.g. 127.0.0.1:9464). */
  temporalMetricsAddress?: string;
}

export function installTemporalRuntime(settings: RuntimeSettings): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new PinoSdkLogger(settings.logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(settings.temporalMetricsAddress
        ? { metrics: { prometheus: { bindAddress: settings.temporalMetricsAddress } } }
        : {}),
    },
  });
}
