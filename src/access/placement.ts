import type { ActionRow, ProjectRow } from '../db/types.js';
import type { CallContext } from '../engine/method.js';
import { conflict, forbidden, invalidParams, notFound } from '../errors.js';
import { placeWritable } from './visibility.js';

/**
 * Who may write where. A record lives at a place: a project and maybe one of its actions (for an
 * action, the place is its project and its parent). The caller may write at (project P, action X)
 * when they see P, or when X is an action of P assigned to them; the project level (X = 0) takes P
 * itself. A write checks the place it writes at; a move checks where the record is and where it goes,
 * and a move to another project needs both projects themselves, so an assignee cannot carry records
 * out of, or into, a project they cannot see. Archived projects are read-only (409) either way.
 */

/** Where a record lives: its project and its action (0 = the project level). */
export interface Place {
  readonly projectId: number;
  readonly actionId: number;
}

export const placeOf = (row: { project_id: number; action_id: number }): Place => ({ projectId: row.project_id, actionId: row.action_id });

export const samePlace = (a: Place, b: Place) => a.projectId === b.projectId && a.actionId === b.actionId;

const projectLevel = (place: Place): Place => ({ projectId: place.projectId, actionId: 0 });

/** What the caller lacks at a source place, as a sentence for the 403. */
function sourceRefusal(subject: string, source: Place, toAnotherProject: boolean): string {
  const { projectId, actionId } = source;
  if (toAnotherProject) return `Moving ${subject} to another project needs write access to project ${projectId}, where it is now`;
  const where = actionId > 0 ? `away from action ${actionId}` : `away from the project level of project ${projectId}`;
  const rights = actionId > 0 ? `project ${projectId}, or action ${actionId} assigned to you` : `project ${projectId}`;
  return `Moving ${subject} ${where} needs write access to ${rights}`;
}

/** The place's project row when the caller may write there; the rule is SQL, as for every read. */
function findWritableProject(ctx: Pick<CallContext, 'db' | 'caller'>, place: Place): Promise<ProjectRow | undefined> {
  return ctx.db
    .selectFrom('projects')
    .selectAll('projects')
    .where('projects.project_id', '=', place.projectId)
    .where((eb) => placeWritable(eb, ctx.caller, place.actionId))
    .executeTakeFirst();
}

function refuseArchived(project: ProjectRow): ProjectRow {
  if (project.function === 'archive') throw conflict(`Project ${project.project_id} is archived and read-only; un-archive it first`);
  return project;
}

/**
 * The project of a place the caller writes into (creates there, or moves something to). A place they
 * may not write at answers 404, as if absent: from their side it is.
 */
export async function writableAt(ctx: Pick<CallContext, 'db' | 'caller'>, place: Place): Promise<ProjectRow> {
  const project = await findWritableProject(ctx, place);
  if (!project) throw notFound('Project', place.projectId);
  return refuseArchived(project);
}

/**
 * The project of a place where the caller already sees the record they write. When the write needs
 * more than they have there, 403 says so: "absent" would be untrue of a record they can read.
 */
export async function writableFrom(ctx: CallContext, place: Place, refusal: () => string): Promise<ProjectRow> {
  const project = await findWritableProject(ctx, place);
  if (!project) throw forbidden(refusal());
  return refuseArchived(project);
}

/**
 * Checks a write of `subject` that may move it from `from` to `to` (the same place when it stays),
 * and answers the target's project. Within a project, both places follow the place rule; to another
 * project, both take the project itself.
 */
export async function writableMove(ctx: CallContext, subject: string, from: Place, to: Place): Promise<ProjectRow> {
  const toAnotherProject = from.projectId !== to.projectId;
  const source = toAnotherProject ? projectLevel(from) : from;
  const target = toAnotherProject ? projectLevel(to) : to;
  const sourceProject = await writableFrom(ctx, source, () => sourceRefusal(subject, source, toAnotherProject));
  return samePlace(source, target) ? sourceProject : writableAt(ctx, target);
}

/** The action of a place (null at the project level), or a 400 naming `action_id` when it is not an action of the project. */
export async function actionAt(ctx: CallContext, place: Place): Promise<ActionRow | null> {
  if (place.actionId <= 0) return null;
  const action = await ctx.db
    .selectFrom('actions')
    .selectAll()
    .where('project_id', '=', place.projectId)
    .where('action_id', '=', place.actionId)
    .executeTakeFirst();
  if (!action) throw invalidParams([{ param: 'action_id', message: `action ${place.actionId} is not an action of project ${place.projectId}` }]);
  return action;
}
