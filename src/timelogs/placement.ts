import { findActionInProject, adminExists } from '../actions/repository.js';
import type { ProjectRow } from '../db/types.js';
import type { CallContext } from '../engine/method.js';
import { invalidParams, type ParamError } from '../errors.js';
import { lockProject } from '../projects/repository.js';

/**
 * Locks the projects whose roll-ups a write changes, lowest id first, so two writers moving time logs
 * between the same two projects in opposite directions cannot deadlock.
 */
export async function lockProjects(ctx: CallContext, projectIds: number[]): Promise<void> {
  for (const id of [...new Set(projectIds)].sort((a, b) => a - b)) await lockProject(ctx.db, id);
}

/**
 * A new time log's billable flag when none is given: its action's (which itself defaults to the
 * project's, and says whether "time on this action is billable"), else the project's.
 */
export async function defaultBillable(ctx: CallContext, project: ProjectRow, actionId: number): Promise<boolean> {
  const action = actionId > 0 ? await findActionInProject(ctx.db, project.project_id, actionId) : undefined;
  return (action ?? project).billable === 1;
}

export interface References {
  action_id?: number;
  ticket_id?: number;
  adminid?: number;
}

/**
 * The records a time log names must exist: the action in the log's project, the ticket, the admin.
 * A bad reference is a bad parameter (400 naming it), as for the other resources; only the project
 * itself, the thing written in, is a 404.
 */
export async function checkReferences(ctx: CallContext, projectId: number, refs: References): Promise<void> {
  const errors: ParamError[] = [];
  if (refs.action_id !== undefined && refs.action_id > 0 && !(await findActionInProject(ctx.db, projectId, refs.action_id))) {
    errors.push({ param: 'action_id', message: `action ${refs.action_id} is not an action of project ${projectId}` });
  }
  if (refs.ticket_id !== undefined && refs.ticket_id > 0 && !(await ctx.tickets.get(ctx.db, refs.ticket_id))) {
    errors.push({ param: 'ticket_id', message: `ticket ${refs.ticket_id} does not exist` });
  }
  if (refs.adminid !== undefined && !(await adminExists(ctx.db, refs.adminid))) {
    errors.push({ param: 'adminid', message: `admin ${refs.adminid} does not exist` });
  }
  if (errors.length > 0) throw invalidParams(errors);
}
