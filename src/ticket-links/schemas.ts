import { Type, type Static } from '@sinclair/typebox';
import type { TicketXrefRow } from '../db/types.js';
import type { ListSpec } from '../engine/lists.js';
import { IsoTime, toIso } from '../engine/records.js';
import { Id, RefId } from '../engine/types.js';

/** Writable fields of a ticket link; all three may change on update, with the create rules applied again. */
export const xrefFields = {
  ticket_id: Id('WHMCS ticket id (tbltickets.id); the ticket must exist'),
  project_id: Id('Project id'),
  action_id: RefId('Action id in the project (0 = the project as a whole)'),
};

export const xrefFilters = {
  ticket_id: Id('Only links of this ticket'),
  project_id: Id('Only links into this project'),
  action_id: RefId('Only links to this action (0 = links to no action)'),
  created_by: RefId('Only links made by this admin'),
};

const SORTABLE = ['xref_id', 'ticket_id', 'project_id', 'action_id', 'created'];

export const xrefListSpec: ListSpec = {
  idColumn: 'ticketxrefs.xref_id',
  sortable: Object.fromEntries(SORTABLE.map((f) => [f, `ticketxrefs.${f}`])),
  searchColumns: [],
};

export const TicketXrefRecord = Type.Object({
  xref_id: Id('Ticket link id'),
  ticket_id: Id('WHMCS ticket id'),
  project_id: Id('Project id'),
  action_id: Type.Integer({ description: '0 = none' }),
  created: IsoTime('Created'),
  created_by: Type.Integer({ description: 'Admin who made the link' }),
});

export type TicketXref = Static<typeof TicketXrefRecord>;

export function presentXref(row: TicketXrefRow): TicketXref {
  return {
    xref_id: row.xref_id,
    ticket_id: row.ticket_id,
    project_id: row.project_id,
    action_id: row.action_id,
    created: toIso(Number(row.created)),
    created_by: row.created_by,
  };
}
