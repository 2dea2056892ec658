import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { singleReply } from '../engine/records.js';
import { Bool, Id, Params } from '../engine/types.js';
import { presentTimelog, timelogFields, timelogFilters, TimelogListReply, timelogListSpec, TimelogRecord } from './schemas.js';
import * as service from './service.js';

const timelogId = { timelog_id: Id('Time log id') };

const listSchema = listParams(timelogFilters, timelogListSpec);
const createSchema = Params({ project_id: Id('Project id'), ...timelogFields }, ['project_id']);
const updateSchema = Params(
  {
    ...timelogId,
    project_id: Id('Move the time log to this project (its action must be in that project, or 0)'),
    ...timelogFields,
    stop: Bool('true stops a running timer: date_stop = now (or the date_stop given), duration = stop - start (or the duration given)'),
  },
  ['timelog_id'],
);
const idSchema = Params(timelogId, ['timelog_id']);

export type TimelogListParams = Static<typeof listSchema>;
export type TimelogCreateParams = Static<typeof createSchema>;
export type TimelogUpdateParams = Static<typeof updateSchema>;

const timelogReply = singleReply('timelog', TimelogRecord);

export const findTimelogs = defineMethod({
  name: 'findTimelogs',
  resource: 'timelogs',
  chain: 'timelogs',
  http: 'GET',
  description: 'Return a Timelog List',
  params: listSchema,
  reply: TimelogListReply,
  // The page, the count and the totals are read on one snapshot, so they agree.
  tx: 'read',
  run: (ctx, params) => service.findTimelogs(ctx, params),
});

export const createTimelog = defineMethod({
  name: 'createTimelog',
  resource: 'timelogs',
  chain: 'timelogs',
  http: 'POST',
  description: 'Create a Timelog',
  params: createSchema,
  reply: timelogReply,
  run: async (ctx, params) => ({ timelog: presentTimelog(await service.createTimelog(ctx, params)) }),
});

export const getTimelog = defineMethod({
  name: 'getTimelog',
  resource: 'timelogs',
  chain: 'timelogs/{timelog_id}',
  http: 'GET',
  description: 'Return a Timelog',
  params: idSchema,
  reply: timelogReply,
  run: async (ctx, params) => ({ timelog: presentTimelog(await service.getVisibleTimelog(ctx, params.timelog_id)) }),
});

export const updateTimelog = defineMethod({
  name: 'updateTimelog',
  resource: 'timelogs',
  chain: 'timelogs/{timelog_id}',
  http: 'PUT',
  description: 'Update a Timelog',
  params: updateSchema,
  reply: timelogReply,
  run: async (ctx, params) => ({ timelog: presentTimelog(await service.updateTimelog(ctx, params)) }),
});

export const deleteTimelog = defineMethod({
  name: 'deleteTimelog',
  resource: 'timelogs',
  chain: 'timelogs/{timelog_id}',
  http: 'DELETE',
  description: 'Delete a Timelog',
  params: idSchema,
  reply: timelogReply,
  run: async (ctx, params) => ({ timelog: presentTimelog(await service.deleteTimelog(ctx, params.timelog_id)) }),
});

export const timelogMethods = [findTimelogs, createTimelog, getTimelog, updateTimelog, deleteTimelog];
