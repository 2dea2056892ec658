import { writableAt } from '../access/placement.js';
import { inTransaction } from '../db/dialect.js';
import type { ActionRow, NewActionRow } from '../db/types.js';
import type { DataContext } from '../engine/method.js';
import { isStorableTime } from '../engine/time.js';
import { forbidden, invalidParams, notFound } from '../errors.js';
import { findVisibleProject, lockProject } from '../projects/repository.js';
import { addChildren } from './children.js';
import type { ActionCopyParams } from './methods.js';
import { descendantRows, findAction, findVisibleAction, insertAction, nextSortOrder } from './repository.js';
import { levelOf, rollUp } from './rollup.js';
import { presentAction, type Action } from './schemas.js';
import { accessUnder, validParent } from './tree.js';

/** Moves a copied date by the copy's shift; a date the shift takes out of the stored range refuses the copy. */
export type DateShift = (seconds: number | null) => number | null;

export function dateShift(from: number | null, to: number | null | undefined): DateShift {
  const shift = to === undefined || to === null || from === null ? 0 : to - Number(from);
  return (seconds) => {
    if (seconds === null) return null;
    const moved = Number(seconds) + shift;
    if (!isStorableTime(moved)) throw invalidParams([{ param: 'date_start', message: 'moves the copied dates out of the range of dates TeamPro stores' }]);
    return moved;
  };
}

/**
 * An action as it starts in a copy (copyAction, copyProject): same plan — name, type, priority,
 * duration, people, access, notes, order — at its new place, dates moved, no progress and no time.
 */
export function freshCopy(ctx: Pick<DataContext, 'settings' | 'now'>, action: ActionRow, place: { projectId: number; parentId: number; depth: number }, shifted: DateShift): NewActionRow {
  const { action_id: _id, ...plan } = action;
  return {
    ...plan,
    project_id: place.projectId,
    parent_action_id: place.parentId,
    depth: place.depth,
    date_start: shifted(action.date_start),
    date_finish: shifted(action.date_finish),
    status: ctx.settings.action_statuses[0] ?? '',
    complete: 0,
    elapsed: 0,
    created: ctx.now,
    modified: ctx.now,
  };
}

/**
 * Copies an action with its whole subtree (docs/resources/actions.md, copyAction): to the end of
 * `parent_action_id` (default: beside the source), in the source's project or another one, dates moved
 * by how far `date_start` moves, every copied action started afresh.
 */
export async function copyAction(ctx: DataContext, params: ActionCopyParams): Promise<Action> {
  const known = await findAction(ctx.db, params.action_id);
  if (!known) throw notFound('Action', params.action_id);
  const targetId = params.project_id ?? known.project_id;
  return inTransaction(ctx.db, async (db) => {
    // Both projects are locked, in id order so that two copies in opposite directions cannot deadlock.
    for (const id of [...new Set([known.project_id, targetId])].sort((a, b) => a - b)) await lockProject(db, id);
    return presentAction(await copyActionLocked({ ...ctx, db }, params, targetId));
  });
}

/** copyAction's work, in a transaction that holds the lock of the source's and the target's project. */
export async function copyActionLocked(tx: DataContext, params: ActionCopyParams, targetId: number): Promise<ActionRow> {
  const { db } = tx;
  const source = await findVisibleAction(db, tx.caller, params.action_id);
  if (!source) throw notFound('Action', params.action_id);
  // The sub-actions are copied too, so seeing the action because it is assigned to you is not enough.
  if (!(await findVisibleProject(db, tx.caller, source.project_id))) {
    throw forbidden(`Copying action ${source.action_id} needs access to project ${source.project_id}, since its sub-actions are copied with it`);
  }
  // Copying adds actions to the target project, so it takes that project, as createAction does.
  await writableAt(tx, { projectId: targetId, actionId: 0 });
  const below = await descendantRows(db, source);
  const height = Math.max(source.depth, ...below.map((a) => a.depth)) - source.depth;
  const parentId = params.parent_action_id ?? (targetId === source.project_id ? source.parent_action_id : 0);
  const parent = await validParent(tx, targetId, parentId, height);
  const rootId = await insertSubtree(tx, { source, below, targetId, parentId, depth: parent ? parent.depth + 1 : 1 }, params);
  await addChildren(db, targetId, parentId, 1, 0);
  await rollUp(tx, targetId, [rootId], 1 + below.length);
  return db.selectFrom('actions').selectAll().where('action_id', '=', rootId).executeTakeFirstOrThrow();
}

interface Subtree {
  source: ActionRow;
  below: ActionRow[];
  targetId: number;
  parentId: number;
  depth: number;
}

/** Inserts the copied root and then its descendants, parents first; returns the new root's id. */
async function insertSubtree(ctx: DataContext, { source, below, targetId, parentId, depth }: Subtree, params: ActionCopyParams): Promise<number> {
  const shifted = dateShift(source.date_start, params.date_start);
  const root = freshCopy(ctx, source, { projectId: targetId, parentId, depth }, shifted);
  root.name = params.name ?? source.name;
  root.level = levelOf(parentId, below.length);
  root.sort_order = await nextSortOrder(ctx.db, targetId, parentId);
  root.client_access = accessUnder(parentId, root.client_access ?? 'hidden');
  const newIds = new Map([[source.action_id, await insertAction(ctx.db, root)]]);
  const children = new Map<number, number>();
  for (const action of below) {
    const newParent = newIds.get(action.parent_action_id)!;
    const row = freshCopy(ctx, action, { projectId: targetId, parentId: newParent, depth: depth + action.depth - source.depth }, shifted);
    newIds.set(action.action_id, await insertAction(ctx.db, row));
    children.set(newParent, (children.get(newParent) ?? 0) + 1);
  }
  for (const [id, count] of children) await addChildren(ctx.db, targetId, id, count, 0);
  return newIds.get(source.action_id)!;
}
