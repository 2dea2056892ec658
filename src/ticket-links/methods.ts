import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Params } from '../engine/types.js';
import { presentXref, TicketXrefRecord, xrefFields, xrefFilters, xrefListSpec } from './schemas.js';
import * as service from './service.js';

const xrefId = { xref_id: Id('Ticket link id') };

/** Links carry no text and no modified time, so their list takes neither `q` nor `modified_since`. */
function xrefListParams() {
  const { q: _q, modified_since: _since, ...properties } = listParams(xrefFilters, xrefListSpec).properties;
  return Params(properties);
}

const listSchema = xrefListParams();
const createSchema = Params(xrefFields, ['ticket_id', 'project_id']);
const updateSchema = Params({ ...xrefId, ...xrefFields }, ['xref_id']);
const idSchema = Params(xrefId, ['xref_id']);

export type XrefListParams = Static<typeof listSchema>;
export type XrefCreateParams = Static<typeof createSchema>;
export type XrefUpdateParams = Static<typeof updateSchema>;

export const findTicketXrefs = defineMethod({
  name: 'findTicketXrefs',
  resource: 'ticketxrefs',
  chain: 'ticketxrefs',
  http: 'GET',
  description: 'Return a TicketXref List',
  params: listSchema,
  reply: listReply('ticketxrefs', TicketXrefRecord),
  tx: 'read',
  run: (ctx, params) => service.findXrefs(ctx, params),
});

export const createTicketXref = defineMethod({
  name: 'createTicketXref',
  resource: 'ticketxrefs',
  chain: 'ticketxrefs',
  http: 'POST',
  description: 'Create a TicketXref',
  params: createSchema,
  reply: singleReply('ticketxref', TicketXrefRecord),
  run: async (ctx, params) => ({ ticketxref: presentXref(await service.createXref(ctx, params)) }),
});

export const getTicketXref = defineMethod({
  name: 'getTicketXref',
  resource: 'ticketxrefs',
  chain: 'ticketxrefs/{xref_id}',
  http: 'GET',
  description: 'Return a TicketXref',
  params: idSchema,
  reply: singleReply('ticketxref', TicketXrefRecord),
  run: async (ctx, params) => ({ ticketxref: presentXref(await service.getVisibleXref(ctx, params.xref_id)) }),
});

export const updateTicketXref = defineMethod({
  name: 'updateTicketXref',
  resource: 'ticketxrefs',
  chain: 'ticketxrefs/{xref_id}',
  http: 'PUT',
  description: 'Update a TicketXref',
  params: updateSchema,
  reply: singleReply('ticketxref', TicketXrefRecord),
  run: async (ctx, params) => ({ ticketxref: presentXref(await service.updateXref(ctx, params)) }),
});

export const deleteTicketXref = defineMethod({
  name: 'deleteTicketXref',
  resource: 'ticketxrefs',
  chain: 'ticketxrefs/{xref_id}',
  http: 'DELETE',
  description: 'Delete a TicketXref',
  params: idSchema,
  reply: singleReply('ticketxref', TicketXrefRecord),
  run: async (ctx, params) => ({ ticketxref: presentXref(await service.deleteXref(ctx, params.xref_id)) }),
});

export const ticketXrefMethods = [findTicketXrefs, createTicketXref, getTicketXref, updateTicketXref, deleteTicketXref];
