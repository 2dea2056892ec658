import { actionMethods, findActions, getAction } from './actions/methods.js';
import { apiMethods } from './api/methods.js';
import { configMethods } from './config/methods.js';
import { combine } from './engine/combine.js';
import type { MethodDef } from './engine/method.js';
import { fileMethods, findFiles } from './files/methods.js';
import { getProject, projectMethods } from './projects/methods.js';
import { findWHMCSTickets, ticketMethods } from './tickets/methods.js';
import { ticketXrefMethods } from './ticketxrefs/methods.js';
import { findTimelogs, timelogMethods } from './timelogs/methods.js';
import { findTopics, topicMethods } from './topics/methods.js';

/**
 * Every method of the Remote API, in findResources order. Combined requests are built from the
 * parent's get and the child's find, so they can never drift from them.
 */
export function allMethods(): MethodDef[] {
  const combined: MethodDef[] = [
    combine(getProject, findActions, 'actions', 'getProjectActions', 'Return a Project Action List'),
    combine(getProject, findTopics, 'topics', 'getProjectTopics', 'Return a Project Topic List'),
    combine(getAction, findTopics, 'topics', 'getActionTopics', 'Return a Action Topic List'),
    combine(getProject, findFiles, 'files', 'getProjectFiles', 'Return a Project File List'),
    combine(getAction, findFiles, 'files', 'getActionFiles', 'Return a Action File List'),
    combine(getProject, findWHMCSTickets, 'whmcstickets', 'getProjectTickets', 'Return a Project Ticket List'),
    combine(getAction, findWHMCSTickets, 'whmcstickets', 'getActionTickets', 'Return a Action Ticket List'),
    combine(getProject, findTimelogs, 'timelogs', 'getProjectTimelogs', 'Return a Project Timelog List'),
    combine(getAction, findTimelogs, 'timelogs', 'getActionTimelogs', 'Return a Action Timelog List'),
  ];
  void combine;
  return [...apiMethods, ...configMethods, ...projectMethods, ...actionMethods, ...topicMethods, ...fileMethods, ...ticketMethods, ...ticketXrefMethods, ...timelogMethods, ...combined] as MethodDef[];
}
