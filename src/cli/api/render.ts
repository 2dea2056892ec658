/**
 * How API replies look on a terminal: a list as an aligned table of the fields one scans for, with a
 * page footer; a record as key/value lines. `--json` bypasses all of this and prints the reply's
 * `response` exactly as the server sent it.
 */
import { print, printJson, printTable } from '../output.js';
import { inTreeOrder } from './tree.js';

type Row = Record<string, unknown>;

/** The columns worth a glance per list; the rest is one `get` (or --json) away. */
const COLUMNS: Record<string, readonly string[]> = {
  projects: ['project_id', 'name', 'status', 'type', 'complete', 'date_start', 'date_finish', 'activity'],
  actions: ['action_id', 'parent_action_id', 'level', 'name', 'status', 'complete', 'priority', 'date_finish'],
  topics: ['topic_id', 'thread_id', 'action_id', 'title', 'body', 'status', 'author_adminid', 'created'],
  files: ['file_id', 'thread_id', 'version', 'name', 'size', 'mime', 'label', 'created'],
  whmcstickets: ['id', 'tid', 'status', 'urgency', 'title', 'deptname', 'date'],
  ticketxrefs: ['xref_id', 'ticket_id', 'project_id', 'action_id', 'created'],
  timelogs: ['timelog_id', 'action_id', 'adminid', 'type', 'date_start', 'duration', 'status', 'amount', 'note'],
};

const HEADERS: Record<string, string> = {
  parent_action_id: 'PARENT', author_adminid: 'AUTHOR', adminid: 'ADMIN', date_start: 'START', date_finish: 'FINISH',
  complete: 'DONE', priority: 'PRIO', version: 'VER', deptname: 'DEPARTMENT', action_id: 'ACTION', thread_id: 'THREAD',
  ticket_id: 'TICKET', project_id: 'PROJECT',
};

const PRIORITIES: Record<number, string> = { 1: 'low', 2: 'medium', 3: 'high' };
const TIME_FIELDS = /^(date|date_\w+|created|modified|activity|lastreply|last_post)$/;
const TABLE_TEXT_WIDTH = 40;

/** Seconds as h:mm:ss. */
export function formatDuration(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(seconds / 3600)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) (value /= 1024), unit++;
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** An ISO time as `YYYY-MM-DD HH:MM` (UTC), or just the date at midnight: dates are mostly whole days. */
function shortTime(iso: string): string {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d):\d\d(?:\.\d+)?Z$/.exec(iso);
  if (!match) return iso;
  return match[2] === '00:00' ? match[1] : `${match[1]} ${match[2]}`;
}

/** Admin ids as the API gives them, and the names a table shows for them instead (see withAdminNames). */
export type AdminNames = ReadonlyMap<number, string>;
let adminNames: AdminNames = new Map();

/** Fields that hold an admin's id. */
export const isAdminField = (field: string) => /(^|_)adminid$|^created_by$/.test(field);

/** The admin fields among the columns a list of `key` shows. */
export const adminColumns = (key: string | undefined) => (key ? (COLUMNS[key] ?? []).filter(isAdminField) : []);

/** One table cell: short, on one line, in the unit a reader expects. */
function cell(field: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  // 0 is "any" or "none"; an id no longer known stays a number.
  if (typeof value === 'number' && value > 0 && isAdminField(field)) return adminNames.get(value) ?? String(value);
  if (typeof value === 'string' && TIME_FIELDS.test(field)) return shortTime(value);
  if (typeof value === 'number') {
    // Id 0 means none (no parent, no action): an empty cell reads that way.
    if (value === 0 && field.endsWith('_id')) return '';
    if (field === 'complete') return `${value}%`;
    if (field === 'duration' || field === 'elapsed') return formatDuration(value);
    if (field === 'size') return formatBytes(value);
    if (field === 'priority') return PRIORITIES[value] ?? String(value);
  }
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > TABLE_TEXT_WIDTH ? `${line.slice(0, TABLE_TEXT_WIDTH - 1)}…` : line;
}

