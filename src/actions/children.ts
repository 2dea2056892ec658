import { sql, type Kysely } from 'kysely';
import { addToCounters } from '../db/dialect.js';
import type { Database } from '../db/types.js';

type Db = Kysely<Database>;

/**
 * What a parent rolls up from its direct children, kept per parent in `action_children` (parent 0 is
 * a project's top level) so a roll-up reads one row per ancestor instead of every sibling: each write
 * that adds, removes, moves or re-completes an action adds its difference here, in its transaction.
 */
export interface ChildStats {
  count: number;
  completeSum: number;
  earliestStart: number | null;
  latestFinish: number | null;
}

/** Adds `children` (±1 or 0) and `completeSum` to a parent's kept stats. */
export async function addChildren(db: Db, projectId: number, parentActionId: number, children: number, completeSum: number): Promise<void> {
  if (children === 0 && completeSum === 0) return;
  const row = { project_id: projectId, parent_action_id: parentActionId, children, complete_sum: completeSum };
  await addToCounters(db, 'action_children', ['project_id', 'parent_action_id'], [row], ['children', 'complete_sum']);
}

/**
 * A parent's kept count and completion sum; with `dates`, its children's date range too, each end one
 * index seek (actions_siblings_date_start_idx, actions_siblings_date_finish_idx).
 */
export async function childStats(db: Db, projectId: number, parentActionId: number, dates = true): Promise<ChildStats> {
  const kept = await db
    .selectFrom('action_children')
    .select(['children', 'complete_sum'])
    .where('project_id', '=', projectId)
    .where('parent_action_id', '=', parentActionId)
    .executeTakeFirst();
  const count = Number(kept?.children ?? 0);
  const stats: ChildStats = { count, completeSum: Number(kept?.complete_sum ?? 0), earliestStart: null, latestFinish: null };
  if (!dates || count === 0) return stats;
  const siblings = (column: 'date_start' | 'date_finish', fn: 'min' | 'max') =>
    db
      .selectFrom('actions')
      .select(sql<number | null>`${sql.raw(fn)}(${sql.ref(column)})`.as('v'))
      .where('project_id', '=', projectId)
      .where('parent_action_id', '=', parentActionId);
  const range = await db.selectNoFrom([siblings('date_start', 'min').as('earliest'), siblings('date_finish', 'max').as('latest')]).executeTakeFirstOrThrow();
  stats.earliestStart = range.earliest === null ? null : Number(range.earliest);
  stats.latestFinish = range.latest === null ? null : Number(range.latest);
  return stats;
}

/** Drops the kept stats of deleted parents (their children are deleted with them). */
export async function forgetChildren(db: Db, projectId: number, parentIds: readonly number[]): Promise<void> {
  for (let i = 0; i < parentIds.length; i += 500) {
    await db.deleteFrom('action_children').where('project_id', '=', projectId).where('parent_action_id', 'in', parentIds.slice(i, i + 500)).execute();
  }
}

/** Recounts the kept stats of one project's actions, or of every project's, from the rows (loaders that insert rows directly). */
export async function rebuildChildren(db: Db, projectId?: number): Promise<void> {
  const only = projectId === undefined ? sql`` : sql`where project_id = ${projectId}`;
  await (projectId === undefined ? db.deleteFrom('action_children') : db.deleteFrom('action_children').where('project_id', '=', projectId)).execute();
  await sql`insert into action_children (project_id, parent_action_id, children, complete_sum)
    select project_id, parent_action_id, count(*), sum(complete) from actions ${only} group by project_id, parent_action_id`.execute(db);
}
