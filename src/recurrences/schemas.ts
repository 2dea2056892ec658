import { Type, type Static } from '@sinclair/typebox';
import type { RecurrenceRow } from '../db/types.js';
import type { ListSpec } from '../engine/lists.js';
import { IsoTime, toIso } from '../engine/records.js';
import { Id, Nullable, RefId, Timestamp } from '../engine/types.js';
import { parsedRule, upcoming } from './rule.js';

/** How many coming occurrences a recurrence shows (what it will make next). */
const UPCOMING = 3;

export const Rule = Type.String({
  minLength: 1,
  maxLength: 500,
  description: 'RFC 5545 recurrence rule without DTSTART, e.g. FREQ=MONTHLY;BYMONTHDAY=1 or FREQ=WEEKLY;BYDAY=MO;COUNT=10 (at most hourly)',
});

export const recurrenceFields = {
  rule: Rule,
  starts: Timestamp('First occurrence, which anchors the rule (its time of day, weekday, day of month); default the action\'s start, or now'),
};

export const recurrenceFilters = {
  project_id: Id('Only recurrences in this project'),
  action_id: RefId('Only recurrences of this action'),
};

export const recurrenceListSpec: ListSpec = {
  idColumn: 'recurrences.recurrence_id',
  sortable: Object.fromEntries(['recurrence_id', 'project_id', 'action_id', 'next_at', 'created'].map((f) => [f, `recurrences.${f}`])),
  searchColumns: [],
};

export const RecurrenceRecord = Type.Object({
  recurrence_id: Id('Recurrence id'),
  project_id: Id('Project id'),
  action_id: Id('The action copied at each occurrence'),
  rule: Type.String(),
  starts: IsoTime('First occurrence'),
  next_at: Nullable(IsoTime('The next occurrence still to make; null once the rule has no more')),
  upcoming: Type.Array(IsoTime('A coming occurrence'), { description: `The next ${UPCOMING} occurrences still to make` }),
  last_at: Nullable(IsoTime('The last occurrence made')),
  last_action_id: Type.Integer({ description: 'The copy the last occurrence made (0 = none yet)' }),
  occurrences: Type.Integer({ description: 'Occurrences made so far' }),
  created: IsoTime('Created'),
  created_by: Type.Integer({ description: 'Admin who made the recurrence' }),
  modified: IsoTime('Last changed'),
});

export type Recurrence = Static<typeof RecurrenceRecord>;

const isoOrNull = (seconds: number | null) => (seconds === null ? null : toIso(Number(seconds)));

export function presentRecurrence(row: RecurrenceRow): Recurrence {
  const nextAt = row.next_at === null ? null : Number(row.next_at);
  return {
    recurrence_id: row.recurrence_id,
    project_id: row.project_id,
    action_id: row.action_id,
    rule: row.rule,
    starts: toIso(Number(row.starts)),
    next_at: isoOrNull(nextAt),
    upcoming: nextAt === null ? [] : upcoming(parsedRule(row.rule, Number(row.starts)), nextAt, UPCOMING).map(toIso),
    last_at: isoOrNull(row.last_at),
    last_action_id: Number(row.last_action_id),
    occurrences: Number(row.occurrences),
    created: toIso(Number(row.created)),
    created_by: row.created_by,
    modified: toIso(Number(row.modified)),
  };
}
