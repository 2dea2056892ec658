import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { Ticket, TicketQuery, TicketSource } from './source.js';
import { runTicketQuery } from './ticket-query.js';

/** Tickets with their department name, from TeamPro's own tables. */
export function localTickets(db: Kysely<Database>) {
  return db
    .selectFrom('tickets')
    .leftJoin('ticket_departments', 'ticket_departments.id', 'tickets.did')
    .selectAll('tickets')
    .select('ticket_departments.name as deptname');
}

/** A stored ticket row in wire-ready types (bigints may arrive as strings on some drivers). */
export function normaliseLocalTicket(row: Ticket): Ticket {
  return {
    ...row,
    date: row.date === null ? null : Number(row.date),
    lastreply: row.lastreply === null ? null : Number(row.lastreply),
    deptname: row.deptname ?? null,
  };
}

/** Tickets kept in TeamPro's own `tickets` table (fed by `teampro tickets import` and the demo data). */
export class LocalTicketSource implements TicketSource {
  readonly kind = 'local' as const;

  /** Takes no handle of its own: every call reads through the request's (see TicketSource). */
  constructor(_db?: Kysely<Database>) {}

  async get(db: Kysely<Database>, id: number): Promise<Ticket | null> {
    const row = await localTickets(db).where('tickets.id', '=', id).executeTakeFirst();
    return row ? normaliseLocalTicket(row as Ticket) : null;
  }

  async getMany(db: Kysely<Database>, ids: readonly number[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const rows = await localTickets(db).where('tickets.id', 'in', [...ids]).execute();
    return (rows as Ticket[]).map(normaliseLocalTicket);
  }

  async find(db: Kysely<Database>, query: TicketQuery): Promise<{ total: number; rows: Ticket[] }> {
    const { total, rows } = await runTicketQuery(localTickets(db), 'tickets', query, (seconds) => seconds);
    return { total, rows: (rows as Ticket[]).map(normaliseLocalTicket) };
  }

  async close(): Promise<void> {}
}
