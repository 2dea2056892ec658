import { Type, type Static } from '@sinclair/typebox';
import type { ProjectRow } from '../db/types.js';
import type { ListSpec } from '../engine/lists.js';
import { workFilters } from '../engine/work-filters.js';
import { flag, IsoTime, toIso } from '../engine/records.js';
import { AdminFilter, Bool, Choice, Configured, Id, LongText, Money, Nullable, RefId, Timestamp, Name } from '../engine/types.js';

export const PROJECT_FUNCTIONS = ['default', 'template', 'archive'] as const;
export const ADMIN_ACCESS = ['all', 'manager', 'related'] as const;
export const PROJECT_CLIENT_ACCESS = ['hidden', 'visible'] as const;

/** Writable fields, shared by createProject and updateProject. */
export const projectFields = {
  name: Name('Project name'),
  type: Configured('project_types', 'Project type (config project_types)'),
  status: Configured('project_statuses', 'Status (config project_statuses)'),
  function: Choice(PROJECT_FUNCTIONS, 'default, template or archive (archived projects are read-only)'),
  date_start: Nullable(Timestamp('Start date')),
  date_finish: Nullable(Timestamp('Finish date')),
  client_userid: RefId('WHMCS client id (0 = none)'),
  client_contactid: RefId('WHMCS contact id (0 = none)'),
  client_hostingid: RefId('WHMCS service id (0 = none)'),
  manager_adminid: RefId('Managing admin id (default: the creator)'),
  assigned_adminid: RefId('Assigned admin id (0 = any)'),
  admin_access: Choice(ADMIN_ACCESS, 'Which admins see the project: all, manager, related'),
  client_access: Choice(PROJECT_CLIENT_ACCESS, 'hidden or visible to the client'),
  billable: Bool('Time on this project is billable by default'),
  hourly_rate: Nullable(Money('Hourly rate; null = config hourly_rate')),
  details: LongText('Description'),
  notes: LongText('Internal notes'),
};

export const projectFilters = {
  status: Configured('project_statuses', 'Only projects with this status'),
  type: Configured('project_types', 'Only projects of this type'),
  function: Choice(PROJECT_FUNCTIONS, 'Only default, template or archived projects'),
  client_userid: RefId('Only projects of this client'),
  owner_adminid: AdminFilter('Only projects created by this admin'),
  manager_adminid: AdminFilter('Only projects managed by this admin'),
  assigned_adminid: AdminFilter('Only projects assigned to this admin'),
  admin_access: Choice(ADMIN_ACCESS, 'Only projects with this admin access'),
  billable: Bool('Only billable (true) or non-billable (false) projects'),
  ...workFilters,
};

export const projectListSpec: ListSpec = {
  idColumn: 'projects.project_id',
  sortable: Object.fromEntries(
    ['project_id', 'name', 'type', 'status', 'date_start', 'date_finish', 'created', 'modified', 'activity', 'complete'].map((f) => [f, `projects.${f}`]),
  ),
  searchColumns: ['projects.name'],
  modifiedColumn: 'projects.modified',
};

export const ProjectRecord = Type.Object({
  project_id: Id('Project id'),
  name: Type.String(),
  type: Type.String(),
  status: Type.String(),
  function: Type.String(),
  date_start: IsoTime('Start date'),
  date_finish: IsoTime('Finish date'),
  client_userid: Type.Integer(),
  client_contactid: Type.Integer(),
  client_hostingid: Type.Integer(),
  owner_adminid: Type.Integer(),
  manager_adminid: Type.Integer(),
  assigned_adminid: Type.Integer(),
  admin_access: Type.String(),
  client_access: Type.String(),
  billable: Type.Boolean(),
  hourly_rate: Type.Union([Type.Number(), Type.Null()]),
  details: Type.String(),
  notes: Type.String(),
  created: IsoTime('Created'),
  modified: IsoTime('Last modified'),
  activity: IsoTime('Last change to anything in the project'),
  complete: Type.Integer({ minimum: 0, maximum: 100 }),
  actions_count: Type.Integer(),
  elapsed: Type.Integer({ description: 'Seconds logged' }),
});

export type Project = Static<typeof ProjectRecord>;

export function presentProject(row: ProjectRow): Project {
  return {
    project_id: row.project_id,
    name: row.name,
    type: row.type,
    status: row.status,
    function: row.function,
    date_start: toIso(row.date_start),
    date_finish: toIso(row.date_finish),
    client_userid: row.client_userid,
    client_contactid: row.client_contactid,
    client_hostingid: row.client_hostingid,
    owner_adminid: row.owner_adminid,
    manager_adminid: row.manager_adminid,
    assigned_adminid: row.assigned_adminid,
    admin_access: row.admin_access,
    client_access: row.client_access,
    billable: flag(row.billable),
    hourly_rate: row.hourly_rate === null ? null : Number(row.hourly_rate),
    details: row.details,
    notes: row.notes,
    created: toIso(row.created),
    modified: toIso(row.modified),
    activity: toIso(row.activity),
    complete: row.complete,
    actions_count: row.actions_count,
    elapsed: Number(row.elapsed),
  };
}
