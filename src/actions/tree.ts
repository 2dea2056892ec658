import type { ActionRow } from '../db/types.js';
import type { CallContext, DataContext } from '../engine/method.js';
import { invalidParams } from '../errors.js';
import { addChildren, childStats } from './children.js';
import { addElapsedUpTheTree, descendantsOf, findVisibleAction, pathToTop, shiftDepth, updateActionRow } from './repository.js';

/** Where an action sits in its project's tree: the parent rules (same project, no cycles, max_depth). */

/**
 * The access an action keeps when it lands under `parentActionId`: a top-level action has no parent
 * to inherit from, so `inherit` there becomes the top-level default, `hidden` (a move or a copy).
 */
export const accessUnder = (parentActionId: number, clientAccess: string): string =>
  parentActionId === 0 && clientAccess === 'inherit' ? 'hidden' : clientAccess;

const parentError = (message: string) => invalidParams([{ param: 'parent_action_id', message }]);

/**
 * The parent for an action (null at the top level), refused when it is not an action of the project
 * the caller can see, or when `height` more levels below the new action would pass config max_depth.
 */
export async function validParent(ctx: DataContext, projectId: number, parentActionId: number, height = 0): Promise<ActionRow | null> {
  const maxDepth = ctx.settings.max_depth;
  if (parentActionId === 0) {
    if (1 + height > maxDepth) throw parentError(`the subtree has ${1 + height} levels; config max_depth allows ${maxDepth}`);
    return null;
  }
  const parent = await findVisibleAction(ctx.db, ctx.caller, parentActionId);
  if (!parent) throw parentError(`action ${parentActionId} does not exist`);
  if (parent.project_id !== projectId) {
    throw parentError(`action ${parentActionId} is in project ${parent.project_id}, not in project ${projectId}; the parent must be in the same project`);
  }
  if (parent.depth + 1 + height > maxDepth) {
    const what = height === 0 ? 'a sub-action' : `an action with ${height} level(s) below it`;
    throw parentError(`action ${parentActionId} is at depth ${parent.depth}; ${what} under it would pass config max_depth ${maxDepth}`);
  }
  return parent;
}

/**
 * Moves `action` (with its whole subtree) under `newParentId` when that differs from its parent:
 * refuses cycles and too-deep trees, and keeps every moved action's stored depth right.
 */
export async function placeUnder(ctx: CallContext, action: ActionRow, newParentId: number): Promise<{ moved: boolean; childCount: number }> {
  const childCount = (await childStats(ctx.db, action.project_id, action.action_id, false)).count;
  if (newParentId === action.parent_action_id) return { moved: false, childCount };
  if (newParentId === action.action_id) throw parentError(`action ${action.action_id} cannot be its own parent`);
  const subtree = await descendantsOf(ctx.db, action.project_id, action);
  if (subtree.ids.includes(newParentId)) {
    throw parentError(`action ${newParentId} is below action ${action.action_id}; moving an action under its own sub-action would make a cycle`);
  }
  const parent = await validParent(ctx, action.project_id, newParentId, subtree.deepest - action.depth);
  const newDepth = parent ? parent.depth + 1 : 1;
  // The time logged in the subtree leaves the old ancestors' elapsed and joins the new ones'.
  await addElapsedUpTheTree(ctx.db, await pathToTop(ctx.db, action.parent_action_id), -Number(action.elapsed));
  await updateActionRow(ctx.db, action.action_id, { parent_action_id: newParentId });
  await addChildren(ctx.db, action.project_id, action.parent_action_id, -1, -action.complete);
  await addChildren(ctx.db, action.project_id, newParentId, 1, action.complete);
  await addElapsedUpTheTree(ctx.db, await pathToTop(ctx.db, newParentId), Number(action.elapsed));
  await shiftDepth(ctx.db, [action.action_id, ...subtree.ids], newDepth - action.depth);
  return { moved: true, childCount };
}
