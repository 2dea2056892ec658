import type { Kysely } from 'kysely';
import type { Settings } from '../settings/settings.js';
import type { Database } from '../db/types.js';
import type { ListSettingName } from './config-values.js';
import { CliError } from './output.js';

interface Use {
  readonly table: 'projects' | 'actions' | 'timelogs' | 'files' | 'tickets';
  readonly column: 'type' | 'status' | 'urgency';
  readonly id: 'project_id' | 'action_id' | 'timelog_id' | 'file_id' | 'id';
  /** How a row is named in the message: "project 12". */
  readonly noun: string;
}

/** Where each configured list's values are stored. */
const USES: Record<ListSettingName, Use> = {
  project_types: { table: 'projects', column: 'type', id: 'project_id', noun: 'project' },
  project_statuses: { table: 'projects', column: 'status', id: 'project_id', noun: 'project' },
  action_types: { table: 'actions', column: 'type', id: 'action_id', noun: 'action' },
  action_statuses: { table: 'actions', column: 'status', id: 'action_id', noun: 'action' },
  timelog_types: { table: 'timelogs', column: 'type', id: 'timelog_id', noun: 'time log' },
  file_statuses: { table: 'files', column: 'status', id: 'file_id', noun: 'file' },
  ticket_statuses: { table: 'tickets', column: 'status', id: 'id', noun: 'ticket' },
  ticket_urgencies: { table: 'tickets', column: 'urgency', id: 'id', noun: 'ticket' },
};

interface UsageRow {
  value: string;
  uses: number;
  example: number;
}

async function usesOf(db: Kysely<Database>, use: Use, values: string[]): Promise<UsageRow[]> {
  const rows = await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
    .selectFrom(use.table)
    .select((eb) => [eb.ref(use.column).as('value'), eb.fn.countAll().as('uses'), eb.fn.min(use.id).as('example')])
    .where(use.column, 'in', values)
    .groupBy(use.column)
    .execute();
  return rows.map((r) => ({ value: String(r.value), uses: Number(r.uses), example: Number(r.example) }));
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * Refuses to drop an entry from a configured list while a record still carries it (its API
 * validation would then reject the record's own value) or while status_oncomplete names it.
 */
export async function assertRemovable(db: Kysely<Database>, name: ListSettingName, next: readonly string[], current: Settings): Promise<void> {
  const removed = (current[name] as readonly string[]).filter((value) => !next.includes(value));
  if (removed.length === 0) return;
  const problems: string[] = [];
  if (name === 'action_statuses' && removed.includes(current.status_oncomplete)) {
    problems.push(`"${current.status_oncomplete}" is the status_oncomplete setting`);
  }
  const use = USES[name];
  for (const row of await usesOf(db, use, removed)) {
    const example = row.uses === 1 ? `${use.noun} ${row.example}` : `e.g. ${use.noun} ${row.example}`;
    problems.push(`"${row.value}" is used by ${plural(row.uses, use.noun)} (${example}) in ${use.table}.${use.column}`);
  }
  if (problems.length > 0) throw new CliError(`Cannot remove from ${name}: ${problems.join('; ')}. Change those first.`);
}
