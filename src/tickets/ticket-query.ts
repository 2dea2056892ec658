import { sql, type SelectQueryBuilder } from 'kysely';
import { containsText } from '../db/dialect.js';
import type { TicketQuery } from './source.js';

/** The columns a ticket query may filter and sort on: the same names in `tickets` and WHMCS's `tbltickets`. */
export const TICKET_COLUMNS = ['id', 'tid', 'did', 'userid', 'contactid', 'date', 'title', 'status', 'urgency', 'lastreply', 'flag'] as const;

/**
 * Runs a TicketQuery on a select over a tickets table (`table`: TeamPro's `tickets` or WHMCS's
 * `tbltickets`, same column names): filters, search, count, order and page. `timeValue` turns unix
 * seconds into the table's time representation (seconds locally, DATETIME text in WHMCS).
 */
export async function runTicketQuery<R>(
  base: SelectQueryBuilder<any, any, R>,
  table: string,
  query: TicketQuery,
  timeValue: (seconds: number) => unknown,
): Promise<{ total: number; rows: R[] }> {
  const column = (name: string) => {
    if (!(TICKET_COLUMNS as readonly string[]).includes(name)) throw new Error(`Not a ticket column: ${name}`);
    return sql.ref(`${table}.${name}`);
  };
  let filtered = base;
  if (query.ids) {
    if (query.ids.length === 0) return { total: 0, rows: [] };
    filtered = filtered.where(column('id'), 'in', [...query.ids]);
  }
  for (const [name, value] of Object.entries(query.filters)) filtered = filtered.where(column(name), '=', value);
  const needle = query.q;
  if (needle) filtered = filtered.where((eb) => eb.or([containsText(`${table}.title`, needle), containsText(`${table}.tid`, needle)]));
  if (query.lastReplySince !== undefined) filtered = filtered.where(column('lastreply'), '>=', timeValue(query.lastReplySince));
  const count = await filtered.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  let page = filtered;
  for (const { column: name, descending } of query.sort) page = page.orderBy(column(name), descending ? 'desc' : 'asc');
  const rows = await page.limit(query.limit).offset(query.offset).execute();
  return { total: Number((count as { total?: number } | undefined)?.total ?? 0), rows };
}
