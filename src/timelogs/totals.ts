import type { Kysely } from 'kysely';
import { isVisibleRow, visibleColumn } from '../access/visibility.js';
import { addToCounters } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import type { Caller } from '../engine/method.js';
import { totalsColumns, timelogView } from './repository.js';
import type { Totals, TimelogView } from './schemas.js';

type Db = Kysely<Database>;

/**
 * findTimelogs' totals kept per project and action (`timelog_totals`, migration 0007), so a project's
 * list reads one row instead of adding up every log. Each time-log write adds its difference in its
 * own transaction, under the project lock. Amounts are whole cents at the project's effective rate
 * (`priced_rate`); when that rate changes (the project's hourly_rate, or config hourly_rate for a
 * project without one) the project's rows are priced again from the logs: by updateProject at once,
 * or, for a new default, by the project's next time-log write, while lists add up until then.
 */
export const WHOLE_PROJECT = -1;
const COUNTERS = ['logs', 'duration', 'billable', 'billed', 'unbilled', 'amount_cents'] as const;
type Counters = Record<(typeof COUNTERS)[number], number>;

/** What one stored log adds to its totals: the same cases as timelogTotals' SUMs. */
function contribution(log: TimelogView): Counters {
  const seconds = Number(log.duration ?? 0);
  const billable = log.billable === 1;
  const invoiced = log.invoice_id > 0;
  return {
    logs: 1,
    duration: seconds,
    billable: billable ? seconds : 0,
    billed: invoiced ? seconds : 0,
    unbilled: billable && !invoiced ? seconds : 0,
    amount_cents: billable ? Number(log.amount_cents ?? 0) : 0,
  };
}

/** The effective rate of a project, as timelogView computes it; undefined when there is no such project. */
async function effectiveRate(db: Db, projectId: number, defaultRate: number): Promise<number | undefined> {
  const row = await db.selectFrom('projects').select('hourly_rate').where('project_id', '=', projectId).executeTakeFirst();
  return row && (row.hourly_rate === null ? defaultRate : Number(row.hourly_rate));
}

/**
 * Moves a log's part of the totals: `before` (the log as it was, priced now) out, `after` (as it is
 * now, already written) in; null for a create or a delete. A project whose amounts were priced at
 * another rate is added up again from its logs instead, which already shows this write.
 */
export async function moveTotals(db: Db, defaultRate: number, before: TimelogView | null, after: TimelogView | null): Promise<void> {
  const rows = new Map<string, Record<string, number>>();
  const repriced = new Set<number>();
  for (const [log, sign] of [[before, -1], [after, 1]] as const) {
    if (!log) continue;
    const rate = await currentRate(db, log.project_id, defaultRate, repriced);
    if (repriced.has(log.project_id)) continue;
    for (const actionId of [WHOLE_PROJECT, log.action_id]) {
      const key = `${log.project_id}:${actionId}`;
      const row = rows.get(key) ?? { project_id: log.project_id, action_id: actionId, ...zero(), priced_rate: rate };
      for (const [name, value] of Object.entries(contribution(log))) row[name] += sign * value;
      rows.set(key, row);
    }
  }
  const changed = [...rows.values()].filter((row) => !repriced.has(row.project_id) && COUNTERS.some((name) => row[name] !== 0));
  await addToCounters(db, 'timelog_totals', ['project_id', 'action_id'], changed, COUNTERS);
}

const zero = (): Counters => ({ logs: 0, duration: 0, billable: 0, billed: 0, unbilled: 0, amount_cents: 0 });

/** The project's current rate; its totals added up again first (and the project put in `repriced`) when priced at another. */
async function currentRate(db: Db, projectId: number, defaultRate: number, repriced: Set<number>): Promise<number> {
  const rate = (await effectiveRate(db, projectId, defaultRate)) ?? defaultRate;
  if (repriced.has(projectId)) return rate;
  const kept = await db.selectFrom('timelog_totals').select('priced_rate').where('project_id', '=', projectId).where('action_id', '=', WHOLE_PROJECT).executeTakeFirst();
  if (kept && Number(kept.priced_rate) !== rate) {
    await rebuildTotals(db, defaultRate, projectId);
    repriced.add(projectId);
  }
  return rate;
}

