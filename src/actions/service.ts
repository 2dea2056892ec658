import { writableAt, writableFrom, writableMove, type Place } from '../access/placement.js';
import { assertConfigured } from '../settings/settings.js';
import { inTransaction } from '../db/dialect.js';
import type { ActionRow, ActionUpdate, NewActionRow, ProjectRow } from '../db/types.js';
import { assertDateOrder } from '../engine/dates.js';
import { narrowsOnlyBy, pageOf, searchAndSince, whereEquals } from '../engine/lists.js';
import { whereWork } from '../engine/work-filters.js';
import type { CallContext } from '../engine/method.js';
import { invalidParams, notFound } from '../errors.js';
import { lockProject } from '../projects/repository.js';
import { deleteRecurrencesOf } from '../recurrences/repository.js';
import { detachTotals } from '../timelogs/totals.js';
import type { ActionCreateParams, ActionListParams, ActionUpdateParams } from './methods.js';
import {
  addElapsedUpTheTree,
  adminExists,
  deleteActionRows,
  descendantsOf,
  detachFromActions,
  findAction,
  findVisibleAction,
  insertAction,
  keptActionCount,
  nextSortOrder,
  pathToTop,
  updateActionRow,
  visibleActions,
} from './repository.js';
import { addChildren, forgetChildren } from './children.js';
import { levelOf, rollUp, statusOnReaching100 } from './rollup.js';
import { actionListSpec, presentAction, type Action, type ActionInput } from './schemas.js';
import { accessUnder, placeUnder, validParent } from './tree.js';

export async function getVisibleAction(ctx: CallContext, actionId: number): Promise<ActionRow> {
  const action = await findVisibleAction(ctx.db, ctx.caller, actionId);
  if (!action) throw notFound('Action', actionId);
  return action;
}

export async function findActions(ctx: CallContext, params: ActionListParams) {
  const query = whereWork(whereEquals(visibleActions(ctx.db, ctx.caller).selectAll('actions'), 'actions', params), 'actions', params, ctx.now);
  // A whole project's list reads the project's kept count instead of counting its actions each page.
  const kept = isWholeProject(params) ? await keptActionCount(ctx.db, ctx.caller, params.project_id!) : undefined;
  const { rows, data } = await pageOf(searchAndSince(query, actionListSpec, params), actionListSpec, params, ctx.settings, kept);
  return { data, actions: rows.map(presentAction) };
}

/** A list of one project's actions with no other condition (paging and order aside). */
function isWholeProject(params: ActionListParams): boolean {
  return params.project_id !== undefined && narrowsOnlyBy(params, ['project_id']);
}

/**
 * Runs one action write in its own transaction whose first statement locks the project row. Writers
 * in one project thus take turns, and every read after the lock sees what the previous writer
 * committed (on MySQL/MariaDB a REPEATABLE READ snapshot starts at the first plain read, so the
 * lock must come before any). The action is presented before the commit: an action that could not
 * be shown fails the request with its write undone.
 */
function writeInProject(ctx: CallContext, projectId: number, work: (tx: CallContext) => Promise<ActionRow>): Promise<Action> {
  return inTransaction(ctx.db, async (db) => {
    await lockProject(db, projectId);
    return presentAction(await work({ ...ctx, db }));
  });
}

/** The project of an action, read before the write transaction (it never changes); 404 when there is no such action. */
async function projectOfAction(ctx: CallContext, actionId: number): Promise<number> {
  const action = await findAction(ctx.db, actionId);
  if (!action) throw notFound('Action', actionId);
  return action.project_id;
}

async function checkInput(ctx: CallContext, input: ActionInput): Promise<void> {
  assertConfigured(ctx.settings, 'action_types', input.type, 'type');
  assertConfigured(ctx.settings, 'action_statuses', input.status, 'status');
  for (const param of ['manager_adminid', 'assigned_adminid'] as const) {
    const id = input[param];
    if (id && !(await adminExists(ctx.db, id))) throw invalidParams([{ param, message: `admin ${id} does not exist` }]);
  }
}

function toColumns(input: ActionInput): ActionUpdate {
  const { billable, ...rest } = input;
  return { ...rest, ...(billable !== undefined && { billable: billable ? 1 : 0 }) };
}

function refuseTopLevelInherit(parentActionId: number, clientAccess: string): void {
  if (parentActionId === 0 && clientAccess === 'inherit') {
    throw invalidParams([{ param: 'client_access', message: 'cannot be inherit on a top-level action (a milestone): use hidden, view or modify' }]);
  }
}

export async function createAction(ctx: CallContext, input: ActionCreateParams): Promise<Action> {
  return writeInProject(ctx, input.project_id, async (tx) => {
    // Creating takes the project itself, even under an action assigned to the caller (see actions.md).
    const project = await writableAt(tx, { projectId: input.project_id, actionId: 0 });
    await checkInput(tx, input);
    assertDateOrder(input.date_start, input.date_finish);
    const parent = await validParent(tx, project.project_id, input.parent_action_id ?? 0);
    const row = await newActionRow(tx, project, parent, input);
    const id = await insertAction(tx.db, row);
    await addChildren(tx.db, project.project_id, row.parent_action_id, 1, row.complete);
    await rollUp(tx, project.project_id, [id], 1);
    return loadAction(tx, id);
  });
}

