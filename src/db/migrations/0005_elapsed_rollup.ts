import { sql, type Kysely } from 'kysely';

/**
 * An action's `elapsed` now counts its sub-actions' time logs too, as completion and dates roll up:
 * each action's total is recomputed once from the logs, deepest actions first. Later writes keep it
 * by increments along the path to the top.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const actions: { action_id: number; parent_action_id: number; depth: number; elapsed: number }[] = await db
    .selectFrom('actions')
    .select(['action_id', 'parent_action_id', 'depth', 'elapsed'])
    .execute();
  const own = await db
    .selectFrom('timelogs')
    .select(['action_id', sql<number>`sum(coalesce(duration, 0))`.as('seconds')])
    .where('action_id', '>', 0)
    .groupBy('action_id')
    .execute();
  const total = new Map<number, number>(own.map((row) => [Number(row.action_id), Number(row.seconds)]));
  const byDepth = [...actions].sort((a, b) => Number(b.depth) - Number(a.depth));
  for (const action of byDepth) {
    if (action.parent_action_id > 0) total.set(action.parent_action_id, (total.get(action.parent_action_id) ?? 0) + (total.get(action.action_id) ?? 0));
  }
  for (const action of actions) {
    const rolled = total.get(action.action_id) ?? 0;
    if (rolled !== Number(action.elapsed)) await db.updateTable('actions').set({ elapsed: rolled }).where('action_id', '=', action.action_id).execute();
  }
}

/** Back to each action's own logs only. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('actions').set({ elapsed: 0 }).execute();
  const own = await db.selectFrom('timelogs').select(['action_id', sql<number>`sum(coalesce(duration, 0))`.as('seconds')]).where('action_id', '>', 0).groupBy('action_id').execute();
  for (const row of own) await db.updateTable('actions').set({ elapsed: Number(row.seconds) }).where('action_id', '=', row.action_id).execute();
}
