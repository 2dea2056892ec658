import type { Static } from '@sinclair/typebox';
import { inTransaction } from '../db/dialect.js';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Params } from '../engine/types.js';
import { presentProject, projectFields, projectFilters, projectListSpec, ProjectRecord } from './schemas.js';
import { copyProject as copy } from './copy.js';
import * as service from './service.js';

const projectId = { project_id: Id('Project id') };

const listSchema = listParams(projectFilters, projectListSpec);
const createSchema = Params(projectFields, ['name']);
const updateSchema = Params({ ...projectId, ...projectFields }, ['project_id']);
const idSchema = Params(projectId, ['project_id']);
const copySchema = Params({ ...projectId, ...projectFields }, ['project_id', 'name']);

export type ProjectListParams = Static<typeof listSchema>;
export type ProjectCreateParams = Static<typeof createSchema>;
export type ProjectUpdateParams = Static<typeof updateSchema>;
export type ProjectCopyParams = Static<typeof copySchema>;

export const findProjects = defineMethod({
  name: 'findProjects',
  resource: 'projects',
  chain: 'projects',
  http: 'GET',
  description: 'Return a Project List',
  params: listSchema,
  reply: listReply('projects', ProjectRecord),
  tx: 'read',
  run: (ctx, params) => service.findProjects(ctx, params),
});

export const createProject = defineMethod({
  name: 'createProject',
  resource: 'projects',
  chain: 'projects',
  http: 'POST',
  description: 'Create a Project',
  params: createSchema,
  reply: singleReply('project', ProjectRecord),
  run: async (ctx, params) => ({ project: presentProject(await service.createProject(ctx, params)) }),
});

export const getProject = defineMethod({
  name: 'getProject',
  resource: 'projects',
  chain: 'projects/{project_id}',
  http: 'GET',
  description: 'Return a Project',
  params: idSchema,
  reply: singleReply('project', ProjectRecord),
  run: async (ctx, params) => ({ project: presentProject(await service.getVisibleProject(ctx, params.project_id)) }),
});

export const updateProject = defineMethod({
  name: 'updateProject',
  resource: 'projects',
  chain: 'projects/{project_id}',
  http: 'PUT',
  description: 'Update a Project',
  params: updateSchema,
  reply: singleReply('project', ProjectRecord),
  run: async (ctx, params) => ({ project: presentProject(await service.updateProject(ctx, params)) }),
});

export const deleteProject = defineMethod({
  name: 'deleteProject',
  resource: 'projects',
  chain: 'projects/{project_id}',
  http: 'DELETE',
  description: 'Delete a Project',
  params: idSchema,
  reply: singleReply('project', ProjectRecord),
  // The rows go in one transaction; stored file contents only once it has committed.
  tx: 'none',
  async run(ctx, params) {
    const { project, blobKeys } = await inTransaction(ctx.db, (db) => service.deleteProject({ ...ctx, db }, params.project_id));
    await Promise.all(blobKeys.map((key) => ctx.blobs.delete(key)));
    return { project: presentProject(project) };
  },
});

export const copyProject = defineMethod({
  name: 'copyProject',
  resource: 'projects',
  chain: 'projects/{project_id}/copy',
  http: 'POST',
  description: 'Copy a Project (or a template) into a new one: its fields and action tree, dates moved to date_start, no progress or history',
  params: copySchema,
  reply: singleReply('project', ProjectRecord),
  run: async (ctx, params) => ({ project: presentProject(await copy(ctx, params)) }),
});

export const projectMethods = [findProjects, createProject, getProject, updateProject, deleteProject, copyProject];
