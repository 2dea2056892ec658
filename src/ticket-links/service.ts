import { actionAt, placeOf, writableAt, writableFrom, writableMove } from '../access/placement.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { TicketXrefRow } from '../db/types.js';
import { runList, whereEquals } from '../engine/lists.js';
import type { CallContext } from '../engine/method.js';
import { conflict, notFound } from '../errors.js';
import { touchProject } from '../projects/repository.js';
import type { XrefCreateParams, XrefListParams, XrefUpdateParams } from './methods.js';
import { deleteXrefRow, findVisibleXref, insertXref, loadXref, updateXrefRow, visibleXrefs } from './repository.js';
import { presentXref, xrefListSpec } from './schemas.js';

/*
 * Writes touch the project's activity before writing the link: that takes the project row's lock
 * first, as every writer in a project does, so parallel links to one project queue up rather than
 * deadlock, and the unique (ticket, project, action) index settles duplicates: one wins, the rest 409.
 */

type Link = Pick<TicketXrefRow, 'ticket_id' | 'project_id' | 'action_id'>;

export async function getVisibleXref(ctx: CallContext, xrefId: number): Promise<TicketXrefRow> {
  const xref = await findVisibleXref(ctx.db, ctx.caller, xrefId);
  if (!xref) throw notFound('Ticket link', xrefId);
  return xref;
}

export async function findXrefs(ctx: CallContext, params: XrefListParams) {
  const { limit, offset, page, sort, ...filters } = params;
  const query = whereEquals(visibleXrefs(ctx.db, ctx.caller).selectAll('ticketxrefs'), 'ticketxrefs', filters);
  const { rows, data } = await runList(query, xrefListSpec, params, ctx.settings);
  return { data, ticketxrefs: rows.map(presentXref) };
}

async function assertTicketExists(ctx: CallContext, ticketId: number): Promise<void> {
  if (!(await ctx.tickets.get(ctx.db, ticketId))) throw notFound('WHMCS ticket', ticketId);
}

/** Runs a write of a link, turning a collision on the unique (ticket, project, action) index into a 409. */
async function writeUniqueLink<R>(link: Link, write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const where = link.action_id > 0 ? `action ${link.action_id} of project ${link.project_id}` : `project ${link.project_id}`;
    throw conflict(`Ticket ${link.ticket_id} is already linked to ${where}`);
  }
}

export async function createXref(ctx: CallContext, input: XrefCreateParams): Promise<TicketXrefRow> {
  const link: Link = { ticket_id: input.ticket_id, project_id: input.project_id, action_id: input.action_id ?? 0 };
  const place = placeOf(link);
  await writableAt(ctx, place);
  await actionAt(ctx, place);
  await assertTicketExists(ctx, link.ticket_id);
  await touchProject(ctx.db, link.project_id, ctx.now);
  const id = await writeUniqueLink(link, () => insertXref(ctx.db, { ...link, created: ctx.now, created_by: ctx.caller.id }));
  return loadXref(ctx.db, id);
}

/** Moves a link to another ticket, project or action; moving to another project clears the action unless one is given. */
export async function updateXref(ctx: CallContext, input: XrefUpdateParams): Promise<TicketXrefRow> {
  const xref = await getVisibleXref(ctx, input.xref_id);
  const projectId = input.project_id ?? xref.project_id;
  const link: Link = {
    ticket_id: input.ticket_id ?? xref.ticket_id,
    project_id: projectId,
    action_id: input.action_id ?? (projectId === xref.project_id ? xref.action_id : 0),
  };
  await writableMove(ctx, `ticket link ${xref.xref_id}`, placeOf(xref), placeOf(link));
  await actionAt(ctx, placeOf(link));
  if (link.ticket_id !== xref.ticket_id) await assertTicketExists(ctx, link.ticket_id);
  // Both projects' rows, in id order, so two moves in opposite directions cannot deadlock.
  for (const id of [...new Set([xref.project_id, projectId])].sort((a, b) => a - b)) await touchProject(ctx.db, id, ctx.now);
  await writeUniqueLink(link, () => updateXrefRow(ctx.db, xref.xref_id, link));
  return loadXref(ctx.db, xref.xref_id);
}

/** Deletes a link (never the ticket); answers it as it was. */
export async function deleteXref(ctx: CallContext, xrefId: number): Promise<TicketXrefRow> {
  const xref = await getVisibleXref(ctx, xrefId);
  await writableFrom(ctx, placeOf(xref), () => `Deleting ticket link ${xrefId} needs write access to project ${xref.project_id}`);
  await touchProject(ctx.db, xref.project_id, ctx.now);
  await deleteXrefRow(ctx.db, xrefId);
  return xref;
}
