import { Type, type Static } from '@sinclair/typebox';
import type { TimelogRow } from '../db/types.js';
import type { ListSpec } from '../engine/lists.js';
import { flag, IsoTime, ListDataSchema, toIso } from '../engine/records.js';
import { AdminFilter, Bool, Choice, Configured, Duration, Id, LongText, Nullable, RefId, Timestamp } from '../engine/types.js';

export const TIMELOG_STATUSES = ['active', 'complete'] as const;

/** Writable fields, shared by createTimelog and updateTimelog. */
export const timelogFields = {
  action_id: RefId('Action id (0 = none); must be an action in the project'),
  ticket_id: RefId('WHMCS ticket id (0 = none); must exist'),
  adminid: Id('Admin who did the work (default: the caller)'),
  type: Configured('timelog_types', 'Time log type (config timelog_types; default: the first)'),
  note: LongText('What was done'),
  date_start: Timestamp('Start (default: now)'),
  date_stop: Nullable(Timestamp('Stop; leave out together with duration to start a timer')),
  duration: Nullable(Duration('Seconds worked (default: date_stop - date_start)')),
  billable: Bool('Billable (default: the project\'s billable)'),
  invoice_id: RefId('Invoice id (0 = not invoiced)'),
};

export const timelogFilters = {
  project_id: Id('Only time logs of this project'),
  action_id: RefId('Only time logs of this action (0 = those without an action)'),
  ticket_id: RefId('Only time logs of this ticket (0 = those without a ticket)'),
  adminid: AdminFilter('Only time logs of this admin'),
  status: Choice(TIMELOG_STATUSES, 'active (running timers) or complete'),
  billable: Bool('Only billable (true) or non-billable (false) time logs'),
  invoiced: Bool('Only invoiced (invoice_id > 0: true) or not invoiced (false) time logs'),
  type: Configured('timelog_types', 'Only time logs of this type'),
  date_from: Timestamp('Only time logs started at or after this time'),
  date_to: Timestamp('Only time logs started at or before this time; a bare date (midnight UTC) covers that whole day'),
};

export const timelogListSpec: ListSpec = {
  idColumn: 'timelogs.timelog_id',
  sortable: Object.fromEntries(
    ['timelog_id', 'date_start', 'date_stop', 'duration', 'adminid', 'created', 'modified'].map((f) => [f, `timelogs.${f}`]),
  ),
  searchColumns: ['timelogs.note'],
  modifiedColumn: 'timelogs.modified',
};

export const TimelogRecord = Type.Object({
  timelog_id: Id('Time log id'),
  project_id: Id('Project id'),
  action_id: Type.Integer({ description: 'Action id (0 = none)' }),
  ticket_id: Type.Integer({ description: 'WHMCS ticket id (0 = none)' }),
  adminid: Type.Integer({ description: 'Admin who did the work' }),
  type: Type.String(),
  note: Type.String(),
  date_start: IsoTime('Start'),
  date_stop: IsoTime('Stop (null while the timer runs)'),
  duration: Type.Union([Type.Integer({ description: 'Seconds worked' }), Type.Null()]),
  status: Type.String({ description: 'active while the timer runs, else complete' }),
  billable: Type.Boolean(),
  invoice_id: Type.Integer({ description: 'Invoice id (0 = not invoiced)' }),
  rate: Type.Number({ description: "Effective hourly rate: the project's hourly_rate, else config hourly_rate" }),
  amount: Type.Number({ description: 'rate × duration / 3600, in whole cents; 0 while running' }),
  created: IsoTime('Created'),
  modified: IsoTime('Last modified'),
});

export type Timelog = Static<typeof TimelogRecord>;

export const TimelogTotals = Type.Object({
  duration: Type.Integer({ description: 'Seconds of all complete time logs' }),
  billable: Type.Integer({ description: 'Seconds of billable time logs' }),
  billed: Type.Integer({ description: 'Seconds of invoiced time logs (invoice_id > 0)' }),
  unbilled: Type.Integer({ description: 'Seconds of billable time logs not invoiced yet' }),
  amount: Type.Number({ description: 'Sum of the amounts of billable time logs' }),
});

export type Totals = Static<typeof TimelogTotals>;

/** `response` of findTimelogs: the usual list data plus `totals` over every matching visible record. */
export const TimelogListReply = Type.Object({
  data: Type.Object({ ...ListDataSchema.properties, totals: TimelogTotals }),
  timelogs: Type.Array(TimelogRecord),
});

/** A stored row with the two values read alongside it from its project (see repository `timelogView`). */
export type TimelogView = TimelogRow & { rate: number | string | null; amount_cents: number | string | null };

export function presentTimelog(row: TimelogView): Timelog {
  const running = row.status === 'active';
  return {
    timelog_id: row.timelog_id,
    project_id: row.project_id,
    action_id: row.action_id,
    ticket_id: row.ticket_id,
    adminid: row.adminid,
    type: row.type,
    note: row.note,
    date_start: toIso(Number(row.date_start)),
    date_stop: row.date_stop === null ? null : toIso(Number(row.date_stop)),
    duration: row.duration === null ? null : Number(row.duration),
    status: row.status,
    billable: flag(row.billable),
    invoice_id: row.invoice_id,
    rate: Number(row.rate ?? 0),
    amount: running ? 0 : Number(row.amount_cents ?? 0) / 100,
    created: toIso(Number(row.created)),
    modified: toIso(Number(row.modified)),
  };
}
