import { paginate } from '../paging.js';
import type { CreateTicketXrefParams, FindTicketsParams, FindTicketXrefsParams, Page, Ticket, TicketXref, UpdateTicketXrefParams } from '../types.js';
import { Resource } from './base.js';

/** whmcstickets (read-only): findWHMCSTickets, getWHMCSTicket. */
export class Tickets extends Resource {
  /** Tickets; with project_id or action_id, those linked there, each with its `ticketxref`. */
  list(params: FindTicketsParams = {}): Promise<Page<'whmcstickets', Ticket>> {
    return this.page('findWHMCSTickets', params);
  }

  iterate(params: FindTicketsParams = {}): AsyncGenerator<Ticket, void, undefined> {
    return paginate((p: FindTicketsParams) => this.list(p), 'whmcstickets', params);
  }

  get(ticketId: number): Promise<Ticket> {
    return this.one('getWHMCSTicket', { ticket_id: ticketId }, 'whmcsticket');
  }
}

/** ticketxrefs (links between tickets and projects or actions): find, create, get, update, delete. */
export class TicketXrefs extends Resource {
  list(params: FindTicketXrefsParams = {}): Promise<Page<'ticketxrefs', TicketXref>> {
    return this.page('findTicketXrefs', params);
  }

  iterate(params: FindTicketXrefsParams = {}): AsyncGenerator<TicketXref, void, undefined> {
    return paginate((p: FindTicketXrefsParams) => this.list(p), 'ticketxrefs', params);
  }

  get(xrefId: number): Promise<TicketXref> {
    return this.one('getTicketXref', { xref_id: xrefId }, 'ticketxref');
  }

  /** Links a ticket to a project (and optionally an action in it); the same link twice is a 409. */
  create(params: CreateTicketXrefParams): Promise<TicketXref> {
    return this.one('createTicketXref', params, 'ticketxref');
  }

  update(xrefId: number, params: UpdateTicketXrefParams): Promise<TicketXref> {
    return this.one('updateTicketXref', { ...params, xref_id: xrefId }, 'ticketxref');
  }

  delete(xrefId: number): Promise<TicketXref> {
    return this.one('deleteTicketXref', { xref_id: xrefId }, 'ticketxref');
  }
}
