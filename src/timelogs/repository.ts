import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { onlyVisible, recordVisible } from '../access/visibility.js';
import { addElapsedUpTheTree, pathToTop } from '../actions/repository.js';
import { dialectFor, insertReturningId } from '../db/dialect.js';
import type { Database, TimelogRow, TimelogsTable } from '../db/types.js';
import type { Caller } from '../engine/method.js';
import type { Insertable, Updateable } from 'kysely';
import type { Totals, TimelogView } from './schemas.js';

type Db = Kysely<Database>;

/** The effective hourly rate of a time log: its project's, else the configured default. */
function rateSql(defaultRate: number): RawBuilder<number> {
  return sql<number>`coalesce(projects.hourly_rate, ${defaultRate})`;
}

/**
 * The amount of a time log in whole cents: the rate rounded to cents, times the hours, rounded half up.
 * Computed in SQL — as DECIMAL, so PostgreSQL and MySQL round exactly as SQLite does — because list
 * totals must add the very same per-record amounts without loading the rows. Null while running.
 */
function amountCentsSql(defaultRate: number): RawBuilder<number | null> {
  return sql<number | null>`round(round(cast(${rateSql(defaultRate)} as decimal(24,6)) * 100) * timelogs.duration / 3600)`;
}

/** Time logs joined to their project, with the effective `rate` and `amount_cents` beside each row. */
export function timelogView(db: Db, defaultRate: number) {
  return db
    .selectFrom('timelogs')
    .innerJoin('projects', 'projects.project_id', 'timelogs.project_id')
    .selectAll('timelogs')
    .select([rateSql(defaultRate).as('rate'), amountCentsSql(defaultRate).as('amount_cents')]);
}

export type TimelogQuery = ReturnType<typeof timelogView>;

/** Time logs the caller may see (docs/api.md, Roles and visibility): in a visible project, or on an action assigned to them. */
export function visibleTimelogs(db: Db, caller: Caller, defaultRate: number): TimelogQuery {
  return onlyVisible(timelogView(db, defaultRate), caller, (eb) => recordVisible(eb, caller, 'timelogs.project_id', 'timelogs.action_id'));
}

export function findVisibleTimelog(db: Db, caller: Caller, defaultRate: number, id: number): Promise<TimelogView | undefined> {
  return visibleTimelogs(db, caller, defaultRate).where('timelogs.timelog_id', '=', id).executeTakeFirst();
}

/** Reads a time log just written, whoever may see it (the reply to the writer). */
export function loadTimelog(db: Db, defaultRate: number, id: number): Promise<TimelogView> {
  return timelogView(db, defaultRate).where('timelogs.timelog_id', '=', id).executeTakeFirstOrThrow();
}

/**
 * The stored row as it is now, locked until the transaction ends. A locking read also sees rows that
 * other transactions committed after this one's snapshot (MySQL's repeatable read), so a timer stopped
 * concurrently is seen as stopped. SQLite serialises writers and has no FOR UPDATE.
 */
export function lockTimelog(db: Db, id: number): Promise<TimelogRow | undefined> {
  const query = db.selectFrom('timelogs').selectAll().where('timelog_id', '=', id);
  return (dialectFor(db) === 'sqlite' ? query : query.forUpdate()).executeTakeFirst();
}

export function insertTimelog(db: Db, row: Insertable<TimelogsTable>): Promise<number> {
  return insertReturningId(db, 'timelogs', row as Record<string, unknown>, 'timelog_id');
}

export async function updateTimelogRow(db: Db, id: number, changes: Updateable<TimelogsTable>): Promise<void> {
  await db.updateTable('timelogs').set(changes).where('timelog_id', '=', id).execute();
}

export async function deleteTimelogRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('timelogs').where('timelog_id', '=', id).execute();
}

/**
 * Adds `seconds` (negative to remove) to the project's and the action's `elapsed`, and records the
 * project's activity. Increments, not recounts: an UPDATE always works on the latest committed value,
 * so concurrent writers cannot lose each other's time whatever the isolation level.
 */
export async function addElapsed(db: Db, place: { projectId: number; actionId: number }, seconds: number, now: number): Promise<void> {
  await db
    .updateTable('projects')
    .set((eb) => ({ elapsed: eb('elapsed', '+', seconds), activity: now }))
    .where('project_id', '=', place.projectId)
    .execute();
  if (place.actionId > 0) await addElapsedUpTheTree(db, await pathToTop(db, place.actionId), seconds);
}

/** The SUMs behind `data.totals`, as select expressions over `timelogs` joined to `projects`. */
export function totalsColumns(defaultRate: number) {
  const seconds = sql`coalesce(timelogs.duration, 0)`;
  return [
    sql<number>`coalesce(sum(${seconds}), 0)`.as('duration'),
    sql<number>`coalesce(sum(case when timelogs.billable = 1 then ${seconds} else 0 end), 0)`.as('billable'),
    sql<number>`coalesce(sum(case when timelogs.invoice_id > 0 then ${seconds} else 0 end), 0)`.as('billed'),
    sql<number>`coalesce(sum(case when timelogs.billable = 1 and timelogs.invoice_id = 0 then ${seconds} else 0 end), 0)`.as('unbilled'),
    sql<number>`coalesce(sum(case when timelogs.billable = 1 then coalesce(${amountCentsSql(defaultRate)}, 0) else 0 end), 0)`.as('cents'),
  ];
}

/** `data.totals` over every record `query` matches, by aggregates in the database. */
export async function timelogTotals(query: SelectQueryBuilder<any, any, any>, defaultRate: number): Promise<Totals> {
  const row = await query.clearSelect().select(totalsColumns(defaultRate)).executeTakeFirst();
  return {
    duration: Number(row?.duration ?? 0),
    billable: Number(row?.billable ?? 0),
    billed: Number(row?.billed ?? 0),
    unbilled: Number(row?.unbilled ?? 0),
    amount: Number(row?.cents ?? 0) / 100,
  };
}
