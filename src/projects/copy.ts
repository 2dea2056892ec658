import { rebuildChildren } from '../actions/children.js';
import { findProjectRow, insertAction, projectActionsByDepth } from '../actions/repository.js';
import { rollUpProject } from '../actions/rollup.js';
import type { ActionRow, NewActionRow, ProjectRow } from '../db/types.js';
import type { CallContext } from '../engine/method.js';
import { isStorableTime } from '../engine/time.js';
import { invalidParams } from '../errors.js';
import type { ProjectCopyParams } from './methods.js';
import { lockProject } from './repository.js';
import { createProject, getVisibleProject } from './service.js';

/**
 * A new project made from another (a template, an archive, any project the caller sees): its fields
 * and its whole action tree, dates moved by how far `date_start` moves, every action started afresh.
 * Its history stays behind: time logs, topics, files and ticket links are not copied (docs/resources/projects.md).
 */
export async function copyProject(ctx: CallContext, params: ProjectCopyParams): Promise<ProjectRow> {
  const { project_id: sourceId, ...changes } = params;
  // The source's tree is read whole while no writer of that project is between two statements.
  await lockProject(ctx.db, sourceId);
  const source = await getVisibleProject(ctx, sourceId);
  const shift = dateShift(source, changes.date_start);
  const actions = await projectActionsByDepth(ctx.db, sourceId);
  const shifted = (seconds: number | null) => {
    if (seconds === null) return null;
    const moved = seconds + shift;
    if (!isStorableTime(moved)) throw invalidParams([{ param: 'date_start', message: 'moves the copied dates out of the range of dates TeamPro stores' }]);
    return moved;
  };
  const copy = await createProject(ctx, {
    ...fieldsOf(source),
    // Status and function are not taken from the source: the copy starts as a new project would.
    ...changes,
    date_finish: changes.date_finish !== undefined ? changes.date_finish : shifted(source.date_finish),
  });
  const newIds = new Map<number, number>([[0, 0]]);
  // Parents come before their children (by depth), so each parent's new id is known when its children go in.
  for (const action of actions) {
    const row = freshAction(ctx, action, copy.project_id, newIds.get(action.parent_action_id)!, shifted);
    newIds.set(action.action_id, await insertAction(ctx.db, row));
  }
  await rebuildChildren(ctx.db, copy.project_id);
  // As after any write of actions: the count, completion and (with adjust_date) dates follow the tree.
  await rollUpProject(ctx, copy.project_id, actions.length);
  return (await findProjectRow(ctx.db, copy.project_id))!;
}

/** How far the copy's dates move: from the source's start to the new `date_start`, when both are set. */
function dateShift(source: ProjectRow, dateStart: number | null | undefined): number {
  if (dateStart === undefined || dateStart === null || source.date_start === null) return 0;
  return dateStart - Number(source.date_start);
}

/** The source's own writable fields, which the copy starts from. */
function fieldsOf(source: ProjectRow) {
  return {
    type: source.type,
    date_start: source.date_start === null ? null : Number(source.date_start),
    client_userid: Number(source.client_userid),
    client_contactid: Number(source.client_contactid),
    client_hostingid: Number(source.client_hostingid),
    manager_adminid: Number(source.manager_adminid),
    assigned_adminid: Number(source.assigned_adminid),
    admin_access: source.admin_access as 'all' | 'manager' | 'related',
    client_access: source.client_access as 'hidden' | 'visible',
    billable: Number(source.billable) === 1,
    hourly_rate: source.hourly_rate === null ? null : Number(source.hourly_rate),
    details: source.details,
    notes: source.notes,
  };
}

/** An action of the source as it starts in the copy: same place and plan, no progress, no time. */
function freshAction(
  ctx: CallContext,
  action: ActionRow,
  projectId: number,
  parentId: number,
  shifted: (seconds: number | null) => number | null,
): NewActionRow {
  const { action_id: _id, ...plan } = action;
  return {
    ...plan,
    project_id: projectId,
    parent_action_id: parentId,
    date_start: shifted(action.date_start === null ? null : Number(action.date_start)),
    date_finish: shifted(action.date_finish === null ? null : Number(action.date_finish)),
    status: ctx.settings.action_statuses[0] ?? '',
    complete: 0,
    elapsed: 0,
    created: ctx.now,
    modified: ctx.now,
  };
}
