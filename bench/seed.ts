import { SingleBar, Presets } from 'cli-progress';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/types.js';

export interface SeedSize {
  projects: number;
  actions: number;
  timelogs: number;
  tickets: number;
}

const CHUNK = 500;
/** Chunks per transaction: a commit per 20,000 rows, not per statement (PostgreSQL and MySQL flush the log at each). */
const CHUNKS_PER_TRANSACTION = 40;
export const T0 = 1_767_225_600; // 2026-01-01

/** Inserts `total` rows made by `make(i)` in multi-row statements of CHUNK rows, in large transactions. */
export async function insertMany(
  db: Kysely<Database>,
  table: keyof Database,
  total: number,
  make: (i: number) => Record<string, unknown>,
  bar: SingleBar | null,
) {
  const span = CHUNK * CHUNKS_PER_TRANSACTION;
  for (let from = 0; from < total; from += span) {
    await db.transaction().execute(async (trx) => {
      for (let start = from; start < Math.min(total, from + span); start += CHUNK) {
        const rows = Array.from({ length: Math.min(CHUNK, total - start) }, (_, k) => make(start + k));
        await (trx as Kysely<any>).insertInto(table).values(rows).execute();
        bar?.increment(rows.length);
      }
    });
  }
}

export const progressBar = (label: string, total: number): SingleBar | null => {
  if (!process.stderr.isTTY) return null;
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total} rows` }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
};

export const projectRow = (i: number) => ({
  name: `Project ${i + 1}`, type: ['Internal', 'Product', 'Service'][i % 3], status: ['Active', 'In Testing', 'Completed'][i % 3],
  function: 'default', date_start: T0 + i * 60, date_finish: null, client_userid: i % 500, client_contactid: 0, client_hostingid: 0,
  owner_adminid: 1, manager_adminid: 1, assigned_adminid: 0, admin_access: 'all', client_access: 'hidden', billable: i % 2,
  hourly_rate: i % 4 === 0 ? null : 80, details: 'Seeded for the benchmark', notes: '', created: T0, modified: T0, activity: T0,
  complete: 0, actions_count: 0, elapsed: 0,
});

const actionRow = (projects: number) => (i: number) => ({
  project_id: (i % projects) + 1, parent_action_id: 0, level: 'milestone', depth: 1, name: `Action ${i + 1}`,
  type: 'Development', status: ['Active', 'Progress', 'Complete'][i % 3], complete: (i * 7) % 101, priority: (i % 3) + 1,
  date_start: T0, date_finish: null, duration: null, manager_adminid: 1, assigned_adminid: i % 5, client_access: 'hidden',
  billable: 1, details: '', action_notes: '', sort_order: i, created: T0, modified: T0, elapsed: 0,
});

const timelogRow = (projects: number, actions: number) => (i: number) => ({
  project_id: (i % projects) + 1, action_id: (i % actions) + 1, ticket_id: 0, adminid: 1, type: 'Standard', note: '',
  date_start: T0 + i, date_stop: T0 + i + 1800, duration: 1800, status: 'complete', billable: i % 2, invoice_id: i % 10 === 0 ? 1 : 0,
  created: T0 + i, modified: T0 + i,
});

const ticketRow = (i: number) => ({
  id: i + 1, tid: `TCK-${100000 + i}`, did: (i % 3) + 1, userid: i % 500, contactid: 0, name: 'Client', email: 'client@example.com',
  date: T0 + i, title: `Ticket ${i + 1}`, message: 'Help, please.', status: 'Open', urgency: 'Medium', admin: '', lastreply: T0 + i,
  flag: 0, service: '',
});

/** Seeds a benchmark data set straight into the tables (no API), with a progress bar on a TTY. */
export async function seed(db: Kysely<Database>, size: SeedSize, label: string): Promise<void> {
  const bar = progressBar(label, size.projects + size.actions + size.timelogs + size.tickets);
  await insertMany(db, 'projects', size.projects, projectRow, bar);
  await insertMany(db, 'actions', size.actions, actionRow(size.projects), bar);
  await insertMany(db, 'timelogs', size.timelogs, timelogRow(size.projects, size.actions), bar);
  await insertMany(db, 'ticket_departments', 3, (i) => ({ id: i + 1, name: ['Support', 'Sales', 'Billing'][i] }), null);
  await insertMany(db, 'tickets', size.tickets, ticketRow, bar);
  bar?.stop();
  // Action counts, child counts and time-log totals are added up by the migrations that follow.
}
