import type { TicketRow } from '../db/types.js';
import { MAX_INT } from '../engine/types.js';
import { TEXT_COLUMN_BYTES, unstorableText, utf8Length } from '../engine/text.js';
import { isStorableTime, parseTimestamp } from '../engine/time.js';

/** A row of an import file, checked and in stored types, with the department name when the file gives one. */
export type ImportRow = TicketRow & { deptname?: string };

type FieldKind = 'id' | 'int' | 'time' | { text: number };

/** tbltickets columns TeamPro keeps, with their kind; text sizes are those of TeamPro's `tickets` table. */
const FIELDS: Record<string, FieldKind> = {
  id: 'id', tid: { text: 128 }, did: 'int', userid: 'int', contactid: 'int', name: { text: 255 }, email: { text: 255 },
  date: 'time', title: { text: 255 }, message: { text: 65535 }, status: { text: 64 }, urgency: { text: 64 },
  admin: { text: 255 }, lastreply: 'time', flag: 'int', service: { text: 255 }, deptname: { text: 255 },
};

const REQUIRED = ['id', 'tid', 'title'];

/** Other tbltickets columns a WHMCS export carries: accepted so an export imports as it is, and not kept. */
const IGNORED = new Set([
  'requestor_id', 'cc', 'c', 'ipaddress', 'attachment', 'attachments_removed', 'clientunread', 'adminunread',
  'replyingadmin', 'replyingtime', 'editor', 'merged_ticket_id', 'created_at', 'updated_at', 'pinned_at', 'prevent_client_closure',
]);

const DEFAULTS = { did: 0, userid: 0, contactid: 0, name: '', email: '', date: null, message: '', status: 'Open', urgency: 'Medium', admin: '', lastreply: null, flag: 0, service: '' };

export class TicketImportError extends Error {}

/** Converts one field, or returns the reason it cannot be. */
function convert(kind: FieldKind, value: unknown): { value: unknown } | { problem: string } {
  if (kind === 'time') {
    if (value === null || value === '' || (typeof value === 'string' && value.startsWith('0000-00-00'))) return { value: null };
    const seconds = parseTimestamp(value);
    if (seconds === null) return { problem: 'must be a date and time (YYYY-MM-DD HH:MM:SS in UTC, ISO 8601 or unix seconds)' };
    return isStorableTime(seconds) ? { value: seconds } : { problem: 'must be between 1970-01-01 and 9999-12-31T23:59:59Z' };
  }
  if (kind === 'id' || kind === 'int') {
    const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    const min = kind === 'id' ? 1 : 0;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > MAX_INT) {
      return { problem: `must be a whole number${min ? ' above 0' : ''} (got ${JSON.stringify(value)})` };
    }
    return { value: number };
  }
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return { problem: `must be text (got ${JSON.stringify(value)})` };
  if ([...text].length > kind.text) return { problem: `is longer than ${kind.text} characters` };
  if (kind.text === TEXT_COLUMN_BYTES && utf8Length(text) > TEXT_COLUMN_BYTES) return { problem: `is longer than ${TEXT_COLUMN_BYTES} bytes in UTF-8` };
  const unstorable = unstorableText(text, '');
  return unstorable ? { problem: unstorable.message } : { value: text };
}

function checkRow(raw: unknown, where: string, problems: string[]): ImportRow | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where}: must be an object of tbltickets columns`);
    return null;
  }
  const row: Record<string, unknown> = { ...DEFAULTS };
  const before = problems.length;
  for (const [field, value] of Object.entries(raw)) {
    if (IGNORED.has(field)) continue;
    const kind = FIELDS[field];
    if (!kind) {
      problems.push(`${where}: "${field}" is not a tbltickets column TeamPro knows`);
      continue;
    }
    const result = convert(kind, value);
    if ('problem' in result) problems.push(`${where}: "${field}" ${result.problem}`);
    else row[field] = result.value;
  }
  for (const field of REQUIRED) if (!(field in raw)) problems.push(`${where}: "${field}" is required`);
  return problems.length === before ? (row as ImportRow) : null;
}

/** Where a row is, for messages: its 1-based position, and its id when it has one. */
function rowLabel(raw: unknown, index: number): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? `row ${index + 1} (id ${id})` : `row ${index + 1}`;
}

/** A department (`did`) must not be given two different names in one file. */
function departmentNameClashes(rows: ImportRow[]): string[] {
  const names = new Map<number, { name: string; id: number }>();
  const clashes: string[] = [];
  for (const row of rows) {
    if (row.deptname === undefined) continue;
    const seen = names.get(row.did);
    if (!seen) names.set(row.did, { name: row.deptname, id: row.id });
    else if (seen.name !== row.deptname) {
      clashes.push(`ticket id ${row.id}: "deptname" "${row.deptname}" differs from "${seen.name}" given for department ${row.did} by ticket id ${seen.id}`);
    }
  }
  return clashes;
}

const MAX_REPORTED = 20;

/** Checks a whole import file's content; throws a TicketImportError naming every bad row and field (up to 20). */
export function checkImportRows(data: unknown): ImportRow[] {
  if (!Array.isArray(data)) throw new TicketImportError('The file must hold a JSON array of tbltickets rows');
  const problems: string[] = [];
  const rows: ImportRow[] = [];
  const firstRowOfId = new Map<number, string>();
  data.forEach((raw, index) => {
    const where = rowLabel(raw, index);
    const row = checkRow(raw, where, problems);
    if (!row) return;
    const earlier = firstRowOfId.get(row.id);
    if (earlier) problems.push(`${where}: "id" ${row.id} is also used by ${earlier}`);
    else firstRowOfId.set(row.id, where);
    rows.push(row);
  });
  problems.push(...departmentNameClashes(rows));
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_REPORTED).join('\n  ');
    const more = problems.length > MAX_REPORTED ? `\n  ... and ${problems.length - MAX_REPORTED} more` : '';
    throw new TicketImportError(`Nothing imported: ${problems.length} problem(s) in the file:\n  ${shown}${more}`);
  }
  return rows;
}
