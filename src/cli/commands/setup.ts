/** `hibob setup`: prepares a real Temporal namespace and database for the connector. */
import type { Connection } from '@temporalio/client';
import type { Command } from 'commander';
import { loadConfig } from '../../../temporal.config';
import { ensureDatabaseExists, migrateToLatest, openDatabase } from '../../db/database';
import { connectClient } from '../../temporal/connection';
import { CONNECTOR_SEARCH_ATTRIBUTES, ensureSearchAttributes } from '../../temporal/dev-server';
import { action } from '../errors';
import { printJson } from '../output';

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description("Register the connector's search attributes in the Temporal namespace and migrate the database")
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: { json?: boolean }) => {
        const config = loadConfig();
        const client = await connectClient(config.temporal);
        let added: string[];
        try {
          added = await ensureSearchAttributes(config.temporal.address, config.temporal.namespace, client.connection as Connection);
        } finally {
          await client.connection.close();
        }
        await ensureDatabaseExists(config.databaseUrl);
        const db = openDatabase(config.databaseUrl, { maxConnections: 1 });
        const applied = await migrateToLatest(db).finally(() => db.destroy());
        if (options.json) return printJson({ ok: true, searchAttributesAdded: added, searchAttributes: Object.keys(CONNECTOR_SEARCH_ATTRIBUTES), migrationsApplied: applied });
        console.log(`Search attributes: ${Object.keys(CONNECTOR_SEARCH_ATTRIBUTES).join(', ')} (${added.length ? `added ${added.join(', ')}` : 'all present'})`);
        console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
      }),
    );
}
