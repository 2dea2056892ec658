import { sql, type Kysely } from 'kysely';
import type { Settings } from '../settings/settings.js';
import type { ActionRow, ActionUpdate, Database, ProjectUpdate } from '../db/types.js';
import { addChildren, childStats, type ChildStats } from './children.js';
import { findProjectRow, pathToTop, updateActionRow } from './repository.js';
import type { ActionLevel } from './schemas.js';

/**
 * Roll-ups (docs/resources/actions.md, Rules): a parent's level, completion and date range follow its children, and the
 * project's completion, date range and action count follow its actions. Callers hold the project lock
 * (lockProject), so the children read here are the committed truth and parallel writers take turns.
 */
export interface RollupContext {
  readonly db: Kysely<Database>;
  readonly settings: Settings;
  readonly now: number;
}

export function levelOf(parentActionId: number, childCount: number): ActionLevel {
  if (parentActionId === 0) return 'milestone';
  return childCount > 0 ? 'group' : 'task';
}

export const roundedMean = (sum: number, count: number): number => (count === 0 ? 0 : Math.round(sum / count));

/** The earlier of two optional times (null = not set). */
const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const latest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** The status an action takes when its completion goes from below 100 to 100, if config asks for one. */
export function statusOnReaching100(settings: Settings, before: number, after: number, status: string): string | undefined {
  const target = settings.status_oncomplete;
  if (!target || before >= 100 || after < 100 || status === target) return undefined;
  return target;
}

/** The columns of `row` that its children change; only those that differ from what is stored. */
export function rolledUpChanges(row: ActionRow, stats: ChildStats, settings: Settings): ActionUpdate {
  const wanted: ActionUpdate = { level: levelOf(row.parent_action_id, stats.count) };
  if (stats.count > 0) {
    wanted.complete = roundedMean(stats.completeSum, stats.count);
    wanted.status = statusOnReaching100(settings, row.complete, wanted.complete, row.status);
    if (settings.adjust_date) {
      wanted.date_start = earliest(numberOrNull(row.date_start), stats.earliestStart);
      wanted.date_finish = latest(numberOrNull(row.date_finish), stats.latestFinish);
    }
  }
  return onlyChanged(row as unknown as Record<string, unknown>, wanted);
}

function onlyChanged(stored: Record<string, unknown>, wanted: ActionUpdate): ActionUpdate {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    // Drivers may hand BIGINT columns back as strings; compare numbers as numbers.
    const current = typeof value === 'number' && stored[key] !== null ? Number(stored[key]) : stored[key];
    if (current !== value) changes[key] = value;
  }
  return changes as ActionUpdate;
}

/** Recomputes one action from its direct children; returns nothing, it writes what changed (its parent's kept sum too). */
async function rollUpAction(ctx: RollupContext, actionId: number): Promise<void> {
  const row = await ctx.db.selectFrom('actions').selectAll().where('action_id', '=', actionId).executeTakeFirst();
  if (!row) return;
  const changes = rolledUpChanges(row, await childStats(ctx.db, row.project_id, row.action_id, ctx.settings.adjust_date), ctx.settings);
  if (Object.keys(changes).length === 0) return;
  await updateActionRow(ctx.db, actionId, { ...changes, modified: ctx.now });
  if (changes.complete !== undefined) await addChildren(ctx.db, row.project_id, row.parent_action_id, 0, Number(changes.complete) - row.complete);
}

/**
 * Recomputes the given actions and every ancestor of theirs, deepest first (so each parent reads
 * children that are already up to date), then the project, whose action count changes by `added`.
 * `startIds` may hold 0 (the top level).
 */
export async function rollUp(ctx: RollupContext, projectId: number, startIds: number[], added = 0): Promise<void> {
  const levelFromTop = new Map<number, number>();
  for (const id of startIds) {
    const path = await pathToTop(ctx.db, id);
    path.forEach((pathId, distance) => levelFromTop.set(pathId, path.length - distance));
  }
  const deepestFirst = [...levelFromTop.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  for (const id of deepestFirst) await rollUpAction(ctx, id);
  await rollUpProject(ctx, projectId, added);
}

/**
 * The project follows its top-level actions (completion, dates); its action count changes by `added`
 * (an increment: counting would read the whole project); `activity` is now.
 */
export async function rollUpProject(ctx: RollupContext, projectId: number, added = 0): Promise<void> {
  const project = await findProjectRow(ctx.db, projectId);
  if (!project) return;
  const top = await childStats(ctx.db, projectId, 0, ctx.settings.adjust_date);
  const changes: ProjectUpdate = {
    complete: roundedMean(top.completeSum, top.count),
    activity: ctx.now,
  };
  if (ctx.settings.adjust_date) {
    changes.date_start = earliest(numberOrNull(project.date_start), top.earliestStart);
    changes.date_finish = latest(numberOrNull(project.date_finish), top.latestFinish);
  }
  const count = { actions_count: sql<number>`actions_count + ${added}` };
  await ctx.db.updateTable('projects').set({ ...changes, ...count }).where('project_id', '=', projectId).execute();
}

function numberOrNull(value: number | null): number | null {
  return value === null ? null : Number(value);
}
