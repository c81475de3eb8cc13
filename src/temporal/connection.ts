/** Opens client and worker connections to Temporal from the one configuration. */
import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { ConnectorConfig } from '../../temporal.config';

type TlsSetting = boolean | { clientCertPair: { crt: Buffer; key: Buffer } };

async function tlsOptions(config: ConnectorConfig['temporal']): Promise<TlsSetting> {
  if (typeof config.tls === 'object') {
    const [crt, key] = await Promise.all([readFile(config.tls.clientCertPath), readFile(config.tls.clientKeyPath)]);
    return { clientCertPair: { crt, key } };
  }
  return config.tls;
}

export async function connectClient(config: ConnectorConfig['temporal']): Promise<Client> {
  const connection = await Connection.connect({
    address: config.address,
    tls: await tlsOptions(config),
    apiKey: config.apiKey,
  });
  return new Client({ connection, namespace: config.namespace });
}

export async function connectWorker(config: ConnectorConfig['temporal']): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.address,
    tls: await tlsOptions(config),
    apiKey: config.apiKey,
  });
}
