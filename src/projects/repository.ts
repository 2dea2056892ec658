import type { Kysely } from 'kysely';
import { onlyVisible, projectVisible } from '../access/visibility.js';
import { insertReturningId, lockRow } from '../db/dialect.js';
import type { Database, NewProjectRow, ProjectRow, ProjectUpdate } from '../db/types.js';
import type { Caller } from '../engine/method.js';

export function visibleProjects(db: Kysely<Database>, caller: Caller) {
  return onlyVisible(db.selectFrom('projects'), caller, (eb) => projectVisible(eb, caller));
}

export function findVisibleProject(db: Kysely<Database>, caller: Caller, projectId: number): Promise<ProjectRow | undefined> {
  return visibleProjects(db, caller).selectAll('projects').where('projects.project_id', '=', projectId).executeTakeFirst();
}

export function insertProject(db: Kysely<Database>, row: NewProjectRow): Promise<number> {
  return insertReturningId(db, 'projects', row as Record<string, unknown>, 'project_id');
}

export async function updateProjectRow(db: Kysely<Database>, projectId: number, changes: ProjectUpdate): Promise<void> {
  await db.updateTable('projects').set(changes).where('project_id', '=', projectId).execute();
}

/** Records that something in the project changed (`activity`). */
export async function touchProject(db: Kysely<Database>, projectId: number, now: number): Promise<void> {
  await db.updateTable('projects').set({ activity: now }).where('project_id', '=', projectId).execute();
}

/** Deletes a project and all that belongs to it; returns the blob keys of its files, to delete once committed. */
export async function deleteProjectCascade(db: Kysely<Database>, projectId: number): Promise<string[]> {
  const blobs = await db.selectFrom('files').select('blob_key').where('project_id', '=', projectId).execute();
  for (const table of ['timelogs', 'timelog_totals', 'ticketxrefs', 'files', 'topics', 'recurrences', 'actions', 'action_children'] as const) {
    await db.deleteFrom(table).where('project_id', '=', projectId).execute();
  }
  await db.deleteFrom('projects').where('project_id', '=', projectId).execute();
  return blobs.map((b) => b.blob_key);
}

/** Serialises writes that recompute a project's roll-ups (completion, dates, counts, elapsed). */
export function lockProject(db: Kysely<Database>, projectId: number): Promise<void> {
  return lockRow(db, 'projects', 'project_id', projectId);
}
