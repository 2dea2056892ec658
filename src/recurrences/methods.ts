import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Params } from '../engine/types.js';
import { presentRecurrence, RecurrenceRecord, recurrenceFields, recurrenceFilters, recurrenceListSpec } from './schemas.js';
import * as service from './service.js';

const recurrenceId = { recurrence_id: Id('Recurrence id') };

const listSchema = listParams(recurrenceFilters, recurrenceListSpec);
const createSchema = Params({ action_id: Id('The action to copy at each occurrence, with its sub-actions'), ...recurrenceFields }, ['action_id', 'rule']);
const updateSchema = Params({ ...recurrenceId, ...recurrenceFields }, ['recurrence_id']);
const idSchema = Params(recurrenceId, ['recurrence_id']);

export type RecurrenceListParams = Static<typeof listSchema>;
export type RecurrenceCreateParams = Static<typeof createSchema>;
export type RecurrenceUpdateParams = Static<typeof updateSchema>;

const reply = singleReply('recurrence', RecurrenceRecord);

export const findRecurrences = defineMethod({
  name: 'findRecurrences',
  resource: 'recurrences',
  chain: 'recurrences',
  http: 'GET',
  description: 'Return a Recurrence List: actions copied on a schedule',
  params: listSchema,
  reply: listReply('recurrences', RecurrenceRecord),
  tx: 'read',
  run: (ctx, params) => service.findRecurrences(ctx, params),
});

export const createRecurrence = defineMethod({
  name: 'createRecurrence',
  resource: 'recurrences',
  chain: 'recurrences',
  http: 'POST',
  description: 'Repeat an Action: copy it, with its sub-actions, at each occurrence of an RFC 5545 rule',
  params: createSchema,
  reply,
  run: async (ctx, params) => ({ recurrence: presentRecurrence(await service.createRecurrence(ctx, params)) }),
});

export const getRecurrence = defineMethod({
  name: 'getRecurrence',
  resource: 'recurrences',
  chain: 'recurrences/{recurrence_id}',
  http: 'GET',
  description: 'Return a Recurrence, with its next occurrences',
  params: idSchema,
  reply,
  run: async (ctx, params) => ({ recurrence: presentRecurrence(await service.getVisibleRecurrence(ctx, params.recurrence_id)) }),
});

export const updateRecurrence = defineMethod({
  name: 'updateRecurrence',
  resource: 'recurrences',
  chain: 'recurrences/{recurrence_id}',
  http: 'PUT',
  description: 'Update a Recurrence: a new rule or start applies from now',
  params: updateSchema,
  reply,
  run: async (ctx, params) => ({ recurrence: presentRecurrence(await service.updateRecurrence(ctx, params)) }),
});

export const deleteRecurrence = defineMethod({
  name: 'deleteRecurrence',
  resource: 'recurrences',
  chain: 'recurrences/{recurrence_id}',
  http: 'DELETE',
  description: 'Stop a Recurrence (the copies it made stay)',
  params: idSchema,
  reply,
  run: async (ctx, params) => ({ recurrence: presentRecurrence(await service.deleteRecurrence(ctx, params.recurrence_id)) }),
});

export const recurrenceMethods = [findRecurrences, createRecurrence, getRecurrence, updateRecurrence, deleteRecurrence];
