import { runList, whereEquals, type ListParams } from '../engine/lists.js';
import type { CallContext } from '../engine/method.js';
import { badRequest, type ParamError } from '../errors.js';
import { visibleXrefs } from '../ticket-links/repository.js';
import { presentXref } from '../ticket-links/schemas.js';
import { normaliseLocalTicket } from './local-source.js';
import { externalLinkedListSpec, localLinkedListSpec, presentTicket } from './schemas.js';
import type { Ticket } from './source.js';

/**
 * Tickets listed in a project or action (`projects/{id}/whmcstickets`, or findWHMCSTickets with
 * project_id / action_id): one entry per visible link, each carrying that link as `ticketxref`.
 * Links follow project visibility (docs/api.md, Roles and visibility); totals count only links the caller may see.
 */
export interface LinkedQuery {
  readonly context: { project_id?: number; action_id?: number };
  readonly columnFilters: Record<string, string | number>;
  readonly list: ListParams & Record<string, unknown>;
}

/** Local source: links and tickets are in one database, so one indexed join filters, sorts and pages. */
export async function findLinkedLocal(ctx: CallContext, query: LinkedQuery) {
  const joined = visibleXrefs(ctx.db, ctx.caller)
    .innerJoin('tickets', 'tickets.id', 'ticketxrefs.ticket_id')
    .leftJoin('ticket_departments', 'ticket_departments.id', 'tickets.did')
    .selectAll('tickets')
    .select([
      'ticket_departments.name as deptname',
      'ticketxrefs.xref_id as xref_id',
      'ticketxrefs.project_id as xref_project_id',
      'ticketxrefs.action_id as xref_action_id',
      'ticketxrefs.created as xref_created',
      'ticketxrefs.created_by as xref_created_by',
    ]);
  const filtered = whereEquals(whereEquals(joined, 'ticketxrefs', query.context), 'tickets', query.columnFilters);
  const { rows, data } = await runList(filtered, localLinkedListSpec, query.list, ctx.settings);
  const whmcstickets = rows.map(({ xref_id, xref_project_id, xref_action_id, xref_created, xref_created_by, ...ticket }) => ({
    ...presentTicket(normaliseLocalTicket(ticket as Ticket)),
    ticketxref: presentXref({
      xref_id, ticket_id: ticket.id, project_id: xref_project_id, action_id: xref_action_id, created: xref_created, created_by: xref_created_by,
    }),
  }));
  return { data, whmcstickets };
}

/**
 * WHMCS source: the tickets are in another database, so the page is a page of TeamPro's links
 * (visible, in context, ordered by link id or by ticket id), and only that page's tickets are
 * fetched by id. Filters on ticket columns cannot be applied to links without reading every linked
 * ticket, so they are refused here rather than answered with wrong totals. A link whose ticket is
 * gone from WHMCS is left out of the page (the total still counts it).
 */
export async function findLinkedExternal(ctx: CallContext, query: LinkedQuery) {
  refuseTicketColumnQueries(query);
  const links = whereEquals(visibleXrefs(ctx.db, ctx.caller).selectAll('ticketxrefs'), 'ticketxrefs', query.context);
  const { rows, data } = await runList(links, externalLinkedListSpec, query.list, ctx.settings);
  const tickets = await ctx.tickets.getMany(ctx.db, [...new Set(rows.map((x) => x.ticket_id))]);
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  const whmcstickets = rows.flatMap((xref) => {
    const ticket = byId.get(xref.ticket_id);
    return ticket ? [{ ...presentTicket(ticket), ticketxref: presentXref(xref) }] : [];
  });
  return { data, whmcstickets };
}

function refuseTicketColumnQueries(query: LinkedQuery): void {
  const refused: ParamError[] = Object.keys(query.columnFilters).map((param) => ({ param, message: 'cannot filter tickets linked in a project or action when tickets are read from the WHMCS database' }));
  if (query.list.q !== undefined) refused.push({ param: 'q', message: 'cannot search tickets linked in a project or action when tickets are read from the WHMCS database' });
  if (query.list.modified_since !== undefined) refused.push({ param: 'modified_since', message: 'cannot apply to tickets linked in a project or action when tickets are read from the WHMCS database' });
  const sortFields = (query.list.sort ?? '').split(',').map((s) => s.trim().replace(/^[-+]/, '')).filter(Boolean);
  if (sortFields.some((field) => field !== 'id')) refused.push({ param: 'sort', message: 'tickets linked in a project or action can only be sorted by id when tickets are read from the WHMCS database' });
  if (refused.length > 0) {
    throw badRequest(
      'With tickets read from the WHMCS database, tickets listed in a project or action can only be paged and sorted by id; use findWHMCSTickets without project_id/action_id to filter or search tickets',
      refused,
    );
  }
}
