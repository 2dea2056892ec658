import { appliedFilters, listData, pageWindow, parseSort } from '../engine/lists.js';
import type { CallContext } from '../engine/method.js';
import { notFound } from '../errors.js';
import { findLinkedExternal, findLinkedLocal } from './linked.js';
import type { TicketListParams } from './methods.js';
import { presentTicket, ticketListSpec } from './schemas.js';
import type { Ticket } from './source.js';

/*
 * Tickets are WHMCS help-desk data, not project data: every admin with API access may read any
 * ticket (findWHMCSTickets, getWHMCSTicket). What follows project visibility is the *links*: tickets
 * listed in a project or action are those linked there that the caller may see.
 */

export async function getTicket(ctx: CallContext, ticketId: number): Promise<Ticket> {
  const ticket = await ctx.tickets.get(ctx.db, ticketId);
  if (!ticket) throw notFound('WHMCS ticket', ticketId);
  return ticket;
}

export async function findTickets(ctx: CallContext, params: TicketListParams) {
  const { limit, offset, page, sort, q, modified_since, project_id, action_id, ...columnFilters } = params;
  if (project_id === undefined && action_id === undefined) return findAllTickets(ctx, params, columnFilters);
  const context = { project_id, action_id };
  const linked = { context, columnFilters, list: params };
  return ctx.tickets.kind === 'local' ? findLinkedLocal(ctx, linked) : findLinkedExternal(ctx, linked);
}

async function findAllTickets(ctx: CallContext, params: TicketListParams, columnFilters: Record<string, string | number>) {
  const { limit, offset } = pageWindow(params, ctx.settings);
  const sort = parseSort(params.sort, ticketListSpec);
  const { total, rows } = await ctx.tickets.find(ctx.db, {
    filters: columnFilters,
    q: params.q,
    lastReplySince: params.modified_since,
    sort,
    limit,
    offset,
  });
  return { data: listData(total, limit, offset, appliedFilters(params)), whmcstickets: rows.map(presentTicket) };
}
