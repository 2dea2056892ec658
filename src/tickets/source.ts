import type { TicketRow } from '../db/types.js';

export interface TicketQuery {
  readonly ids?: readonly number[];
  readonly filters: Readonly<Record<string, unknown>>;
  readonly q?: string;
  readonly sort: readonly { column: string; descending: boolean }[];
  readonly limit: number;
  readonly offset: number;
}

export type Ticket = TicketRow & { deptname: string | null };

/** Where WHMCS tickets come from: TeamPro's own table, or a WHMCS database read in place. */
export interface TicketSource {
  get(id: number): Promise<Ticket | null>;
  find(query: TicketQuery): Promise<{ total: number; rows: Ticket[] }>;
  close(): Promise<void>;
}
