import { isMethodName, type MethodName } from './method-table.js';
import { Actions } from './resources/actions.js';
import { Files } from './resources/files.js';
import { Admins, ApiResource, ConfigResource } from './resources/meta.js';
import { Projects } from './resources/projects.js';
import { Sessions } from './resources/sessions.js';
import { Recurrences } from './resources/recurrences.js';
import { Tickets, TicketXrefs } from './resources/tickets.js';
import { Timelogs } from './resources/timelogs.js';
import { Topics } from './resources/topics.js';
import { Transport, type TeamProClientOptions } from './transport.js';
import type { Format, WireRequest } from './wire.js';

/**
 * A TeamPro (wbTeamPro-compatible) Remote API client for Node ≥ 20 and browsers.
 *
 *   const client = new TeamProClient({ url: 'https://pm.example.com/api.php', username: 'admin', password: 'secret' });
 *   const project = await client.projects.get(100);
 */
export class TeamProClient {
  readonly api: ApiResource;
  readonly config: ConfigResource;
  readonly admins: Admins;
  /** Browser sign-in (the workspace's session cookie). */
  readonly sessions: Sessions;
  readonly projects: Projects;
  readonly actions: Actions;
  readonly topics: Topics;
  readonly files: Files;
  /** WHMCS tickets (whmcstickets). */
  readonly tickets: Tickets;
  readonly ticketxrefs: TicketXrefs;
  readonly timelogs: Timelogs;
  /** Actions copied on a schedule. */
  readonly recurrences: Recurrences;
  private readonly transport: Transport;

  constructor(options: TeamProClientOptions) {
    this.transport = new Transport(options);
    this.api = new ApiResource(this.transport);
    this.config = new ConfigResource(this.transport);
    this.admins = new Admins(this.transport);
    this.sessions = new Sessions(this.transport);
    this.projects = new Projects(this.transport);
    this.actions = new Actions(this.transport);
    this.topics = new Topics(this.transport);
    this.files = new Files(this.transport);
    this.tickets = new Tickets(this.transport);
    this.ticketxrefs = new TicketXrefs(this.transport);
    this.timelogs = new Timelogs(this.transport);
    this.recurrences = new Recurrences(this.transport);
  }

  get format(): Format {
    return this.transport.format;
  }

  /**
   * Calls any method by its findResources name, ids included in `params` (`{project_id: 100}`), and
   * returns the envelope's `response` untyped. For methods this SDK has no wrapper for yet.
   */
  call(name: MethodName | string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    if (!isMethodName(name)) throw new TypeError(`Unknown method ${name}`);
    return this.transport.call(name, params);
  }

  /** The request a call would send (URL, method, headers, body), without sending it. */
  describe(name: MethodName, params: Record<string, unknown> = {}): WireRequest {
    return this.transport.wireRequest(name, params);
  }
}
