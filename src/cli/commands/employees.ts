/** `hibob employees`: list and search what the syncs stored. */
import type { Command } from 'commander';
import { sql } from 'kysely';
import { z } from 'zod';
import { withContext } from '../context';
import { action } from '../errors';
import { printJson, printTable } from '../output';
import { connectionIdArgument } from './connections';

export function registerEmployeesCommand(program: Command): void {
  program
    .command('employees')
    .description('List and search the employees a connection has synced')
    .argument('<connection>', 'connection id')
    .option('--search <text>', 'match in name, email or job title (case-insensitive)')
    .option('--department <name>', 'only this department')
    .option('--include-removed', 'also employees HiBob no longer lists')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print one JSON object')
    .action(
      action(async (rawId: string, options: { search?: string; department?: string; includeRemoved?: boolean; limit: string; json?: boolean }) => {
        const connectionId = connectionIdArgument.parse(rawId);
        const limit = z.coerce.number().int().min(1).max(10_000).parse(options.limit);
        const search = z.string().trim().max(200).optional().parse(options.search);
        await withContext(
          async ({ db }) => {
            let query = db
              .selectFrom('hibob_employees')
              .selectAll()
              .where('connection_id', '=', connectionId)
              .orderBy('display_name')
              .limit(limit);
            if (!options.includeRemoved) query = query.where('removed_at', 'is', null);
            if (options.department) query = query.where('department_name', '=', options.department);
            if (search) {
              // Parameters, never string concatenation: search text reaches SQL only as a bound value.
              const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
              query = query.where((eb) =>
                eb.or([
                  eb('display_name', 'ilike', pattern),
                  eb('email', 'ilike', pattern),
                  eb('job_title', 'ilike', pattern),
                  eb(sql<string>`hibob_id`, '=', search),
                ]),
              );
            }
            const employees = await query.execute();
            if (options.json) return printJson({ ok: true, employees });
            printTable(
              ['HiBob id', 'name', 'email', 'job title', 'department', 'manager', 'status', 'hired', 'removed'],
              employees.map((e) => [e.hibob_id, e.display_name, e.email, e.job_title, e.department_name, e.manager_hibob_id, e.lifecycle_status, e.hire_date, e.removed_at ? 'yes' : '']),
            );
          },
          { temporal: false },
        );
      }),
    );
}
