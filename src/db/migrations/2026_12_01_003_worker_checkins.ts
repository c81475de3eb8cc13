import { sql, type Kysely } from 'kysely';

/** Workers record themselves here from the diagnostics workflow: proof they reach the database. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hibob_worker_checkins')
    .addColumn('worker_identity', 'text', (c) => c.primaryKey())
    .addColumn('task_queue', 'text', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}
