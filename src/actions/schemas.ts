import { Type, type Static } from '@sinclair/typebox';
import type { ActionRow } from '../db/types.js';
import type { ListSpec } from '../engine/lists.js';
import { workFilters } from '../engine/work-filters.js';
import { flag, IsoTime, toIso } from '../engine/records.js';
import { AdminFilter, Bool, Choice, Configured, Duration, Id, Int, LongText, MAX_INT, Nullable, RefId, Timestamp, Name } from '../engine/types.js';

export const ACTION_LEVELS = ['milestone', 'group', 'task'] as const;
export type ActionLevel = (typeof ACTION_LEVELS)[number];
export const ACTION_CLIENT_ACCESS = ['inherit', 'hidden', 'view', 'modify'] as const;

/** Writable fields, shared by createAction and updateAction (project_id is handled apart: it never changes). */
export const actionFields = {
  parent_action_id: RefId('Parent action id in the same project (0 = top level, a milestone)'),
  name: Name('Action name'),
  type: Configured('action_types', 'Action type (config action_types)'),
  status: Configured('action_statuses', 'Status (config action_statuses)'),
  complete: Int('Percent complete, 0-100 (computed from the sub-actions when there are any)', 0, 100),
  priority: Int('Priority: 1 low, 2 medium (default), 3 high', 1, 3),
  date_start: Nullable(Timestamp('Start date')),
  date_finish: Nullable(Timestamp('Finish date')),
  duration: Nullable(Duration('Planned duration in seconds')),
  manager_adminid: RefId('Managing admin id (0 = none)'),
  assigned_adminid: RefId('Assigned admin id (0 = nobody)'),
  client_access: Choice(
    ACTION_CLIENT_ACCESS,
    'inherit, hidden, view or modify; top-level actions cannot inherit (default: hidden at top level, inherit below)',
  ),
  billable: Bool('Time on this action is billable (default: the project\'s billable)'),
  details: LongText('Description'),
  action_notes: LongText('Internal notes'),
  sort_order: Int('Position among its siblings (default: after the last one)', -MAX_INT - 1, MAX_INT),
};

export type ActionInput = Partial<{ [K in keyof typeof actionFields]: Static<(typeof actionFields)[K]> }>;

export const actionFilters = {
  project_id: Id('Only actions of this project'),
  parent_action_id: RefId('Only direct sub-actions of this action (0 = top-level actions)'),
  level: Choice(ACTION_LEVELS, 'Only milestones, groups or tasks'),
  status: Configured('action_statuses', 'Only actions with this status'),
  type: Configured('action_types', 'Only actions of this type'),
  priority: Int('Only actions with this priority (1-3)', 1, 3),
  manager_adminid: AdminFilter('Only actions managed by this admin'),
  assigned_adminid: AdminFilter('Only actions assigned to this admin'),
  billable: Bool('Only billable (true) or non-billable (false) actions'),
  ...workFilters,
};

const SORTABLE = ['action_id', 'name', 'sort_order', 'priority', 'status', 'complete', 'date_start', 'date_finish', 'created', 'modified'];

export const actionListSpec: ListSpec = {
  idColumn: 'actions.action_id',
  sortable: Object.fromEntries(SORTABLE.map((f) => [f, `actions.${f}`])),
  searchColumns: ['actions.name'],
  modifiedColumn: 'actions.modified',
};

export const ActionRecord = Type.Object({
  action_id: Id('Action id'),
  project_id: Id('Project id'),
  parent_action_id: Type.Integer({ description: '0 = top level' }),
  level: Type.String({ enum: [...ACTION_LEVELS], description: 'milestone (top level), group (has sub-actions) or task' }),
  depth: Type.Integer({ description: '1 at top level' }),
  name: Type.String(),
  type: Type.String(),
  status: Type.String(),
  complete: Type.Integer({ minimum: 0, maximum: 100 }),
  priority: Type.Integer({ minimum: 1, maximum: 3 }),
  date_start: IsoTime('Start date'),
  date_finish: IsoTime('Finish date'),
  duration: Type.Union([Type.Integer(), Type.Null()], { description: 'Planned duration in seconds' }),
  manager_adminid: Type.Integer(),
  assigned_adminid: Type.Integer(),
  client_access: Type.String(),
  billable: Type.Boolean(),
  details: Type.String(),
  action_notes: Type.String(),
  sort_order: Type.Integer(),
  created: IsoTime('Created'),
  modified: IsoTime('Last modified'),
  elapsed: Type.Integer({ description: 'Seconds logged on this action' }),
});

export type Action = Static<typeof ActionRecord>;

export function presentAction(row: ActionRow): Action {
  return {
    action_id: row.action_id,
    project_id: row.project_id,
    parent_action_id: row.parent_action_id,
    level: row.level as ActionLevel,
    depth: row.depth,
    name: row.name,
    type: row.type,
    status: row.status,
    complete: row.complete,
    priority: row.priority,
    date_start: toIso(numberOrNull(row.date_start)),
    date_finish: toIso(numberOrNull(row.date_finish)),
    duration: numberOrNull(row.duration),
    manager_adminid: row.manager_adminid,
    assigned_adminid: row.assigned_adminid,
    client_access: row.client_access,
    billable: flag(row.billable),
    details: row.details,
    action_notes: row.action_notes,
    sort_order: row.sort_order,
    created: toIso(Number(row.created)),
    modified: toIso(Number(row.modified)),
    elapsed: Number(row.elapsed),
  };
}

// BIGINT columns may arrive as strings from some drivers; every value we store fits a JS number.
function numberOrNull(value: number | null): number | null {
  return value === null ? null : Number(value);
}
