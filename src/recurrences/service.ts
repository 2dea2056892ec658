import { writableAt, writableFrom } from '../access/placement.js';
import { findVisibleAction } from '../actions/repository.js';
import type { RecurrenceRow } from '../db/types.js';
import { runList, whereEquals } from '../engine/lists.js';
import type { CallContext } from '../engine/method.js';
import { forbidden, invalidParams, notFound } from '../errors.js';
import { findVisibleProject } from '../projects/repository.js';
import type { RecurrenceCreateParams, RecurrenceListParams, RecurrenceUpdateParams } from './methods.js';
import { deleteRecurrenceRow, findVisibleRecurrence, insertRecurrence, loadRecurrence, updateRecurrenceRow, visibleRecurrences } from './repository.js';
import { occurrenceFrom, parsedRule, normalRule } from './rule.js';
import { presentRecurrence, recurrenceListSpec } from './schemas.js';

export async function getVisibleRecurrence(ctx: CallContext, recurrenceId: number): Promise<RecurrenceRow> {
  const row = await findVisibleRecurrence(ctx.db, ctx.caller, recurrenceId);
  if (!row) throw notFound('Recurrence', recurrenceId);
  return row;
}

export async function findRecurrences(ctx: CallContext, params: RecurrenceListParams) {
  const { limit, offset, page, sort, ...filters } = params;
  const query = whereEquals(visibleRecurrences(ctx.db, ctx.caller).selectAll('recurrences'), 'recurrences', filters);
  const { rows, data } = await runList(query, recurrenceListSpec, params, ctx.settings);
  return { data, recurrences: rows.map(presentRecurrence) };
}

/**
 * The first occurrence still to make: the rule's first at or after now (a recurrence never makes
 * occurrences from before it was set). A rule with none left is refused, as it would never run.
 */
function firstDue(rule: string, starts: number, now: number): number {
  const next = occurrenceFrom(parsedRule(rule, starts), Math.max(starts, now), true);
  if (next === null) throw invalidParams([{ param: 'rule', message: 'has no occurrence from now on (its COUNT or UNTIL has passed)' }]);
  return next;
}

export async function createRecurrence(ctx: CallContext, input: RecurrenceCreateParams): Promise<RecurrenceRow> {
  const action = await findVisibleAction(ctx.db, ctx.caller, input.action_id);
  if (!action) throw notFound('Action', input.action_id);
  // Each occurrence copies the action's sub-actions and adds to its project: both take the project.
  if (!(await findVisibleProject(ctx.db, ctx.caller, action.project_id))) {
    throw forbidden(`Repeating action ${action.action_id} needs access to project ${action.project_id}, since its sub-actions are copied with it`);
  }
  await writableAt(ctx, { projectId: action.project_id, actionId: 0 });
  const rule = normalRule(input.rule);
  const starts = input.starts ?? (action.date_start === null ? ctx.now : Number(action.date_start));
  const id = await insertRecurrence(ctx.db, {
    project_id: action.project_id,
    action_id: action.action_id,
    rule,
    starts,
    next_at: firstDue(rule, starts, ctx.now),
    last_at: null,
    created: ctx.now,
    created_by: ctx.caller.id,
    modified: ctx.now,
  });
  return loadRecurrence(ctx.db, id);
}

/** A new rule or start takes effect from now: the next occurrence is computed again. */
export async function updateRecurrence(ctx: CallContext, input: RecurrenceUpdateParams): Promise<RecurrenceRow> {
  const row = await getVisibleRecurrence(ctx, input.recurrence_id);
  await writableFrom(ctx, { projectId: row.project_id, actionId: 0 }, () => `Changing recurrence ${row.recurrence_id} needs write access to project ${row.project_id}`);
  const rule = input.rule === undefined ? row.rule : normalRule(input.rule);
  const starts = input.starts ?? Number(row.starts);
  await updateRecurrenceRow(ctx.db, row.recurrence_id, { rule, starts, next_at: firstDue(rule, starts, ctx.now), modified: ctx.now });
  return loadRecurrence(ctx.db, row.recurrence_id);
}

/** Stops a recurrence (the copies it made stay); answers it as it was. */
export async function deleteRecurrence(ctx: CallContext, recurrenceId: number): Promise<RecurrenceRow> {
  const row = await getVisibleRecurrence(ctx, recurrenceId);
  await writableFrom(ctx, { projectId: row.project_id, actionId: 0 }, () => `Deleting recurrence ${recurrenceId} needs write access to project ${row.project_id}`);
  await deleteRecurrenceRow(ctx.db, recurrenceId);
  return row;
}