/** The record's own id comes first and is just ID; other ids are named after what they point to. */
function header(field: string, index: number): string {
  if (index === 0) return 'ID';
  return HEADERS[field] ?? field.replace(/_id$/, '').toUpperCase();
}

/** The first few scalar fields, for a list this file has no column choice for. */
function defaultColumns(rows: readonly Row[]): string[] {
  const first = rows[0] ?? {};
  return Object.keys(first).filter((key) => typeof first[key] !== 'object' || first[key] === null).slice(0, 7);
}

/** The key of the list in a list reply: the one array beside `data`. */
export function listKey(response: Row): string | undefined {
  return Object.keys(response).find((key) => Array.isArray(response[key]));
}

interface ListData {
  total: number;
  page: number;
  pages: number;
  offset: number;
  totals?: Record<string, number>;
}

/** Which rows of the whole list these are, and the page when there are several (`--all` spans one). */
function footer(data: ListData, shown: number): string {
  const pages = data.pages > 1 ? `, page ${data.page} of ${data.pages}` : '';
  if (shown === 0) return `${data.total} total${pages}`;
  if (shown === 1) return `row ${data.offset + 1} of ${data.total}${pages}`;
  return `rows ${data.offset + 1}–${data.offset + shown} of ${data.total}${pages}`;
}

/** Timelog lists carry totals; they matter more than any single row. */
function totalsLine(totals: Record<string, number>): string {
  const parts = Object.entries(totals).map(([key, value]) => `${key} ${key === 'amount' ? value.toFixed(2) : formatDuration(value)}`);
  return `totals: ${parts.join(', ')}`;
}

/** The actions as their tree: names indented two spaces a level, the parent column left out. */
function printTree(rows: readonly Row[]): void {
  const fields = COLUMNS.actions.filter((field) => field !== 'parent_action_id');
  const placed = inTreeOrder(rows);
  const depths = new Map(placed.map(({ row, depth }) => [row, depth]));
  const value = (field: string) => (row: Row) => (field === 'name' ? `${'  '.repeat(depths.get(row) ?? 0)}${cell(field, row[field])}` : cell(field, row[field]));
  printTable(placed.map(({ row }) => row), Object.fromEntries(fields.map((field, i) => [header(field, i), value(field)])));
}

export function printList(response: Row, tree = false): void {
  const key = listKey(response);
  const rows = (key ? response[key] : []) as Row[];
  const data = response.data as ListData;
  if (rows.length === 0) print(`No ${key ?? 'records'} found`);
  else if (tree && key === 'actions') printTree(rows);
  else {
    const fields = COLUMNS[key!] ?? defaultColumns(rows);
    printTable(rows, Object.fromEntries(fields.map((field, i) => [header(field, i), (row: Row) => cell(field, row[field])])));
  }
  if (data?.totals) print(totalsLine(data.totals));
  if (data) print(footer(data, rows.length));
}

/** A record as `key  value` lines, values as the API sent them; later lines of a long text are indented under it. */
export function printRecord(record: Row): void {
  const width = Math.max(...Object.keys(record).map((key) => key.length));
  for (const [key, value] of Object.entries(record)) {
    const text = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    const [first, ...rest] = text.split('\n');
    print(`${key.padEnd(width)}  ${first}`.trimEnd());
    for (const line of rest) print(`${' '.repeat(width + 2)}${line}`.trimEnd());
  }
}

/** The record in a single-record reply: the one object in `response`. */
export function recordOf(response: Row): Row {
  const key = Object.keys(response).find((k) => typeof response[k] === 'object' && response[k] !== null && !Array.isArray(response[k]));
  return (key ? response[key] : response) as Row;
}

/** Prints with admin ids shown as these names. */
export function printWithAdminNames(names: AdminNames, printing: () => void): void {
  adminNames = names;
  try {
    printing();
  } finally {
    adminNames = new Map();
  }
}

export function printResponse(response: Row, json: boolean | undefined, tree = false): void {
  if (json) printJson(response);
  else if (listKey(response) !== undefined) printList(response, tree);
  else printRecord(recordOf(response));
}
