import { findActionInProject, findProjectRow, adminExists } from '../actions/repository.js';
import type { ProjectRow } from '../db/types.js';
import type { CallContext } from '../engine/method.js';
import { conflict, notFound } from '../errors.js';
import { lockProject } from '../projects/repository.js';
import { getWritableProject } from '../projects/service.js';

/** Where a time log sits: its project and its action (0 = none). */
export interface Place {
  projectId: number;
  actionId: number;
}

export const samePlace = (a: Place, b: Place) => a.projectId === b.projectId && a.actionId === b.actionId;

/**
 * The project a time log may be written in by the caller: one they may see, or one holding an action
 * assigned to them when the log is on that action (the same rule that lets them see such logs,
 * SPEC 1.5). Anything else is 404, as if absent; an archived project is 409.
 */
export async function writableProjectFor(ctx: CallContext, place: Place): Promise<ProjectRow> {
  if (ctx.caller.access !== 'super' && place.actionId > 0) {
    const action = await findActionInProject(ctx.db, place.projectId, place.actionId);
    if (action && action.assigned_adminid === ctx.caller.id) {
      const project = await findProjectRow(ctx.db, place.projectId);
      if (!project) throw notFound('Project', place.projectId);
      if (project.function === 'archive') throw conflict(`Project ${project.project_id} is archived and read-only; un-archive it first`);
      return project;
    }
  }
  return getWritableProject(ctx, place.projectId);
}

/**
 * Locks the projects whose roll-ups a write changes, lowest id first, so two writers moving time logs
 * between the same two projects in opposite directions cannot deadlock.
 */
export async function lockProjects(ctx: CallContext, projectIds: number[]): Promise<void> {
  for (const id of [...new Set(projectIds)].sort((a, b) => a - b)) await lockProject(ctx.db, id);
}

export interface References {
  action_id?: number;
  ticket_id?: number;
  adminid?: number;
}

/** The records a time log names must exist: the action in the log's project, the ticket, the admin. */
export async function checkReferences(ctx: CallContext, projectId: number, refs: References): Promise<void> {
  if (refs.action_id !== undefined && refs.action_id > 0) {
    const action = await findActionInProject(ctx.db, projectId, refs.action_id);
    if (!action) throw notFound(`Action ${refs.action_id} in project ${projectId}`);
  }
  if (refs.ticket_id !== undefined && refs.ticket_id > 0) {
    if (!(await ctx.tickets.get(refs.ticket_id))) throw notFound('Ticket', refs.ticket_id);
  }
  if (refs.adminid !== undefined && !(await adminExists(ctx.db, refs.adminid))) {
    throw notFound('Admin', refs.adminid);
  }
}
