import type { Command } from 'commander';
import { loadConfig } from '../../../temporal.config';
import { ensureDatabaseExists, migrateToLatest, openDatabase } from '../../db/database';
import { action } from '../errors';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('Create the database if needed and apply pending migrations (also done on worker start)')
    .option('--json', 'print one JSON object')
    .action(
      action(async (options: { json?: boolean }) => {
        const config = loadConfig();
        const created = await ensureDatabaseExists(config.databaseUrl);
        const db = openDatabase(config.databaseUrl, { maxConnections: 1 });
        try {
          const applied = await migrateToLatest(db);
          if (options.json) console.log(JSON.stringify({ ok: true, databaseCreated: created, applied }));
          else console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'Database is up to date.');
        } finally {
          await db.destroy();
        }
      }),
    );
}
