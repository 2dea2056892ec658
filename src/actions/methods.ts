import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Params } from '../engine/types.js';
import { actionFilters, actionListSpec, ActionRecord, presentAction } from './schemas.js';
import * as service from './service.js';

const actionId = { action_id: Id('Action id') };

const listSchema = listParams(actionFilters, actionListSpec);
const idSchema = Params(actionId, ['action_id']);

export type ActionListParams = Static<typeof listSchema>;

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

export const actionMethods = [findActions, getAction];
