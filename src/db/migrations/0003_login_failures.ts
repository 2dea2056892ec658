import { sql, type Kysely } from 'kysely';
import { dialectFor } from '../dialect.js';

/**
 * Failed logins per (address, account), so that a good login forgets only its own account's failures:
 * before, it reset the address's whole count, and one valid account let its holder guess another's
 * password between good logins forever. `ip_bans` keeps the bans; its `failures` column now holds the
 * address's count as last written (a hint for the login path, the count a ban was made at for the CLI).
 */
export async function up(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable('login_failures')
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('username', 'varchar(64)', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_start', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('login_failures_pk', ['ip', 'username']);
  // Binary collation, as for every table: `Bob` and `bob` are two accounts.
  if (dialectFor(db) === 'mysql') table = table.modifyEnd(sql`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  await table.execute();
  // Failures counted before this migration carry no account: they stay counted against none.
  await db
    .insertInto('login_failures')
    .columns(['ip', 'username', 'failures', 'window_start'])
    .expression(db.selectFrom('ip_bans').select(['ip', sql.lit('').as('username'), 'failures', 'window_start']).where('banned_at', 'is', null).where('failures', '>', 0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
}
