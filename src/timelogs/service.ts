import { placeOf, writableAt, writableFrom, writableMove } from '../access/placement.js';
import { assertConfigured } from '../settings/settings.js';
import type { TimelogRow } from '../db/types.js';
import { narrowsOnlyBy, pageOf, searchAndSince, whereEquals } from '../engine/lists.js';
import { throughDay } from '../engine/work-filters.js';
import type { CallContext } from '../engine/method.js';
import { conflict, notFound } from '../errors.js';
import type { TimelogCreateParams, TimelogListParams, TimelogUpdateParams } from './methods.js';
import { moveElapsed } from './elapsed.js';
import { checkReferences, defaultBillable, lockProjects } from './placement.js';
import {
  deleteTimelogRow,
  findVisibleTimelog,
  insertTimelog,
  loadTimelog,
  lockTimelog,
  timelogTotals,
  updateTimelogRow,
  visibleTimelogs,
  type TimelogQuery,
} from './repository.js';
import { presentTimelog, timelogListSpec, type TimelogView } from './schemas.js';
import { keptTotals, moveTotals } from './totals.js';
import { timingForCreate, timingForStop, timingForUpdate } from './timing.js';

export async function getVisibleTimelog(ctx: CallContext, timelogId: number): Promise<TimelogView> {
  const timelog = await findVisibleTimelog(ctx.db, ctx.caller, ctx.settings.hourly_rate, timelogId);
  if (!timelog) throw notFound('Time log', timelogId);
  return timelog;
}

export async function createTimelog(ctx: CallContext, input: TimelogCreateParams): Promise<TimelogView> {
  assertConfigured(ctx.settings, 'timelog_types', input.type, 'type');
  const timing = timingForCreate(input, ctx.now);
  const place = { projectId: input.project_id, actionId: input.action_id ?? 0 };
  const project = await writableAt(ctx, place);
  await lockProjects(ctx, [place.projectId]);
  await checkReferences(ctx, place.projectId, input);
  const id = await insertTimelog(ctx.db, {
    action_id: 0,
    ticket_id: 0,
    adminid: ctx.caller.id,
    type: ctx.settings.timelog_types[0] ?? '',
    note: '',
    invoice_id: 0,
    ...input,
    ...timing,
    billable: (input.billable ?? (await defaultBillable(ctx, project, place.actionId))) ? 1 : 0,
    created: ctx.now,
    modified: ctx.now,
  });
  await moveElapsed(ctx, null, { place, seconds: timing.duration });
  const created = await loadTimelog(ctx.db, ctx.settings.hourly_rate, id);
  await moveTotals(ctx.db, ctx.settings.hourly_rate, null, created);
  return created;
}

/**
 * The stored row once its projects are locked, seen fresh (not from an older snapshot). It must still
 * be where it was when the caller's access was checked; a concurrent move is reported, not followed.
 */
async function lockedCurrent(ctx: CallContext, seen: TimelogRow): Promise<TimelogRow> {
  const current = await lockTimelog(ctx.db, seen.timelog_id);
  if (!current) throw notFound('Time log', seen.timelog_id);
  if (current.project_id !== seen.project_id) throw conflict(`Time log ${seen.timelog_id} was moved by another request; try again`);
  return current;
}

export async function updateTimelog(ctx: CallContext, input: TimelogUpdateParams): Promise<TimelogView> {
  const { timelog_id, stop, ...changes } = input;
  assertConfigured(ctx.settings, 'timelog_types', changes.type, 'type');
  const seen = await getVisibleTimelog(ctx, timelog_id);
  const from = placeOf(seen);
  const to = { projectId: changes.project_id ?? from.projectId, actionId: changes.action_id ?? from.actionId };
  // Another admin's log too: moving it to another project needs write access to both projects.
  await writableMove(ctx, `time log ${timelog_id}`, from, to);
  await lockProjects(ctx, [from.projectId, to.projectId]);
  const current = await lockedCurrent(ctx, seen);
  // Seconds go where the row ends up, read from the fresh row (its action may have changed meanwhile).
  const settled = { projectId: to.projectId, actionId: changes.action_id ?? current.action_id };
  // A log moved to another project keeps its action only if that action is in the new project too.
  const moved = to.projectId !== from.projectId;
  await checkReferences(ctx, settled.projectId, { ...changes, action_id: moved ? settled.actionId : changes.action_id });
  const timing = stop ? timingForStop(current, changes, ctx.now) : timingForUpdate(current, changes);
  const before = await loadTimelog(ctx.db, ctx.settings.hourly_rate, timelog_id);
  const { billable, ...rest } = changes;
  await updateTimelogRow(ctx.db, timelog_id, {
    ...rest,
    ...timing,
    ...(billable !== undefined && { billable: billable ? 1 : 0 }),
    modified: ctx.now,
  });
  await moveElapsed(ctx, { place: placeOf(current), seconds: current.duration }, { place: settled, seconds: timing.duration });
  const after = await loadTimelog(ctx.db, ctx.settings.hourly_rate, timelog_id);
  await moveTotals(ctx.db, ctx.settings.hourly_rate, before, after);
  return after;
}

export async function deleteTimelog(ctx: CallContext, timelogId: number): Promise<TimelogView> {
  const seen = await getVisibleTimelog(ctx, timelogId);
  await writableFrom(ctx, placeOf(seen), () => `Deleting time log ${timelogId} needs write access to project ${seen.project_id}`);
  await lockProjects(ctx, [seen.project_id]);
  const current = await lockedCurrent(ctx, seen);
  const asItWas = await loadTimelog(ctx.db, ctx.settings.hourly_rate, timelogId);
  await deleteTimelogRow(ctx.db, timelogId);
  await moveElapsed(ctx, { place: placeOf(current), seconds: current.duration }, null);
  await moveTotals(ctx.db, ctx.settings.hourly_rate, asItWas, null);
  return asItWas;
}


/** The conditions of a list beyond plain equality: invoiced, the date range, q and modified_since. */
function narrow(query: TimelogQuery, params: TimelogListParams): TimelogQuery {
  let narrowed = searchAndSince(query, timelogListSpec, params);
  if (params.invoiced !== undefined) narrowed = narrowed.where('timelogs.invoice_id', params.invoiced ? '>' : '=', 0);
  if (params.date_from !== undefined) narrowed = narrowed.where('timelogs.date_start', '>=', params.date_from);
  if (params.date_to !== undefined) narrowed = narrowed.where('timelogs.date_start', '<=', throughDay(params.date_to));
  return narrowed;
}

export async function findTimelogs(ctx: CallContext, params: TimelogListParams) {
  const { limit, offset, page, sort, q, modified_since, invoiced, date_from, date_to, ...equals } = params;
  const rate = ctx.settings.hourly_rate;
  const query = narrow(whereEquals(visibleTimelogs(ctx.db, ctx.caller, rate), 'timelogs', equals), params);
  // A whole project's list (or one action's in it) reads its kept count and totals; any other
  // condition adds up the rows that match, on the same query as the page.
  const kept = isWholeProject(params) ? await keptTotals(ctx.db, ctx.caller, rate, params.project_id!, params.action_id) : undefined;
  const { rows, data } = await pageOf(query, timelogListSpec, params, ctx.settings, kept?.logs);
  const totals = kept?.totals ?? (await timelogTotals(query, rate));
  return { data: { ...data, totals }, timelogs: rows.map(presentTimelog) };
}

/** A list of one project's logs (or of one action's in it) with no other condition. */
function isWholeProject(params: TimelogListParams): boolean {
  return params.project_id !== undefined && narrowsOnlyBy(params, ['project_id', 'action_id']);
}
