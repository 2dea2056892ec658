import { useState } from 'react';
import type { Action, UpdateActionParams } from 'teampro/client';
import { patched, type ActionWrite } from '../../hooks/use-action-writes';
import { api } from '../../lib/api';
import { descendantCount, moveTargets, treeOrder, type TreeNode } from '../../lib/tree';
import type { Item } from './tree-items';

interface Deps {
  roots: readonly TreeNode[];
  byId: Map<number, TreeNode>;
  maxDepth: number;
  items: readonly Item[];
  selected: ReadonlySet<number>;
  writeEach: (label: string, writes: readonly ActionWrite[]) => Promise<number>;
  restoreFocus: (id: number) => void;
}

/** The selected actions that have no selected ancestor: deleting them deletes the rest with them. */
export function topMost(byId: Map<number, TreeNode>, selected: ReadonlySet<number>): TreeNode[] {
  const hasSelectedAncestor = (node: TreeNode) => {
    for (let at = node.parent; at; at = at.parent) if (selected.has(at.action.action_id)) return true;
    return false;
  };
  // Walking up from each node, not comparing pairs: Ctrl+A on a large tree selects them all.
  return [...selected].flatMap((id) => byId.get(id) ?? []).filter((node) => !hasSelectedAncestor(node));
}

/** The ids of `node` and everything under it. */
function subtreeIds(node: TreeNode, into = new Set<number>()): Set<number> {
  into.add(node.action.action_id);
  for (const child of node.children) subtreeIds(child, into);
  return into;
}

/** The tasks (actions without sub-actions) at or under `node` that are not complete yet. */
function openTasksUnder(node: TreeNode): TreeNode[] {
  if (node.children.length === 0) return node.action.complete < 100 ? [node] : [];
  return node.children.flatMap(openTasksUnder);
}

const plural = (n: number) => `${n} ${n === 1 ? 'action' : 'actions'}`;
const update = (id: number, change: UpdateActionParams): ActionWrite => ({
  id,
  optimistic: (list) => patched(list, new Map([[id, change as Partial<Action>]])),
  run: () => api().actions.update(id, change),
});

/**
 * The selection bar's commands: each is one API call per action (what an integration would do), shown
 * at once and re-read afterwards. Delete asks first (`deleteAsked`, `confirmDelete`).
 */
export function useBulkCommands({ roots, byId, maxDepth, items, selected, writeEach, restoreFocus }: Deps) {
  const [deleteAsked, setDeleteAsked] = useState(false);
  const [moveAsked, setMoveAsked] = useState(false);
  const ids = [...selected];
  const tops = topMost(byId, selected);

  const setStatus = (status: string) => void writeEach(`Setting the status of ${plural(ids.length)}`, ids.map((id) => update(id, { status })));
  const assign = (adminId: number) => void writeEach(`Assigning ${plural(ids.length)}`, ids.map((id) => update(id, { assigned_adminid: adminId })));
  /** A parent's % complete is the server's roll-up (it refuses another), so a selected parent is completed through its tasks. */
  const complete = () => {
    const tasks = tops.flatMap(openTasksUnder);
    if (tasks.length > 0) void writeEach(`Completing ${plural(tasks.length)}`, tasks.map((n) => update(n.action.action_id, { complete: 100 })));
  };

  /** Sub-actions that go too without being selected themselves. */
  const alsoDeleted = tops.reduce((n, node) => n + 1 + descendantCount(node), 0) - selected.size;

  const confirmDelete = async () => {
    setDeleteAsked(false);
    const writes = tops.map((top): ActionWrite & { gone: Set<number> } => {
      const gone = subtreeIds(top);
      return { id: top.action.action_id, gone, optimistic: (list) => list.filter((a) => !gone.has(a.action_id)), run: () => api().actions.delete(top.action.action_id) };
    });
    // Focus goes on to the first row left after the first one deleted (or before it, at the end).
    const rows = items.flatMap((i) => (i.kind === 'node' ? [i.node.action.action_id] : []));
    const kept = (id: number) => !writes.some((w) => w.gone.has(id));
    const first = rows.findIndex((id) => !kept(id));
    const neighbour = rows.slice(first + 1).find(kept) ?? rows.slice(0, Math.max(first, 0)).reverse().find(kept);
    await writeEach(`Deleting ${plural(tops.length)}`, writes);
    if (neighbour !== undefined) restoreFocus(neighbour);
  };

  /**
   * Moves the top-most selected actions (their sub-actions go with them) to the end of `parentId`'s
   * children (0: the top level), in the order they stand in the tree: one updateAction each. The
   * selection stays, so a second move or command can follow.
   */
  const moveUnder = async (parentId: number) => {
    setMoveAsked(false);
    const parent = parentId ? byId.get(parentId) : undefined;
    const moving = new Set(tops);
    const ordered = treeOrder(roots).filter((node) => moving.has(node));
    const staying = (parent ? parent.children : roots).filter((node) => !moving.has(node));
    const last = staying.reduce((max, node) => Math.max(max, node.action.sort_order), 0);
    const writes = ordered.map((node, i) => update(node.action.action_id, { parent_action_id: parentId, sort_order: last + 1024 * (i + 1) }));
    // Focus goes back to "Move to…", as it stays on the other commands of the bar.
    await writeEach(`Moving ${plural(writes.length)}`, writes);
  };

  return {
    setStatus,
    assign,
    complete,
    moveAsked,
    askMove: () => setMoveAsked(true),
    cancelMove: () => setMoveAsked(false),
    moveUnder,
    targets: () => moveTargets(roots, tops, maxDepth),
    deleteAsked,
    askDelete: () => setDeleteAsked(true),
    cancelDelete: () => setDeleteAsked(false),
    confirmDelete,
    alsoDeleted,
  };
}
