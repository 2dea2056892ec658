import { actionMethods, findActions, getAction } from './actions/methods.js';
import { adminMethods } from './admins/methods.js';
import { apiMethods } from './api/methods.js';
import { configMethods } from './settings/methods.js';
import { combine } from './engine/combine.js';
import type { MethodDef } from './engine/method.js';
import { fileMethods, findFiles } from './files/methods.js';
import { getProject, projectMethods } from './projects/methods.js';
import { recurrenceMethods } from './recurrences/methods.js';
import { sessionMethods } from './sessions/methods.js';
import { findWHMCSTickets, ticketMethods } from './tickets/methods.js';
import { ticketXrefMethods } from './ticket-links/methods.js';
import { findTimelogs, timelogMethods } from './timelogs/methods.js';
import { findTopics, topicMethods } from './topics/methods.js';

/** A resource's methods with its combined lists placed right after its get, as the reference lists them. */
function withListsAfterGet(methods: readonly MethodDef[], get: MethodDef, lists: MethodDef[]): MethodDef[] {
  const at = methods.indexOf(get) + 1;
  return [...methods.slice(0, at), ...lists, ...methods.slice(at)];
}

/**
 * Every method of the Remote API, in findResources order. Combined requests are built from the
 * parent's get and the child's find, so they can never drift from them.
 */
export function allMethods(): MethodDef[] {
  const projectLists = [
    combine(getProject, findActions, 'actions', 'getProjectActions', 'Return a Project Action List'),
    combine(getProject, findTopics, 'topics', 'getProjectTopics', 'Return a Project Topic List'),
    combine(getProject, findFiles, 'files', 'getProjectFiles', 'Return a Project File List'),
    combine(getProject, findWHMCSTickets, 'whmcstickets', 'getProjectTickets', 'Return a Project Ticket List'),
    combine(getProject, findTimelogs, 'timelogs', 'getProjectTimelogs', 'Return a Project Timelog List'),
  ];
  const actionLists = [
    combine(getAction, findTopics, 'topics', 'getActionTopics', 'Return a Action Topic List'),
    combine(getAction, findFiles, 'files', 'getActionFiles', 'Return a Action File List'),
    combine(getAction, findWHMCSTickets, 'whmcstickets', 'getActionTickets', 'Return a Action Ticket List'),
    combine(getAction, findTimelogs, 'timelogs', 'getActionTimelogs', 'Return a Action Timelog List'),
  ];
  return [
    ...apiMethods,
    ...configMethods,
    ...adminMethods,
    ...sessionMethods,
    ...withListsAfterGet(projectMethods as MethodDef[], getProject as MethodDef, projectLists),
    ...withListsAfterGet(actionMethods as MethodDef[], getAction as MethodDef, actionLists),
    ...topicMethods,
    ...fileMethods,
    ...ticketMethods,
    ...ticketXrefMethods,
    ...timelogMethods,
    ...recurrenceMethods,
  ] as MethodDef[];
}
