import { sql, type Kysely } from 'kysely';
import { dialectFor } from '../dialect.js';

/**
 * Browser sessions of the workspace. Only a SHA-256 of each token is kept, so a copy of the database
 * signs nobody in. Rows live in the database, not in a process, so every worker and instance knows
 * every session, and a restart signs nobody out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectFor(db);
  let table = db.schema
    .createTable('sessions')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('token_hash', 'char(64)', (c) => c.notNull().unique())
    .addColumn('admin_id', 'integer', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('idle_expires', 'bigint', (c) => c.notNull())
    .addColumn('expires', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('user_agent', 'varchar(255)', (c) => c.notNull().defaultTo(''));
  if (dialect === 'mysql') table = table.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  await table.execute();
  await db.schema.createIndex('sessions_admin_id').on('sessions').column('admin_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sessions').execute();
}