/** Adds one project's totals up again from its logs (a new rate, or loaders that insert rows directly). */
export async function rebuildTotals(db: Db, defaultRate: number, projectId: number): Promise<void> {
  await db.deleteFrom('timelog_totals').where('project_id', '=', projectId).execute();
  const rate = await effectiveRate(db, projectId, defaultRate);
  if (rate === undefined) return;
  const byAction = await timelogView(db, defaultRate)
    .where('timelogs.project_id', '=', projectId)
    .clearSelect()
    .select(['timelogs.action_id', (eb) => eb.fn.countAll<number>().as('logs'), ...totalsColumns(defaultRate)])
    .groupBy('timelogs.action_id')
    .execute();
  if (byAction.length === 0) return;
  const whole: Record<string, number> = { project_id: projectId, action_id: WHOLE_PROJECT, ...zero(), priced_rate: rate };
  const rows = byAction.map((sums) => {
    const row: Record<string, number> = { project_id: projectId, action_id: sums.action_id, priced_rate: rate };
    const values = { logs: sums.logs, duration: sums.duration, billable: sums.billable, billed: sums.billed, unbilled: sums.unbilled, amount_cents: sums.cents };
    for (const [name, value] of Object.entries(values)) (row[name] = Number(value)), (whole[name] += Number(value));
    return row;
  });
  rows.push(whole);
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('timelog_totals').values(rows.slice(i, i + 200) as never).execute();
}

/**
 * The kept count and totals of a project's logs (of one of its actions, or of those without one: 0),
 * when they answer the list: the caller sees the whole project and the amounts are priced at its
 * current rate. Undefined otherwise; the list then adds its rows up.
 */
export async function keptTotals(
  db: Db,
  caller: Caller,
  defaultRate: number,
  projectId: number,
  actionId = WHOLE_PROJECT,
): Promise<{ logs: number; totals: Totals } | undefined> {
  const row = await db
    .selectFrom('projects')
    .leftJoin('timelog_totals as t', (join) => join.onRef('t.project_id', '=', 'projects.project_id').on('t.action_id', '=', actionId))
    .select(['projects.hourly_rate', 't.logs', 't.duration', 't.billable', 't.billed', 't.unbilled', 't.amount_cents', 't.priced_rate'])
    .select((eb) => visibleColumn(eb, caller))
    .where('projects.project_id', '=', projectId)
    .executeTakeFirst();
  if (!isVisibleRow(row)) return undefined;
  if (row.logs === null) return { logs: 0, totals: { duration: 0, billable: 0, billed: 0, unbilled: 0, amount: 0 } };
  const rate = row.hourly_rate === null ? defaultRate : Number(row.hourly_rate);
  if (Number(row.priced_rate) !== rate) return undefined;
  return {
    logs: Number(row.logs),
    totals: {
      duration: Number(row.duration),
      billable: Number(row.billable),
      billed: Number(row.billed),
      unbilled: Number(row.unbilled),
      amount: Number(row.amount_cents) / 100,
    },
  };
}

/** The logs of deleted actions stay in the project without an action: their kept totals join action 0's. */
export async function detachTotals(db: Db, projectId: number, actionIds: readonly number[]): Promise<void> {
  const merged: Record<string, number> = { project_id: projectId, action_id: 0, ...zero() };
  let found: { priced_rate: number | null } | undefined;
  for (let i = 0; i < actionIds.length; i += 500) {
    const chunk = actionIds.slice(i, i + 500);
    const scope = db.selectFrom('timelog_totals').where('project_id', '=', projectId).where('action_id', 'in', chunk);
    for (const row of await scope.selectAll().execute()) {
      for (const name of COUNTERS) merged[name] += Number(row[name]);
      found = row;
    }
    await db.deleteFrom('timelog_totals').where('project_id', '=', projectId).where('action_id', 'in', chunk).execute();
  }
  if (found) await addToCounters(db, 'timelog_totals', ['project_id', 'action_id'], [{ ...merged, priced_rate: found.priced_rate }], COUNTERS);
}
