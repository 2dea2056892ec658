import type { Kysely } from 'kysely';

/** Top-level and sibling lookups filter actions on project and parent together. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('actions_project_id_parent_action_id_idx').on('actions').columns(['project_id', 'parent_action_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('actions_project_id_parent_action_id_idx').on('actions').execute();
}
