import { sql, type Kysely } from 'kysely';
import { containsText } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import type { Ticket, TicketQuery, TicketSource } from './source.js';

/** Tickets kept in TeamPro's own `tickets` table (fed by `teampro tickets import` and the demo data). */
export class LocalTicketSource implements TicketSource {
  constructor(private readonly db: Kysely<Database>) {}

  private base(db: Kysely<Database>) {
    return db
      .selectFrom('tickets')
      .leftJoin('ticket_departments', 'ticket_departments.id', 'tickets.did')
      .selectAll('tickets')
      .select('ticket_departments.name as deptname');
  }

  async get(id: number): Promise<Ticket | null> {
    return ((await this.base(this.db).where('tickets.id', '=', id).executeTakeFirst()) as Ticket | undefined) ?? null;
  }

  async find(query: TicketQuery): Promise<{ total: number; rows: Ticket[] }> {
    let base = this.base(this.db);
    if (query.ids) {
      if (query.ids.length === 0) return { total: 0, rows: [] };
      base = base.where('tickets.id', 'in', [...query.ids]);
    }
    for (const [column, value] of Object.entries(query.filters)) base = base.where(sql.ref(`tickets.${column}`), '=', value);
    if (query.q) {
      const needle = query.q;
      base = base.where((eb) => eb.or([containsText('tickets.title', needle), containsText('tickets.tid', needle)]));
    }
    const count = await base.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
    let page = base;
    for (const { column, descending } of query.sort) page = page.orderBy(sql.ref(`tickets.${column}`), descending ? 'desc' : 'asc');
    const rows = (await page.limit(query.limit).offset(query.offset).execute()) as Ticket[];
    return { total: Number(count?.total ?? 0), rows };
  }

  async close(): Promise<void> {}
}
