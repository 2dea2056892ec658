import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../db/types.js';

/** One page of tickets, as a source answers it. Columns are the tbltickets names (`id`, `date`, ...). */
export interface TicketQuery {
  /** Only these ticket ids (tickets linked in a project read from an external source). */
  readonly ids?: readonly number[];
  /** Equality on ticket columns (`status`, `userid`, ...). */
  readonly filters: Readonly<Record<string, string | number>>;
  /** Case-insensitive text search on the title and the ticket number (`tid`). */
  readonly q?: string;
  /** Only tickets whose last reply is at or after this time (unix seconds). */
  readonly lastReplySince?: number;
  readonly sort: readonly { column: string; descending: boolean }[];
  readonly limit: number;
  readonly offset: number;
}

/** A ticket as TeamPro serves it: the tbltickets columns it keeps, times in unix seconds, plus the department name. */
export type Ticket = TicketRow & { deptname: string | null };

/**
 * Where WHMCS tickets come from: TeamPro's own `tickets` table, or a WHMCS database read in place.
 * Every call gets TeamPro's database handle for the request (a transaction when one is open): the
 * local source reads through it, so a request sees one snapshot and never waits on a second
 * connection; an external source ignores it.
 */
export interface TicketSource {
  /** `local`: tickets live in TeamPro's database and can be joined with ticket links in SQL. */
  readonly kind: 'local' | 'whmcs';
  get(db: Kysely<Database>, id: number): Promise<Ticket | null>;
  /** The tickets with these ids that exist, in no particular order. */
  getMany(db: Kysely<Database>, ids: readonly number[]): Promise<Ticket[]>;
  find(db: Kysely<Database>, query: TicketQuery): Promise<{ total: number; rows: Ticket[] }>;
  close(): Promise<void>;
}
