import { rebuildChildren } from '../actions/children.js';
import { findProjectRow, insertAction, projectActionsByDepth } from '../actions/repository.js';
import { rollUpProject } from '../actions/rollup.js';
import { dateShift, freshCopy } from '../actions/copy.js';
import type { ProjectRow } from '../db/types.js';
import type { CallContext } from '../engine/method.js';
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
  const shifted = dateShift(source.date_start, changes.date_start);
  const actions = await projectActionsByDepth(ctx.db, sourceId);
  const copy = await createProject(ctx, {
    ...fieldsOf(source),
    // Status and function are not taken from the source: the copy starts as a new project would.
    ...changes,
    date_finish: changes.date_finish !== undefined ? changes.date_finish : shifted(source.date_finish),
  });
  const newIds = new Map<number, number>([[0, 0]]);
  // Parents come before their children (by depth), so each parent's new id is known when its children go in.
  for (const action of actions) {
    const row = freshCopy(ctx, action, { projectId: copy.project_id, parentId: newIds.get(action.parent_action_id)!, depth: action.depth }, shifted);
    newIds.set(action.action_id, await insertAction(ctx.db, row));
  }
  await rebuildChildren(ctx.db, copy.project_id);
  // As after any write of actions: the count, completion and (with adjust_date) dates follow the tree.
  await rollUpProject(ctx, copy.project_id, actions.length);
  return (await findProjectRow(ctx.db, copy.project_id))!;
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
