import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import { inVisibleProject, onlyVisible } from '../access/visibility.js';
import { insertReturningId } from '../db/dialect.js';
import type { Database, RecurrenceRow, RecurrencesTable } from '../db/types.js';
import type { Caller } from '../engine/method.js';

type Db = Kysely<Database>;

/** Recurrences the caller may see: those of projects they see (an assignee's view of one action is not enough, as for copying it). */
export function visibleRecurrences(db: Db, caller: Caller) {
  return onlyVisible(db.selectFrom('recurrences'), caller, (eb) => inVisibleProject(eb, caller, 'recurrences.project_id'));
}

export function findVisibleRecurrence(db: Db, caller: Caller, recurrenceId: number): Promise<RecurrenceRow | undefined> {
  return visibleRecurrences(db, caller).selectAll('recurrences').where('recurrences.recurrence_id', '=', recurrenceId).executeTakeFirst();
}

export function loadRecurrence(db: Db, recurrenceId: number): Promise<RecurrenceRow> {
  return db.selectFrom('recurrences').selectAll().where('recurrence_id', '=', recurrenceId).executeTakeFirstOrThrow();
}

export function insertRecurrence(db: Db, row: Insertable<RecurrencesTable>): Promise<number> {
  return insertReturningId(db, 'recurrences', row as Record<string, unknown>, 'recurrence_id');
}

export async function updateRecurrenceRow(db: Db, recurrenceId: number, changes: Updateable<RecurrencesTable>): Promise<void> {
  await db.updateTable('recurrences').set(changes).where('recurrence_id', '=', recurrenceId).execute();
}

export async function deleteRecurrenceRow(db: Db, recurrenceId: number): Promise<void> {
  await db.deleteFrom('recurrences').where('recurrence_id', '=', recurrenceId).execute();
}

/** The recurrences whose next occurrence is due at `now`, the most overdue first. */
export function dueRecurrences(db: Db, now: number, limit: number): Promise<RecurrenceRow[]> {
  return db.selectFrom('recurrences').selectAll().where('next_at', '<=', now).orderBy('next_at').orderBy('recurrence_id').limit(limit).execute();
}

/**
 * Claims one occurrence: moves `next_at` from the one due on to `next`, only if no one else has. True
 * when this caller claimed it (then it, and only it, deals with that occurrence). One `passedOver`
 * moves on without counting it as made.
 */
export async function claimOccurrence(db: Db, row: RecurrenceRow, next: number | null, now: number, passedOver = false): Promise<boolean> {
  const made = passedOver ? {} : { last_at: row.next_at, occurrences: sql<number>`occurrences + 1` };
  const result = await db
    .updateTable('recurrences')
    .set({ next_at: next, modified: now, ...made })
    .where('recurrence_id', '=', row.recurrence_id)
    .where('next_at', '=', row.next_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Drops the recurrences of deleted actions (the actions they copy are gone). */
export async function deleteRecurrencesOf(db: Db, projectId: number, actionIds: readonly number[]): Promise<void> {
  for (let i = 0; i < actionIds.length; i += 500) {
    await db.deleteFrom('recurrences').where('project_id', '=', projectId).where('action_id', 'in', actionIds.slice(i, i + 500)).execute();
  }
}
