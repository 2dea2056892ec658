import type { Kysely } from 'kysely';

/** A display name for each admin ("Alice Jones"), shown where ids alone said little (getMe, findAdmins, the CLI's tables). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('admins').addColumn('name', 'varchar(255)', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('admins').dropColumn('name').execute();
}
