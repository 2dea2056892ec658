import { Type, type Static } from '@sinclair/typebox';
import type { ListSpec } from '../engine/lists.js';
import { IsoTime, toIso } from '../engine/records.js';
import { Id, RefId, Text } from '../engine/types.js';
import { TicketXrefRecord } from '../ticket-links/schemas.js';
import type { Ticket } from './source.js';

/** `project_id` / `action_id` list the tickets linked there, each with its `ticketxref` for that context. */
export const ticketContextFilters = {
  project_id: Id('Only tickets linked to this project; each then carries its ticketxref'),
  action_id: RefId('Only tickets linked to this action (0 = linked to no action); each then carries its ticketxref'),
};

/** Equality filters on tbltickets columns. Statuses are free text: WHMCS lets admins add their own. */
export const ticketColumnFilters = {
  tid: Text('Only the ticket with this ticket number (tbltickets.tid)', 128),
  did: RefId('Only tickets of this department'),
  userid: RefId('Only tickets of this client (0 = not from a client account)'),
  contactid: RefId('Only tickets of this contact'),
  status: Text('Only tickets with this status (Open, Answered, Customer-Reply, On Hold, In Progress, Closed, ...)', 64),
  urgency: Text('Only tickets with this urgency (Low, Medium, High)', 64),
  flag: RefId('Only tickets flagged to this admin id (0 = not flagged)'),
};

export const ticketFilters = { ...ticketContextFilters, ...ticketColumnFilters };

const SORTABLE = ['id', 'tid', 'did', 'userid', 'date', 'lastreply', 'status', 'urgency', 'title'];

/** The plain list: sort fields are the source's own columns; `q` searches title and tid; modified_since is lastreply. */
export const ticketListSpec: ListSpec = {
  idColumn: 'id',
  sortable: Object.fromEntries(SORTABLE.map((f) => [f, f])),
  searchColumns: ['title', 'tid'],
};

/** Tickets linked in a project or action, local source: links joined with tickets, one row per link, link order by default. */
export const localLinkedListSpec: ListSpec = {
  idColumn: 'ticketxrefs.xref_id',
  sortable: Object.fromEntries(SORTABLE.map((f) => [f, `tickets.${f}`])),
  searchColumns: ['tickets.title', 'tickets.tid'],
  modifiedColumn: 'tickets.lastreply',
};

/** Tickets linked in a project or action, WHMCS source: the page is a page of links, so only the ticket id can order it. */
export const externalLinkedListSpec: ListSpec = {
  idColumn: 'ticketxrefs.xref_id',
  sortable: { id: 'ticketxrefs.ticket_id' },
  searchColumns: [],
};

const ticketProperties = {
  id: Id('Ticket id (tbltickets.id)'),
  tid: Type.String({ description: 'Ticket number shown to the client' }),
  did: Type.Integer({ description: 'Department id' }),
  userid: Type.Integer({ description: 'Client id (0 = not from a client account)' }),
  contactid: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  date: IsoTime('Opened'),
  title: Type.String(),
  message: Type.String(),
  status: Type.String(),
  urgency: Type.String(),
  admin: Type.String({ description: 'Admin who opened it, if any' }),
  lastreply: IsoTime('Last reply'),
  flag: Type.Integer({ description: 'Admin id the ticket is flagged to (0 = none)' }),
  service: Type.String({ description: 'Related service, as WHMCS stores it (e.g. S12)' }),
  deptname: Type.Union([Type.String(), Type.Null()], { description: 'Department name, when known' }),
};

export const TicketRecord = Type.Object({
  ...ticketProperties,
  /** Only in lists asked for a project or action: the link for that context. */
  ticketxref: Type.Optional(TicketXrefRecord),
});

export type TicketRecordType = Static<typeof TicketRecord>;

export function presentTicket(ticket: Ticket): TicketRecordType {
  return {
    id: ticket.id,
    tid: ticket.tid,
    did: ticket.did,
    userid: ticket.userid,
    contactid: ticket.contactid,
    name: ticket.name,
    email: ticket.email,
    date: toIso(ticket.date),
    title: ticket.title,
    message: ticket.message,
    status: ticket.status,
    urgency: ticket.urgency,
    admin: ticket.admin,
    lastreply: toIso(ticket.lastreply),
    flag: ticket.flag,
    service: ticket.service,
    deptname: ticket.deptname,
  };
}
