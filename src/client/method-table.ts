/**
 * The Remote API's method list as the SDK knows it: name → chain, HTTP method and the SDK call that
 * makes it. Names and chains are fixed by the wbTeamPro reference; a test checks this table against
 * the server's findResources so the two cannot drift. The sandbox uses it to write SDK snippets.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface MethodInfo {
  readonly chain: string;
  readonly http: HttpMethod;
  /** The SDK call, `resource.function`, e.g. `projects.get`. */
  readonly sdk: string;
}

const m = (chain: string, http: HttpMethod, sdk: string): MethodInfo => ({ chain, http, sdk });

export const METHODS = {
  findResources: m('api/resources', 'GET', 'api.resources'),
  getConfig: m('config', 'GET', 'config.get'),
  getMe: m('admins/me', 'GET', 'admins.me'),
  findAdmins: m('admins', 'GET', 'admins.list'),
  createSession: m('sessions', 'POST', 'sessions.signIn'),
  findSessions: m('sessions', 'GET', 'sessions.list'),
  deleteCurrentSession: m('sessions/current', 'DELETE', 'sessions.signOut'),
  deleteSession: m('sessions/{session_id}', 'DELETE', 'sessions.revoke'),

  findProjects: m('projects', 'GET', 'projects.list'),
  createProject: m('projects', 'POST', 'projects.create'),
  getProject: m('projects/{project_id}', 'GET', 'projects.get'),
  getProjectActions: m('projects/{project_id}/actions', 'GET', 'projects.actions'),
  getProjectTopics: m('projects/{project_id}/topics', 'GET', 'projects.topics'),
  getProjectFiles: m('projects/{project_id}/files', 'GET', 'projects.files'),
  getProjectTickets: m('projects/{project_id}/whmcstickets', 'GET', 'projects.tickets'),
  getProjectTimelogs: m('projects/{project_id}/timelogs', 'GET', 'projects.timelogs'),
  updateProject: m('projects/{project_id}', 'PUT', 'projects.update'),
  deleteProject: m('projects/{project_id}', 'DELETE', 'projects.delete'),
  copyProject: m('projects/{project_id}/copy', 'POST', 'projects.copy'),

  findActions: m('actions', 'GET', 'actions.list'),
  createAction: m('actions', 'POST', 'actions.create'),
  getAction: m('actions/{action_id}', 'GET', 'actions.get'),
  getActionTopics: m('actions/{action_id}/topics', 'GET', 'actions.topics'),
  getActionFiles: m('actions/{action_id}/files', 'GET', 'actions.files'),
  getActionTickets: m('actions/{action_id}/whmcstickets', 'GET', 'actions.tickets'),
  getActionTimelogs: m('actions/{action_id}/timelogs', 'GET', 'actions.timelogs'),
  updateAction: m('actions/{action_id}', 'PUT', 'actions.update'),
  deleteAction: m('actions/{action_id}', 'DELETE', 'actions.delete'),
  copyAction: m('actions/{action_id}/copy', 'POST', 'actions.copy'),

  findTopics: m('topics', 'GET', 'topics.list'),
  findTopicThreads: m('topics/bythread', 'GET', 'topics.threads'),
  createTopic: m('topics', 'POST', 'topics.create'),
  getTopic: m('topics/{topic_id}', 'GET', 'topics.get'),
  updateTopic: m('topics/{topic_id}', 'PUT', 'topics.update'),
  deleteTopic: m('topics/{topic_id}', 'DELETE', 'topics.delete'),

  findFiles: m('files', 'GET', 'files.list'),
  findFileThreads: m('files/bythread', 'GET', 'files.threads'),
  createFile: m('files', 'POST', 'files.upload'),
  getFile: m('files/{file_id}', 'GET', 'files.get'),
  downloadFile: m('files/{file_id}/download', 'GET', 'files.download'),
  updateFile: m('files/{file_id}', 'PUT', 'files.update'),
  deleteFile: m('files/{file_id}', 'DELETE', 'files.delete'),

  findWHMCSTickets: m('whmcstickets', 'GET', 'tickets.list'),
  getWHMCSTicket: m('whmcstickets/{ticket_id}', 'GET', 'tickets.get'),

  findTicketXrefs: m('ticketxrefs', 'GET', 'ticketxrefs.list'),
  createTicketXref: m('ticketxrefs', 'POST', 'ticketxrefs.create'),
  getTicketXref: m('ticketxrefs/{xref_id}', 'GET', 'ticketxrefs.get'),
  updateTicketXref: m('ticketxrefs/{xref_id}', 'PUT', 'ticketxrefs.update'),
  deleteTicketXref: m('ticketxrefs/{xref_id}', 'DELETE', 'ticketxrefs.delete'),

  findTimelogs: m('timelogs', 'GET', 'timelogs.list'),
  createTimelog: m('timelogs', 'POST', 'timelogs.create'),
  getTimelog: m('timelogs/{timelog_id}', 'GET', 'timelogs.get'),
  updateTimelog: m('timelogs/{timelog_id}', 'PUT', 'timelogs.update'),
  deleteTimelog: m('timelogs/{timelog_id}', 'DELETE', 'timelogs.delete'),

  findRecurrences: m('recurrences', 'GET', 'recurrences.list'),
  createRecurrence: m('recurrences', 'POST', 'recurrences.create'),
  getRecurrence: m('recurrences/{recurrence_id}', 'GET', 'recurrences.get'),
  updateRecurrence: m('recurrences/{recurrence_id}', 'PUT', 'recurrences.update'),
  deleteRecurrence: m('recurrences/{recurrence_id}', 'DELETE', 'recurrences.delete'),
} as const satisfies Record<string, MethodInfo>;

export type MethodName = keyof typeof METHODS;

export const isMethodName = (name: string): name is MethodName => Object.prototype.hasOwnProperty.call(METHODS, name);

/** Placeholder names in a chain pattern, in order (`projects/{project_id}/actions` → [project_id]). */
export const chainPlaceholders = (chain: string): string[] => [...chain.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
