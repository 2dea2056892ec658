import { Type } from '@sinclair/typebox';
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { Bool, Int, Timestamp } from './types.js';

/**
 * What people ask a task or project list every day, beyond equality: date ranges, overdue, due soon,
 * not in a status, not yet done. Projects and actions share them (both have dates, a status and
 * `complete`); time logs have their own `date_from`/`date_to`.
 */
export const workFilters = {
  date_start_after: Timestamp('Only those starting at or after this time'),
  date_start_before: Timestamp('Only those starting at or before this time (a date: through that day)'),
  date_finish_after: Timestamp('Only those due at or after this time'),
  date_finish_before: Timestamp('Only those due at or before this time (a date: through that day)'),
  overdue: Bool('true: only those past their date_finish and not complete (100); false: all others'),
  due_within: Int('Only those not complete and due from now to this many days ahead', 0, 3650),
  status_not: Type.String({ maxLength: 255, pattern: '\\S', description: 'Leave out these statuses (comma list), e.g. "Closed,Complete"' }),
  complete_below: Int('Only those less complete than this percentage (100: not complete)', 0, 101),
};

type WorkParams = { [K in keyof typeof workFilters]?: unknown };

/** The work filters' names: equality filters pass over them. */
export const WORK_FILTER_KEYS: ReadonlySet<string> = new Set(Object.keys(workFilters));

const DAY = 86_400;

/** An upper bound given as a day (midnight) takes in that whole day, as people mean "due by the 31st". */
export const throughDay = (seconds: number): number => (seconds % DAY === 0 ? seconds + DAY - 1 : seconds);

/** `query` narrowed by the work filters given in `params`, on `table`'s columns, as of `now`. */
export function whereWork<Q extends SelectQueryBuilder<any, any, any>>(query: Q, table: string, params: WorkParams, now: number): Q {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  let q = query;
  const at = (name: string, op: '>=' | '<=', value: unknown) => (q = q.where(col(name), op, value) as Q);
  if (params.date_start_after !== undefined) at('date_start', '>=', params.date_start_after);
  if (params.date_start_before !== undefined) at('date_start', '<=', throughDay(Number(params.date_start_before)));
  if (params.date_finish_after !== undefined) at('date_finish', '>=', params.date_finish_after);
  if (params.date_finish_before !== undefined) at('date_finish', '<=', throughDay(Number(params.date_finish_before)));
  if (params.complete_below !== undefined) q = q.where(col('complete'), '<', params.complete_below) as Q;
  if (params.status_not !== undefined) q = q.where(col('status'), 'not in', statusList(String(params.status_not))) as Q;
  if (params.due_within !== undefined) {
    const horizon = now + Number(params.due_within) * DAY;
    q = q.where((eb) => eb.and([eb(col('complete'), '<', 100), eb(col('date_finish'), '<=', horizon), eb.not(late(eb, col, now))])) as Q;
  }
  if (params.overdue === true) q = q.where((eb) => late(eb, col, now)) as Q;
  if (params.overdue === false) q = q.where((eb) => eb.or([eb(col('date_finish'), 'is', null), eb.not(late(eb, col, now))])) as Q;
  return q;
}

/**
 * Past due and not complete. A due date at midnight is a whole day ("due on the 31st"): it is late
 * once that day is over; a due time is late once it has passed.
 */
function late(eb: ExpressionBuilder<any, any>, col: (name: string) => ReturnType<typeof sql.ref>, now: number): Expression<SqlBool> {
  const startOfToday = now - (now % DAY);
  const finish = col('date_finish');
  return eb.and([
    eb(col('complete'), '<', 100),
    eb.or([eb(finish, '<', startOfToday), eb.and([eb(finish, '<', now), eb(sql`${finish} % ${sql.lit(DAY)}`, '<>', 0)])]),
  ]);
}

function statusList(text: string): string[] {
  return text.split(',').map((status) => status.trim()).filter(Boolean);
}
