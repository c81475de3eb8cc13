import { sql, type Kysely } from 'kysely';

// Migrations are forward-only: `down` is deliberately absent.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hibob_connections')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('service_user_id', 'text', (c) => c.notNull())
    .addColumn('token_ciphertext', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'auth_failed', 'disabled')`))
    .addColumn('group_lists', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{department}'`))
    .addColumn('sync_interval', 'text', (c) => c.notNull().defaultTo('1h'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_verified_at', 'timestamptz')
    .addColumn('last_sync_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();

  await db.schema
    .createTable('hibob_employees')
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('hibob_connections.id').onDelete('cascade'))
    .addColumn('hibob_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('display_name', 'text')
    .addColumn('first_name', 'text')
    .addColumn('surname', 'text')
    .addColumn('job_title', 'text')
    .addColumn('department_id', 'text')
    .addColumn('department_name', 'text')
    .addColumn('manager_hibob_id', 'text')
    .addColumn('status', 'text')
    .addColumn('lifecycle_status', 'text')
    .addColumn('hire_date', 'date')
    .addColumn('site', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_sync_id', 'uuid', (c) => c.notNull())
    .addColumn('removed_at', 'timestamptz')
    .addPrimaryKeyConstraint('hibob_employees_pkey', ['connection_id', 'hibob_id'])
    .execute();
  await db.schema.createIndex('hibob_employees_email_idx').on('hibob_employees').columns(['connection_id', 'email']).execute();

  await db.schema
    .createTable('hibob_groups')
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('hibob_connections.id').onDelete('cascade'))
    .addColumn('list_name', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_item_id', 'text')
    .addColumn('archived', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_sync_id', 'uuid', (c) => c.notNull())
    .addColumn('removed_at', 'timestamptz')
    .addPrimaryKeyConstraint('hibob_groups_pkey', ['connection_id', 'list_name', 'item_id'])
    .execute();

  await db.schema
    .createTable('hibob_sync_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('hibob_connections.id').onDelete('cascade'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('initial', 'schedule', 'manual', 'reconnect')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'partial', 'failed')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('pages_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pages_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('employees_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('employees_changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('employees_removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('groups_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('groups_changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('groups_removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warnings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('hibob_sync_runs_connection_idx').on('hibob_sync_runs').columns(['connection_id', 'started_at']).execute();
  // A run id is begun once per workflow run, whatever the retries of the activity that begins it.
  await db.schema.createIndex('hibob_sync_runs_run_id_key').on('hibob_sync_runs').column('run_id').unique().execute();

  await db.schema
    .createTable('hibob_sync_pages')
    .addColumn('sync_run_id', 'uuid', (c) => c.notNull().references('hibob_sync_runs.id').onDelete('cascade'))
    .addColumn('page_index', 'integer', (c) => c.notNull())
    .addColumn('hibob_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addColumn('employees_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('employees_changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('missing_fields', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addPrimaryKeyConstraint('hibob_sync_pages_pkey', ['sync_run_id', 'page_index'])
    .execute();

  await db.schema
    .createTable('hibob_sync_group_snapshots')
    .addColumn('sync_run_id', 'uuid', (c) => c.notNull().references('hibob_sync_runs.id').onDelete('cascade'))
    .addColumn('list_name', 'text', (c) => c.notNull())
    .addColumn('item_ids', sql`text[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint('hibob_sync_group_snapshots_pkey', ['sync_run_id', 'list_name'])
    .execute();
}
