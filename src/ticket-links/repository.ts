import type { Insertable, Kysely, Updateable } from 'kysely';
import { onlyVisible, recordVisible } from '../access/visibility.js';
import { insertReturningId } from '../db/dialect.js';
import type { Database, TicketXrefRow, TicketXrefsTable } from '../db/types.js';
import type { Caller } from '../engine/method.js';

type Db = Kysely<Database>;

/** Ticket links the caller may see: into a visible project, or to an action assigned to them (docs/api.md, Roles and visibility). */
export function visibleXrefs(db: Db, caller: Caller) {
  return onlyVisible(db.selectFrom('ticketxrefs'), caller, (eb) => recordVisible(eb, caller, 'ticketxrefs.project_id', 'ticketxrefs.action_id'));
}

export function findVisibleXref(db: Db, caller: Caller, xrefId: number): Promise<TicketXrefRow | undefined> {
  return visibleXrefs(db, caller).selectAll('ticketxrefs').where('ticketxrefs.xref_id', '=', xrefId).executeTakeFirst();
}

/** A link just written, read whoever the writer is. */
export function loadXref(db: Db, xrefId: number): Promise<TicketXrefRow> {
  return db.selectFrom('ticketxrefs').selectAll().where('xref_id', '=', xrefId).executeTakeFirstOrThrow();
}

export function insertXref(db: Db, row: Insertable<TicketXrefsTable>): Promise<number> {
  return insertReturningId(db, 'ticketxrefs', row as Record<string, unknown>, 'xref_id');
}

export async function updateXrefRow(db: Db, xrefId: number, changes: Updateable<TicketXrefsTable>): Promise<void> {
  await db.updateTable('ticketxrefs').set(changes).where('xref_id', '=', xrefId).execute();
}

export async function deleteXrefRow(db: Db, xrefId: number): Promise<void> {
  await db.deleteFrom('ticketxrefs').where('xref_id', '=', xrefId).execute();
}