/** A new action's row: the defaults (docs/resources/actions.md), what the client sent, and what the tree decides. */
async function newActionRow(ctx: CallContext, project: ProjectRow, parent: ActionRow | null, input: ActionCreateParams): Promise<NewActionRow> {
  const parentActionId = parent?.action_id ?? 0;
  const clientAccess = input.client_access ?? (parentActionId === 0 ? 'hidden' : 'inherit');
  refuseTopLevelInherit(parentActionId, clientAccess);
  const complete = input.complete ?? 0;
  const { settings } = ctx;
  return {
    type: settings.action_types[0] ?? '',
    priority: 2,
    date_start: null,
    date_finish: null,
    duration: null,
    manager_adminid: 0,
    assigned_adminid: 0,
    details: '',
    action_notes: '',
    sort_order: await nextSortOrder(ctx.db, project.project_id, parentActionId),
    ...toColumns(input),
    name: input.name,
    project_id: project.project_id,
    parent_action_id: parentActionId,
    level: levelOf(parentActionId, 0),
    depth: parent ? parent.depth + 1 : 1,
    // Created at 100 counts as reaching 100; a status sent along wins.
    status: input.status ?? statusOnReaching100(settings, 0, complete, '') ?? settings.action_statuses[0] ?? '',
    complete,
    client_access: clientAccess,
    billable: input.billable === undefined ? project.billable : Number(input.billable),
    created: ctx.now,
    modified: ctx.now,
    elapsed: 0,
  };
}

/** Reads an action just written: the reply shows it as stored, roll-ups included. */
function loadAction(ctx: CallContext, actionId: number): Promise<ActionRow> {
  return ctx.db.selectFrom('actions').selectAll().where('action_id', '=', actionId).executeTakeFirstOrThrow();
}

export async function updateAction(ctx: CallContext, input: ActionUpdateParams): Promise<Action> {
  const { action_id, project_id, ...changes } = input;
  const projectId = await projectOfAction(ctx, action_id);
  return writeInProject(ctx, projectId, async (tx) => {
    const action = await getVisibleAction(tx, action_id);
    if (project_id !== undefined && project_id !== action.project_id) {
      throw invalidParams([{ param: 'project_id', message: `cannot change: action ${action_id} belongs to project ${action.project_id}` }]);
    }
    // The action's own place: its project, or the action itself when it is assigned to the caller.
    await writableFrom(tx, { projectId, actionId: action_id }, () => `Updating action ${action_id} needs write access to project ${projectId}`);
    const newParentId = changes.parent_action_id ?? action.parent_action_id;
    if (newParentId !== action.parent_action_id) {
      await writableMove(tx, `action ${action_id}`, placeUnderParent(action, action.parent_action_id), placeUnderParent(action, newParentId));
    }
    await checkInput(tx, changes);
    const placed = await placeUnder(tx, action, newParentId);
    const values = updatedValues(tx, action, changes, placed.childCount);
    await updateActionRow(tx.db, action_id, { ...toColumns(changes), ...values, modified: tx.now });
    if (changes.complete !== undefined) await addChildren(tx.db, projectId, newParentId, 0, changes.complete - action.complete);
    await rollUp(tx, projectId, placed.moved ? [action_id, action.parent_action_id] : [action_id]);
    return loadAction(tx, action_id);
  });
}

/** An action's place in its project's tree is under its parent (0 = the top level): that is what a move changes. */
const placeUnderParent = (action: ActionRow, parentActionId: number): Place => ({ projectId: action.project_id, actionId: parentActionId });

/** Values an update implies beyond what the client sent: client_access at the top level, status on reaching 100. */
function updatedValues(ctx: CallContext, action: ActionRow, changes: ActionInput, childCount: number): ActionUpdate {
  const parentActionId = changes.parent_action_id ?? action.parent_action_id;
  if (changes.complete !== undefined && childCount > 0 && changes.complete !== action.complete) {
    throw invalidParams([
      { param: 'complete', message: `is computed from the ${childCount} sub-action(s) of action ${action.action_id} (now ${action.complete}) and cannot be set` },
    ]);
  }
  assertDateOrder(
    changes.date_start !== undefined ? changes.date_start : action.date_start,
    changes.date_finish !== undefined ? changes.date_finish : action.date_finish,
  );
  const values: ActionUpdate = {};
  const clientAccess = changes.client_access ?? action.client_access;
  if (changes.client_access !== undefined) refuseTopLevelInherit(parentActionId, clientAccess);
  else if (accessUnder(parentActionId, clientAccess) !== clientAccess) values.client_access = 'hidden';
  if (changes.status === undefined && changes.complete !== undefined) {
    const status = statusOnReaching100(ctx.settings, action.complete, changes.complete, action.status);
    if (status) values.status = status;
  }
  return values;
}

export async function deleteAction(ctx: CallContext, actionId: number): Promise<Action> {
  const projectId = await projectOfAction(ctx, actionId);
  return writeInProject(ctx, projectId, async (tx) => {
    const action = await getVisibleAction(tx, actionId);
    // The sub-actions go too, so seeing the action because it is assigned to you is not enough.
    await writableFrom(tx, { projectId, actionId: 0 }, () => `Deleting action ${actionId} needs access to project ${projectId}, since its sub-actions are deleted with it`);
    const { ids } = await descendantsOf(tx.db, projectId, action);
    const doomed = [actionId, ...ids];
    await detachFromActions(tx.db, projectId, doomed);
    await detachTotals(tx.db, projectId, doomed);
    await deleteRecurrencesOf(tx.db, projectId, doomed);
    // The subtree's time logs stay in the project, no longer under the deleted action's ancestors.
    await addElapsedUpTheTree(tx.db, await pathToTop(tx.db, action.parent_action_id), -Number(action.elapsed));
    await deleteActionRows(tx.db, doomed);
    await addChildren(tx.db, projectId, action.parent_action_id, -1, -action.complete);
    await forgetChildren(tx.db, projectId, doomed);
    await rollUp(tx, projectId, [action.parent_action_id], -doomed.length);
    return action;
  });
}
