import { sql, type Kysely } from 'kysely';
import { inVisibleProject, isVisibleRow, onlyVisible, visibleColumn } from '../access/visibility.js';
import { insertReturningId } from '../db/dialect.js';
import type { ActionRow, ActionUpdate, Database, NewActionRow, ProjectRow } from '../db/types.js';
import type { Caller } from '../engine/method.js';
import { MAX_INT } from '../engine/types.js';

type Db = Kysely<Database>;

/**
 * Actions the caller may see (docs/api.md, Roles and visibility): those of visible projects plus those assigned to the caller.
 * The "assigned" half reads the row's own column; it is the same rule `recordVisible` applies to
 * records that hang off an action.
 */
export function visibleActions(db: Db, caller: Caller) {
  return onlyVisible(db.selectFrom('actions'), caller, (eb) =>
    eb.or([inVisibleProject(eb, caller, 'actions.project_id'), eb('actions.assigned_adminid', '=', caller.id)]),
  );
}

export function findVisibleAction(db: Db, caller: Caller, actionId: number): Promise<ActionRow | undefined> {
  return visibleActions(db, caller).selectAll('actions').where('actions.action_id', '=', actionId).executeTakeFirst();
}

/** The action when it exists and belongs to the project (for "the action must be in the project" checks). */
export function findActionInProject(db: Db, projectId: number, actionId: number): Promise<ActionRow | undefined> {
  return db.selectFrom('actions').selectAll().where('project_id', '=', projectId).where('action_id', '=', actionId).executeTakeFirst();
}

export function findAction(db: Db, actionId: number): Promise<ActionRow | undefined> {
  return db.selectFrom('actions').selectAll().where('action_id', '=', actionId).executeTakeFirst();
}

/** The project row, whoever may see it: roll-ups update it for every writer in the project. */
export function findProjectRow(db: Db, projectId: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

/**
 * The project's kept number of actions when the caller sees the whole project (then every one of its
 * actions is visible to them); undefined otherwise, and the list counts the rows it may show.
 */
export async function keptActionCount(db: Db, caller: Caller, projectId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('projects')
    .select('actions_count')
    .select((eb) => visibleColumn(eb, caller))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return isVisibleRow(row) ? Number(row.actions_count) : undefined;
}

/** Every action of a project, parents before their children (by depth). */
export function projectActionsByDepth(db: Db, projectId: number): Promise<ActionRow[]> {
  return db.selectFrom('actions').selectAll().where('project_id', '=', projectId).orderBy('depth').orderBy('action_id').execute();
}

export function insertAction(db: Db, row: NewActionRow): Promise<number> {
  return insertReturningId(db, 'actions', row as Record<string, unknown>, 'action_id');
}

export async function updateActionRow(db: Db, actionId: number, changes: ActionUpdate): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('actions').set(changes).where('action_id', '=', actionId).execute();
}

/** Ids below `rootId` (not itself), level by level, with the depth of the deepest one (root's depth if none). */
export async function descendantsOf(db: Db, projectId: number, root: ActionRow): Promise<{ ids: number[]; deepest: number }> {
  const ids: number[] = [];
  let frontier = [root.action_id];
  let deepest = root.depth;
  while (frontier.length > 0) {
    const children: { action_id: number; depth: number }[] = [];
    for (const chunk of chunks(frontier)) {
      children.push(
        ...(await db.selectFrom('actions').select(['action_id', 'depth']).where('project_id', '=', projectId).where('parent_action_id', 'in', chunk).execute()),
      );
    }
    for (const child of children) deepest = Math.max(deepest, child.depth);
    frontier = children.map((c) => c.action_id);
    ids.push(...frontier);
  }
  return { ids, deepest };
}

/** The rows below `root` (not itself), parents before their children. */
export async function descendantRows(db: Db, root: ActionRow): Promise<ActionRow[]> {
  const { ids } = await descendantsOf(db, root.project_id, root);
  const rows: ActionRow[] = [];
  for (const chunk of chunks(ids)) rows.push(...(await db.selectFrom('actions').selectAll().where('action_id', 'in', chunk).execute()));
  return rows.sort((a, b) => a.depth - b.depth);
}

