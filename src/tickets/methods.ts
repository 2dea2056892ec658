import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Params } from '../engine/types.js';
import { presentTicket, TicketRecord, ticketFilters, ticketListSpec } from './schemas.js';
import * as service from './service.js';

const listSchema = listParams(ticketFilters, ticketListSpec);
const idSchema = Params({ ticket_id: Id('Ticket id (tbltickets.id)') }, ['ticket_id']);

export type TicketListParams = Static<typeof listSchema>;

export const findWHMCSTickets = defineMethod({
  name: 'findWHMCSTickets',
  resource: 'whmcstickets',
  chain: 'whmcstickets',
  http: 'GET',
  description: 'Return a WHMCS Ticket List',
  params: listSchema,
  reply: listReply('whmcstickets', TicketRecord),
  tx: 'read',
  run: (ctx, params) => service.findTickets(ctx, params),
});

export const getWHMCSTicket = defineMethod({
  name: 'getWHMCSTicket',
  resource: 'whmcstickets',
  chain: 'whmcstickets/{ticket_id}',
  http: 'GET',
  description: 'Return a WHMCS Ticket',
  params: idSchema,
  reply: singleReply('whmcsticket', TicketRecord),
  run: async (ctx, params) => ({ whmcsticket: presentTicket(await service.getTicket(ctx, params.ticket_id)) }),
});

export const ticketMethods = [findWHMCSTickets, getWHMCSTicket];
