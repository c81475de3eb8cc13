/** The machine a result came from, so figures from different machines are not compared blindly. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { dirname, join } from 'node:path';
import type { BenchStack } from './stack';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  temporalCli: string;
  temporalSdk: string;
  postgres: string;
  postgresSource: string;
  date: string;
  /** 1-minute load average when the run started and ended: a busy machine shows here. */
  loadAverageStart: number;
  loadAverageEnd?: number;
}

export function describeMachine(stack: BenchStack): MachineInfo {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    temporalCli: stack.temporalCliVersion,
    temporalSdk: sdkVersion(),
    postgres: stack.postgresVersion,
    postgresSource: stack.postgresSource,
    date: new Date().toISOString(),
    loadAverageStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}

function sdkVersion(): string {
  try {
    const path = join(dirname(require.resolve('@temporalio/worker')), '..', 'package.json');
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