/** An action's id and its ancestors' ids, nearest first, up to the top level (at most max_depth long). */
export async function pathToTop(db: Db, actionId: number): Promise<number[]> {
  const ids: number[] = [];
  let id = actionId;
  while (id > 0 && !ids.includes(id)) {
    const row = await db.selectFrom('actions').select('parent_action_id').where('action_id', '=', id).executeTakeFirst();
    if (!row) break;
    ids.push(id);
    id = row.parent_action_id;
  }
  return ids;
}

/**
 * Adds `seconds` (negative to remove) to the `elapsed` of the actions on one path to the top: an
 * action's elapsed counts its own time logs and its sub-actions', as completion and dates roll up.
 */
export async function addElapsedUpTheTree(db: Db, path: readonly number[], seconds: number): Promise<void> {
  if (path.length === 0 || seconds === 0) return;
  await db.updateTable('actions').set((eb) => ({ elapsed: eb('elapsed', '+', seconds) })).where('action_id', 'in', [...path]).execute();
}

export async function shiftDepth(db: Db, ids: number[], delta: number): Promise<void> {
  if (delta === 0) return;
  for (const chunk of chunks(ids)) {
    await db.updateTable('actions').set({ depth: sql`depth + ${delta}` }).where('action_id', 'in', chunk).execute();
  }
}

/** The sort_order that places a new action after its last sibling. */
export async function nextSortOrder(db: Db, projectId: number, parentActionId: number): Promise<number> {
  const row = await db
    .selectFrom('actions')
    .select((eb) => eb.fn.max<number>('sort_order').as('last'))
    .where('project_id', '=', projectId)
    .where('parent_action_id', '=', parentActionId)
    .executeTakeFirst();
  if (row?.last === null || row?.last === undefined) return 1;
  // After a sibling placed at the very end the new action shares that place (the id breaks the tie):
  // one more would not fit the column.
  return Math.min(Number(row.last) + 1, MAX_INT);
}

export async function adminExists(db: Db, adminId: number): Promise<boolean> {
  const row = await db.selectFrom('admins').select('id').where('id', '=', adminId).executeTakeFirst();
  return row !== undefined;
}

export async function deleteActionRows(db: Db, ids: number[]): Promise<void> {
  for (const chunk of chunks(ids)) await db.deleteFrom('actions').where('action_id', 'in', chunk).execute();
}

/**
 * Records tied to deleted actions stay on the project with action_id 0. A ticket link that would then
 * duplicate an existing (ticket, project, 0) link — the pair is unique — is dropped instead: the ticket
 * stays linked to the project once.
 */
export async function detachFromActions(db: Db, projectId: number, ids: number[]): Promise<void> {
  for (const chunk of chunks(ids)) {
    for (const table of ['topics', 'files', 'timelogs'] as const) {
      await db.updateTable(table).set({ action_id: 0 }).where('project_id', '=', projectId).where('action_id', 'in', chunk).execute();
    }
    await detachTicketLinks(db, projectId, chunk);
  }
}

async function detachTicketLinks(db: Db, projectId: number, actionIds: number[]): Promise<void> {
  const links = await db
    .selectFrom('ticketxrefs')
    .select(['xref_id', 'ticket_id'])
    .where('project_id', '=', projectId)
    .where('action_id', 'in', actionIds)
    .orderBy('xref_id')
    .execute();
  if (links.length === 0) return;
  const projectLevel = await db
    .selectFrom('ticketxrefs')
    .select('ticket_id')
    .where('project_id', '=', projectId)
    .where('action_id', '=', 0)
    .where('ticket_id', 'in', [...new Set(links.map((l) => l.ticket_id))])
    .execute();
  const linked = new Set(projectLevel.map((l) => l.ticket_id));
  for (const link of links) {
    if (linked.has(link.ticket_id)) {
      await db.deleteFrom('ticketxrefs').where('xref_id', '=', link.xref_id).execute();
    } else {
      await db.updateTable('ticketxrefs').set({ action_id: 0 }).where('xref_id', '=', link.xref_id).execute();
      linked.add(link.ticket_id);
    }
  }
}

/** Splits long id lists so no statement exceeds a driver's bound-parameter limit. */
function chunks(ids: number[], size = 500): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
