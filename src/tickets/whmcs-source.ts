import { Kysely, MysqlDialect } from 'kysely';
import { createPool, type PoolOptions } from 'mysql2';
import type { Database } from '../db/types.js';
import type { Ticket, TicketQuery, TicketSource } from './source.js';
import { runTicketQuery } from './ticket-query.js';

/** The part of WHMCS's schema TeamPro reads (WHMCS's own column names and types). */
interface WhmcsDatabase {
  tbltickets: {
    id: number;
    tid: string;
    did: number;
    userid: number;
    contactid: number;
    name: string;
    email: string;
    date: string;
    title: string;
    message: string;
    status: string;
    urgency: string;
    admin: string;
    lastreply: string;
    flag: number;
    service: string;
  };
  tblticketdepartments: { id: number; name: string };
}

const COLUMNS = ['id', 'tid', 'did', 'userid', 'contactid', 'name', 'email', 'date', 'title', 'message', 'status', 'urgency', 'admin', 'lastreply', 'flag', 'service'] as const;

type WhmcsRow = Record<(typeof COLUMNS)[number] | 'deptname', unknown>;

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** Seconds east of UTC for `Z` or `+HH:MM` / `-HHMM`. */
export function parseUtcOffset(text: string): number {
  if (text === 'Z' || text === '') return 0;
  const match = OFFSET.exec(text);
  if (!match) throw new Error(`WHMCS_DATABASE_URL timezone must be Z or an offset like +02:00, got "${text}"`);
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}

/**
 * WHMCS keeps DATETIMEs in the web server's local time; `timezone` in WHMCS_DATABASE_URL
 * (`?timezone=+02:00`, default UTC) says which, so times convert both ways exactly.
 */
export class WhmcsClock {
  constructor(readonly offsetSeconds: number) {}

  /** `YYYY-MM-DD HH:MM:SS` → unix seconds; WHMCS's "no date" (`0000-00-00 …`) and null → null. */
  toSeconds(value: unknown): number | null {
    const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(String(value ?? ''));
    if (!match || match[1] === '0000') return null;
    const [y, mo, d, h, mi, s] = match.slice(1).map(Number);
    return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - this.offsetSeconds;
  }

  toDatetime(seconds: number): string {
    return new Date((seconds + this.offsetSeconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  }
}

function poolOptions(url: string): { options: PoolOptions; offsetSeconds: number } {
  const parsed = new URL(url.replace(/^mariadb:/i, 'mysql:'));
  const offsetSeconds = parseUtcOffset(parsed.searchParams.get('timezone') ?? 'Z');
  parsed.searchParams.delete('timezone');
  // Dates come as text and are converted by WhmcsClock, so the driver's own time zone handling never applies.
  return { options: { uri: parsed.toString(), connectionLimit: 5, dateStrings: true, supportBigNumbers: true, connectTimeout: 5000 }, offsetSeconds };
}

/**
 * Tickets read in place from an existing WHMCS database (`WHMCS_DATABASE_URL`, MySQL/MariaDB):
 * `tbltickets` with `tblticketdepartments` for the department name. It only ever selects, and every
 * connection is put in a read-only session first, so a bug can never write to the WHMCS database.
 */
export class WhmcsTicketSource implements TicketSource {
  readonly kind = 'whmcs' as const;
  private readonly db: Kysely<WhmcsDatabase>;
  private readonly clock: WhmcsClock;

  constructor(url: string) {
    const { options, offsetSeconds } = poolOptions(url);
    const pool = createPool(options);
    pool.on('connection', (connection) => {
      // Queued before any query of this connection, so it is in force for all of them.
      connection.query('SET SESSION TRANSACTION READ ONLY');
    });
    this.clock = new WhmcsClock(offsetSeconds);
    this.db = new Kysely<WhmcsDatabase>({ dialect: new MysqlDialect({ pool }) });
  }

  private tickets() {
    return this.db
      .selectFrom('tbltickets')
      .leftJoin('tblticketdepartments', 'tblticketdepartments.id', 'tbltickets.did')
      .select(COLUMNS.map((column) => `tbltickets.${column}` as const))
      .select('tblticketdepartments.name as deptname');
  }

  private toTicket(row: WhmcsRow): Ticket {
    const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
    const int = (value: unknown) => Number(value ?? 0);
    return {
      id: int(row.id), tid: text(row.tid), did: int(row.did), userid: int(row.userid), contactid: int(row.contactid),
      name: text(row.name), email: text(row.email), date: this.clock.toSeconds(row.date),
      title: text(row.title), message: text(row.message), status: text(row.status), urgency: text(row.urgency),
      admin: text(row.admin), lastreply: this.clock.toSeconds(row.lastreply), flag: int(row.flag), service: text(row.service),
      deptname: row.deptname === null || row.deptname === undefined ? null : String(row.deptname),
    };
  }

  async get(_db: Kysely<Database>, id: number): Promise<Ticket | null> {
    const row = await this.tickets().where('tbltickets.id', '=', id).executeTakeFirst();
    return row ? this.toTicket(row as WhmcsRow) : null;
  }

  async getMany(_db: Kysely<Database>, ids: readonly number[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const rows = await this.tickets().where('tbltickets.id', 'in', [...ids]).execute();
    return rows.map((row) => this.toTicket(row as WhmcsRow));
  }

  async find(_db: Kysely<Database>, query: TicketQuery): Promise<{ total: number; rows: Ticket[] }> {
    const { total, rows } = await runTicketQuery(this.tickets(), 'tbltickets', query, (seconds) => this.clock.toDatetime(seconds));
    return { total, rows: rows.map((row) => this.toTicket(row as WhmcsRow)) };
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
