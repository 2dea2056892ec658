import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row shapes as stored. Timestamps are unix seconds, booleans 0/1, "none" ids 0:
 * the same on SQLite, PostgreSQL and MySQL/MariaDB.
 */
export interface AdminsTable {
  id: Generated<number>;
  username: string;
  /** Display name; '' when none was given. */
  name: Generated<string>;
  password_hash: string;
  role_id: number | null;
  disabled: number;
  email: string;
  created: number;
  modified: number;
}

export interface RolesTable {
  id: Generated<number>;
  name: string;
  access: 'super' | 'admin' | 'none';
}

export interface IpBansTable {
  ip: string;
  failures: number;
  window_start: number;
  banned_at: number | null;
  banned_until: number | null;
}

/** Failed logins from one address against one account (the username as sent; '' for none). */
export interface LoginFailuresTable {
  ip: string;
  username: string;
  failures: number;
  window_start: number;
}

/** A signed-in browser: the SHA-256 (hex) of its cookie's token, never the token. Times in unix seconds. */
export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  admin_id: number;
  created: number;
  last_seen: number;
  /** Past this without a request, the session has ended: last_seen + the idle limit. */
  idle_expires: number;
  /** The absolute end, however active the session. */
  expires: number;
  ip: string;
  user_agent: string;
}

/** An action copied at each occurrence of its rule (src/recurrences). */
export interface RecurrencesTable {
  recurrence_id: Generated<number>;
  project_id: number;
  action_id: number;
  /** RFC 5545 RRULE parts (FREQ=…;…), without DTSTART: `starts` is the first occurrence. */
  rule: string;
  starts: number;
  /** The next occurrence still to make; null once the rule has no more. */
  next_at: number | null;
  last_at: number | null;
  /** The copy the last occurrence made (0 = none yet). */
  last_action_id: Generated<number>;
  occurrences: Generated<number>;
  created: number;
  created_by: number;
  modified: number;
}

export interface SettingsTable {
  name: string;
  value: string;
}

export interface ProjectsTable {
  project_id: Generated<number>;
  name: string;
  type: string;
  status: string;
  function: string;
  date_start: number | null;
  date_finish: number | null;
  client_userid: number;
  client_contactid: number;
  client_hostingid: number;
  owner_adminid: number;
  manager_adminid: number;
  assigned_adminid: number;
  admin_access: string;
  client_access: string;
  billable: number;
  hourly_rate: number | null;
  details: string;
  notes: string;
  created: number;
  modified: number;
  activity: number;
  complete: number;
  actions_count: number;
  elapsed: number;
}

export interface ActionsTable {
  action_id: Generated<number>;
  project_id: number;
  parent_action_id: number;
  level: string;
  depth: number;
  name: string;
  type: string;
  status: string;
  complete: number;
  priority: number;
  date_start: number | null;
  date_finish: number | null;
  duration: number | null;
  manager_adminid: number;
  assigned_adminid: number;
  client_access: string;
  billable: number;
  details: string;
  action_notes: string;
  sort_order: number;
  created: number;
  modified: number;
  elapsed: number;
}

export interface TopicsTable {
  topic_id: Generated<number>;
  thread_id: number;
  project_id: number;
  action_id: number;
  title: string;
  body: string;
  status: string;
  client_access: string;
  author_adminid: number;
  created: number;
  modified: number;
}

export interface FilesTable {
  file_id: Generated<number>;
  thread_id: number;
  project_id: number;
  action_id: number;
  label: string;
  name: string;
  detail: string;
  version: number;
  mime: string;
  size: number;
  sha256: string;
  blob_key: string;
  status: string;
  client_access: string;
  uploader_adminid: number;
  created: number;
  modified: number;
}

export interface TicketsTable {
  id: number;
  tid: string;
  did: number;
  userid: number;
  contactid: number;
  name: string;
  email: string;
  date: number | null;
  title: string;
  message: string;
  status: string;
  urgency: string;
  admin: string;
  lastreply: number | null;
  flag: number;
  service: string;
}

export interface TicketDepartmentsTable {
  id: number;
  name: string;
}

export interface TicketXrefsTable {
  xref_id: Generated<number>;
  ticket_id: number;
  project_id: number;
  action_id: number;
  created: number;
  created_by: number;
}

export interface TimelogsTable {
  timelog_id: Generated<number>;
  project_id: number;
  action_id: number;
  ticket_id: number;
  adminid: number;
  type: string;
  note: string;
  date_start: number;
  date_stop: number | null;
  duration: number | null;
  status: string;
  billable: number;
  invoice_id: number;
  created: number;
  modified: number;
}

/** Kept per parent (0 = a project's top level): its children's count and completion sum (migration 0007). */
export interface ActionChildrenTable {
  project_id: number;
  parent_action_id: number;
  children: number;
  complete_sum: number;
}

/**
 * Kept findTimelogs totals per project and action (action_id -1: the whole project), amounts priced at
 * `priced_rate`, the project's effective hourly rate when they were added up (migration 0007).
 */
export interface TimelogTotalsTable {
  project_id: number;
  action_id: number;
  logs: number;
  duration: number;
  billable: number;
  billed: number;
  unbilled: number;
  amount_cents: number | string;
  priced_rate: number | null;
}

export interface Database {
  admins: AdminsTable;
  roles: RolesTable;
  ip_bans: IpBansTable;
  login_failures: LoginFailuresTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  projects: ProjectsTable;
  actions: ActionsTable;
  topics: TopicsTable;
  files: FilesTable;
  tickets: TicketsTable;
  ticket_departments: TicketDepartmentsTable;
  ticketxrefs: TicketXrefsTable;
  timelogs: TimelogsTable;
  action_children: ActionChildrenTable;
  timelog_totals: TimelogTotalsTable;
  recurrences: RecurrencesTable;
}

export type ProjectRow = Selectable<ProjectsTable>;
export type RecurrenceRow = Selectable<RecurrencesTable>;
export type NewProjectRow = Insertable<ProjectsTable>;
export type ProjectUpdate = Updateable<ProjectsTable>;
export type ActionRow = Selectable<ActionsTable>;
export type NewActionRow = Insertable<ActionsTable>;
export type ActionUpdate = Updateable<ActionsTable>;
export type TopicRow = Selectable<TopicsTable>;
export type FileRow = Selectable<FilesTable>;
export type TicketRow = Selectable<TicketsTable>;
export type TicketXrefRow = Selectable<TicketXrefsTable>;
export type TimelogRow = Selectable<TimelogsTable>;
export type AdminRow = Selectable<AdminsTable>;
