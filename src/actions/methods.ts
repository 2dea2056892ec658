import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Nullable, Params, RefId, Timestamp } from '../engine/types.js';
import { actionFields, actionFilters, actionListSpec, ActionRecord, presentAction } from './schemas.js';
import { copyAction as copy } from './copy.js';
import * as service from './service.js';

const actionId = { action_id: Id('Action id') };
const projectId = { project_id: Id('Project id (cannot change on update)') };

const listSchema = listParams(actionFilters, actionListSpec);
const createSchema = Params({ ...projectId, ...actionFields }, ['project_id', 'name']);
const updateSchema = Params({ ...actionId, ...projectId, ...actionFields }, ['action_id']);
const idSchema = Params(actionId, ['action_id']);
const copySchema = Params(
  {
    ...actionId,
    project_id: Id('Project to copy into (default: the action\'s own)'),
    parent_action_id: RefId('Parent to copy under, in that project (0 = top level; default: the action\'s own parent, or the top level of another project)'),
    name: actionFields.name,
    date_start: Nullable(Timestamp('Start of the copy: every date of the subtree moves by as far as the start moves')),
  },
  ['action_id'],
);

export type ActionListParams = Static<typeof listSchema>;
export type ActionCreateParams = Static<typeof createSchema>;
export type ActionUpdateParams = Static<typeof updateSchema>;
export type ActionCopyParams = Static<typeof copySchema>;

export const findActions = defineMethod({
  name: 'findActions',
  resource: 'actions',
  chain: 'actions',
  http: 'GET',
  description: 'Return a Action List',
  params: listSchema,
  reply: listReply('actions', ActionRecord),
  tx: 'read',
  run: (ctx, params) => service.findActions(ctx, params),
});

// The writes open their own transaction (tx: 'none'): it must start by locking the project row,
// and for an update or delete the project is only known after reading the action.
export const createAction = defineMethod({
  name: 'createAction',
  resource: 'actions',
  chain: 'actions',
  http: 'POST',
  description: 'Create a Action',
  params: createSchema,
  reply: singleReply('action', ActionRecord),
  tx: 'none',
  run: async (ctx, params) => ({ action: await service.createAction(ctx, params) }),
});

export const getAction = defineMethod({
  name: 'getAction',
  resource: 'actions',
  chain: 'actions/{action_id}',
  http: 'GET',
  description: 'Return a Action',
  params: idSchema,
  reply: singleReply('action', ActionRecord),
  run: async (ctx, params) => ({ action: presentAction(await service.getVisibleAction(ctx, params.action_id)) }),
});

export const updateAction = defineMethod({
  name: 'updateAction',
  resource: 'actions',
  chain: 'actions/{action_id}',
  http: 'PUT',
  description: 'Update a Action',
  params: updateSchema,
  reply: singleReply('action', ActionRecord),
  tx: 'none',
  run: async (ctx, params) => ({ action: await service.updateAction(ctx, params) }),
});

export const deleteAction = defineMethod({
  name: 'deleteAction',
  resource: 'actions',
  chain: 'actions/{action_id}',
  http: 'DELETE',
  description: 'Delete a Action',
  params: idSchema,
  reply: singleReply('action', ActionRecord),
  tx: 'none',
  run: async (ctx, params) => ({ action: await service.deleteAction(ctx, params.action_id) }),
});

export const copyAction = defineMethod({
  name: 'copyAction',
  resource: 'actions',
  chain: 'actions/{action_id}/copy',
  http: 'POST',
  description: 'Copy an Action with its sub-actions (to the end of a parent, in this or another project), dates moved to date_start, no progress or history',
  params: copySchema,
  reply: singleReply('action', ActionRecord),
  tx: 'none',
  run: async (ctx, params) => ({ action: await copy(ctx, params) }),
});

export const actionMethods = [findActions, createAction, getAction, updateAction, deleteAction, copyAction];
