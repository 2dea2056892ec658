import { findActionInProject, findProjectRow } from '../actions/repository.js';
import type { ActionRow, ProjectRow } from '../db/types.js';
import type { CallContext } from '../engine/method.js';
import { conflict, invalidParams, notFound } from '../errors.js';
import { getWritableProject } from '../projects/service.js';

export interface Placement {
  readonly project: ProjectRow;
  readonly action: ActionRow | null;
}

/**
 * Where a record that lives in a project and maybe one of its actions (a topic, a ticket link) is
 * written. The caller must see the project — or, for a plain admin, have the action assigned to them
 * (SPEC 1.5 lets them see such actions, so they may also discuss and link tickets there). The project
 * must not be archived, and the action must belong to it.
 */
export async function resolvePlacement(ctx: CallContext, projectId: number, actionId: number): Promise<Placement> {
  const action = actionId > 0 ? ((await findActionInProject(ctx.db, projectId, actionId)) ?? null) : null;
  const viaAssignedAction = ctx.caller.access !== 'super' && action !== null && action.assigned_adminid === ctx.caller.id;
  const project = viaAssignedAction ? await writableProjectRow(ctx, projectId) : await getWritableProject(ctx, projectId);
  if (actionId > 0 && action === null) {
    throw invalidParams([{ param: 'action_id', message: `action ${actionId} is not an action of project ${projectId}` }]);
  }
  return { project, action };
}

/** The project of a record the caller already may see, refused when it is archived. */
export async function writableProjectRow(ctx: CallContext, projectId: number): Promise<ProjectRow> {
  const project = await findProjectRow(ctx.db, projectId);
  if (!project) throw notFound('Project', projectId);
  if (project.function === 'archive') throw conflict(`Project ${projectId} is archived and read-only; un-archive it first`);
  return project;
}
