import type { Static } from '@sinclair/typebox';
import { assertConfigured } from '../settings/settings.js';
import type { ProjectRow, ProjectUpdate } from '../db/types.js';
import { assertDateOrder } from '../engine/dates.js';
import { runList, whereEquals } from '../engine/lists.js';
import { whereWork } from '../engine/work-filters.js';
import type { CallContext } from '../engine/method.js';
import { conflict, notFound } from '../errors.js';
import {
  deleteProjectCascade,
  findVisibleProject,
  insertProject,
  lockProject,
  updateProjectRow,
  visibleProjects,
} from './repository.js';
import { rebuildTotals } from '../timelogs/totals.js';
import { projectFields, projectListSpec, presentProject } from './schemas.js';
import type { ProjectCreateParams, ProjectListParams, ProjectUpdateParams } from './methods.js';

type ProjectInput = Partial<{ [K in keyof typeof projectFields]: Static<(typeof projectFields)[K]> }>;

export async function getVisibleProject(ctx: CallContext, projectId: number): Promise<ProjectRow> {
  const project = await findVisibleProject(ctx.db, ctx.caller, projectId);
  if (!project) throw notFound('Project', projectId);
  return project;
}

function checkLists(ctx: CallContext, input: ProjectInput) {
  assertConfigured(ctx.settings, 'project_types', input.type, 'type');
  assertConfigured(ctx.settings, 'project_statuses', input.status, 'status');
}

function toColumns(input: ProjectInput): ProjectUpdate {
  const { billable, ...rest } = input;
  return { ...rest, ...(billable !== undefined && { billable: billable ? 1 : 0 }) };
}

export async function createProject(ctx: CallContext, input: ProjectCreateParams): Promise<ProjectRow> {
  checkLists(ctx, input);
  assertDateOrder(input.date_start, input.date_finish);
  const { settings, caller, now } = ctx;
  const id = await insertProject(ctx.db, {
    type: settings.project_types[0] ?? '',
    status: settings.project_statuses[0] ?? '',
    function: 'default',
    date_start: null,
    date_finish: null,
    client_userid: 0,
    client_contactid: 0,
    client_hostingid: 0,
    manager_adminid: caller.id,
    assigned_adminid: 0,
    admin_access: 'all',
    client_access: 'hidden',
    hourly_rate: null,
    details: '',
    notes: '',
    ...toColumns(input),
    billable: input.billable ? 1 : 0,
    name: input.name,
    owner_adminid: caller.id,
    created: now,
    modified: now,
    activity: now,
    complete: 0,
    actions_count: 0,
    elapsed: 0,
  });
  return loadProject(ctx, id);
}

/** Reads a project just written: the writer may have set an access that hides it from them, and still gets the reply. */
async function loadProject(ctx: CallContext, id: number): Promise<ProjectRow> {
  return ctx.db.selectFrom('projects').selectAll().where('project_id', '=', id).executeTakeFirstOrThrow();
}

export async function updateProject(ctx: CallContext, input: ProjectUpdateParams): Promise<ProjectRow> {
  const { project_id, ...changes } = input;
  // A new rate adds the project's kept totals up again: time-log writers must wait (before the first read, for MySQL's snapshot).
  if (changes.hourly_rate !== undefined) await lockProject(ctx.db, project_id);
  const project = await getVisibleProject(ctx, project_id);
  const unarchiving = changes.function !== undefined && changes.function !== 'archive';
  if (project.function === 'archive' && !unarchiving) {
    throw conflict(`Project ${project_id} is archived and read-only; un-archive it first (function=default)`);
  }
  checkLists(ctx, changes);
  assertDateOrder(
    changes.date_start !== undefined ? changes.date_start : project.date_start,
    changes.date_finish !== undefined ? changes.date_finish : project.date_finish,
  );
  await updateProjectRow(ctx.db, project_id, { ...toColumns(changes), modified: ctx.now, activity: ctx.now });
  if (changes.hourly_rate !== undefined && changes.hourly_rate !== numberOrNull(project.hourly_rate)) {
    await rebuildTotals(ctx.db, ctx.settings.hourly_rate, project_id);
  }
  return loadProject(ctx, project_id);
}

export async function deleteProject(ctx: CallContext, projectId: number): Promise<{ project: ProjectRow; blobKeys: string[] }> {
  // Lock before the first read: an upload committing meanwhile must be in the list of blobs to delete
  // (MySQL's snapshot starts at the first read), and writers in the project wait for the delete.
  await lockProject(ctx.db, projectId);
  const project = await getVisibleProject(ctx, projectId);
  const blobKeys = await deleteProjectCascade(ctx.db, projectId);
  return { project, blobKeys };
}

export async function findProjects(ctx: CallContext, params: ProjectListParams) {
  const query = whereWork(whereEquals(visibleProjects(ctx.db, ctx.caller).selectAll('projects'), 'projects', params), 'projects', params, ctx.now);
  const { rows, data } = await runList(query, projectListSpec, params, ctx.settings);
  return { data, projects: rows.map(presentProject) };
}

const numberOrNull = (value: number | null) => (value === null ? null : Number(value));
