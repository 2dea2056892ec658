import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { inTransaction } from '../db/dialect.js';
import type { Database, TicketRow } from '../db/types.js';
import { checkImportRows, TicketImportError, type ImportRow } from './import-rows.js';

export { TicketImportError };

export interface ImportResult {
  readonly inserted: number;
  readonly updated: number;
  readonly total: number;
}

/**
 * `teampro tickets import FILE.json`: a JSON array of tbltickets-shaped rows, upserted by `id` into
 * TeamPro's own tickets table. The whole file is checked first; a malformed one throws a
 * TicketImportError naming each bad row and field, and nothing is imported. The upsert runs in one
 * transaction, so a failure half-way leaves the table as it was.
 */
export async function importTicketsFile(db: Kysely<Database>, filePath: string, onProgress?: ImportProgress): Promise<ImportResult> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw new TicketImportError(`Cannot read ${filePath}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TicketImportError(`${filePath} is not valid JSON: ${(error as Error).message}`);
  }
  return importTickets(db, data, onProgress);
}

/** How many of the file's rows are written so far, told as each batch of them is (for a progress bar). */
export type ImportProgress = (written: number, total: number) => void;

/** The same import from already-parsed rows (the demo data uses it). */
export async function importTickets(db: Kysely<Database>, data: unknown, onProgress: ImportProgress = () => {}): Promise<ImportResult> {
  const rows = checkImportRows(data);
  return inTransaction(db, async (trx) => {
    const result = await upsertTickets(trx, rows, onProgress);
    await upsertDepartments(trx, rows);
    return result;
  });
}

const CHUNK = 200;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function existingIds(db: Kysely<Database>, table: 'tickets' | 'ticket_departments', ids: number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (const chunk of chunks(ids)) {
    const rows = await db.selectFrom(table).select('id').where('id', 'in', chunk).execute();
    rows.forEach((row) => found.add(Number(row.id)));
  }
  return found;
}

function ticketColumns({ deptname: _deptname, ...ticket }: ImportRow): TicketRow {
  return ticket;
}

async function upsertTickets(db: Kysely<Database>, rows: ImportRow[], onProgress: ImportProgress): Promise<ImportResult> {
  const existing = await existingIds(db, 'tickets', rows.map((row) => row.id));
  const fresh = rows.filter((row) => !existing.has(row.id));
  const known = rows.filter((row) => existing.has(row.id));
  let written = 0;
  onProgress(written, rows.length);
  for (const chunk of chunks(fresh)) {
    await db.insertInto('tickets').values(chunk.map(ticketColumns)).execute();
    onProgress((written += chunk.length), rows.length);
  }
  for (const chunk of chunks(known)) {
    for (const row of chunk) {
      const { id, ...columns } = ticketColumns(row);
      await db.updateTable('tickets').set(columns).where('id', '=', id).execute();
    }
    onProgress((written += chunk.length), rows.length);
  }
  return { inserted: fresh.length, updated: known.length, total: rows.length };
}

/** Department names given in the file (`deptname` beside `did`) feed ticket_departments. */
async function upsertDepartments(db: Kysely<Database>, rows: ImportRow[]): Promise<void> {
  const names = new Map<number, string>();
  for (const row of rows) if (row.deptname !== undefined && row.did > 0) names.set(row.did, row.deptname);
  const existing = await existingIds(db, 'ticket_departments', [...names.keys()]);
  const fresh = [...names].filter(([id]) => !existing.has(id)).map(([id, name]) => ({ id, name }));
  for (const chunk of chunks(fresh)) await db.insertInto('ticket_departments').values(chunk).execute();
  for (const [id, name] of names) if (existing.has(id)) await db.updateTable('ticket_departments').set({ name }).where('id', '=', id).execute();
}
