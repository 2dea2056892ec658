import { sql, type Kysely } from 'kysely';
import { dialectFor } from '../dialect.js';

/**
 * Recurring actions: an action copied (as copyAction does) at each occurrence of an RFC 5545 rule.
 * `next_at` is the next occurrence still to make (null once the rule has no more); the scheduler finds
 * what is due by its index and claims each occurrence by moving `next_at` on, so two instances never
 * make the same copy.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectFor(db);
  let table = db.schema
    .createTable('recurrences')
    .addColumn('recurrence_id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('action_id', 'integer', (c) => c.notNull())
    .addColumn('rule', 'varchar(500)', (c) => c.notNull())
    .addColumn('starts', 'bigint', (c) => c.notNull())
    .addColumn('next_at', 'bigint')
    .addColumn('last_at', 'bigint')
    .addColumn('last_action_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('occurrences', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('modified', 'bigint', (c) => c.notNull());
  if (dialect === 'mysql') table = table.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  await table.execute();
  await db.schema.createIndex('recurrences_next_at_idx').on('recurrences').column('next_at').execute();
  await db.schema.createIndex('recurrences_project_idx').on('recurrences').columns(['project_id', 'action_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recurrences').execute();
}
