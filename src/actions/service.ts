import type { ActionRow } from '../db/types.js';
import { runList, whereEquals } from '../engine/lists.js';
import type { CallContext } from '../engine/method.js';
import { notFound } from '../errors.js';
import type { ActionListParams } from './methods.js';
import { findVisibleAction, visibleActions } from './repository.js';
import { actionListSpec, presentAction } from './schemas.js';

export async function getVisibleAction(ctx: CallContext, actionId: number): Promise<ActionRow> {
  const action = await findVisibleAction(ctx.db, ctx.caller, actionId);
  if (!action) throw notFound('Action', actionId);
  return action;
}

export async function findActions(ctx: CallContext, params: ActionListParams) {
  const { limit, offset, page, sort, q, modified_since, ...filters } = params;
  const query = whereEquals(visibleActions(ctx.db, ctx.caller).selectAll('actions'), 'actions', filters);
  const { rows, data } = await runList(query, actionListSpec, params, ctx.settings);
  return { data, actions: rows.map(presentAction) };
}
