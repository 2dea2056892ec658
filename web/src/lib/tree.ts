import type { Action } from 'teampro/client';

export interface TreeNode {
  readonly action: Action;
  readonly children: TreeNode[];
  readonly parent: TreeNode | null;
}

export const bySiblingOrder = (a: Action, b: Action) => a.sort_order - b.sort_order || a.action_id - b.action_id;

/** The milestone → group → task tree of a project's actions, siblings in their order. */
export function buildTree(actions: readonly Action[]): { roots: TreeNode[]; byId: Map<number, TreeNode> } {
  const byId = new Map<number, TreeNode>();
  const sorted = [...actions].sort(bySiblingOrder);
  for (const action of sorted) byId.set(action.action_id, { action, children: [], parent: null });
  const roots: TreeNode[] = [];
  for (const action of sorted) {
    const node = byId.get(action.action_id)!;
    const parent = action.parent_action_id ? byId.get(action.parent_action_id) : undefined;
    if (parent) {
      (node as { parent: TreeNode | null }).parent = parent;
      parent.children.push(node);
    } else roots.push(node);
  }
  return { roots, byId };
}

/** Depth-first order, skipping the children of collapsed nodes (and completed actions when asked). */
export function flatten(roots: readonly TreeNode[], isOpen: (id: number) => boolean, hideCompleted = false): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (nodes: readonly TreeNode[]) => {
    for (const node of nodes) {
      if (hideCompleted && node.action.complete >= 100) continue;
      out.push(node);
      if (node.children.length > 0 && isOpen(node.action.action_id)) walk(node.children);
    }
  };
  walk(roots);
  return out;
}

/** 1 for a top-level action, one more for each level below. */
export function depthOf(node: TreeNode): number {
  let depth = 1;
  for (let at = node.parent; at; at = at.parent) depth += 1;
  return depth;
}

/** How many levels the subtree under a node spans (1 for a leaf). */
export function subtreeHeight(node: TreeNode): number {
  return 1 + Math.max(0, ...node.children.map(subtreeHeight));
}

export function descendantCount(node: TreeNode): number {
  return node.children.reduce((n, child) => n + 1 + descendantCount(child), 0);
}

/** Whether `candidate` is `node` or below it. */
export function isWithin(candidate: TreeNode | null, node: TreeNode): boolean {
  for (let at = candidate; at; at = at.parent) if (at === node) return true;
  return false;
}

/**
 * The sort_order writes that put `moving` at `index` among `siblings` (which do not include it): one
 * write when there is room between the neighbours, otherwise the siblings renumbered with room to spare.
 */
export function placeAt(siblings: readonly Action[], index: number, movingId: number): Map<number, number> {
  const before = siblings[index - 1]?.sort_order;
  const after = siblings[index]?.sort_order;
  const writes = new Map<number, number>();
  if (before === undefined && after === undefined) writes.set(movingId, 1024);
  else if (before === undefined) writes.set(movingId, after! - 1024);
  else if (after === undefined) writes.set(movingId, before + 1024);
  else if (after - before >= 2) writes.set(movingId, Math.floor((before + after) / 2));
  else {
    const order = [...siblings.slice(0, index).map((a) => a.action_id), movingId, ...siblings.slice(index).map((a) => a.action_id)];
    const current = new Map(siblings.map((a) => [a.action_id, a.sort_order]));
    order.forEach((id, i) => {
      const value = (i + 1) * 1024;
      if (current.get(id) !== value) writes.set(id, value);
    });
  }
  return writes;
}

/** Every node of the tree in depth-first order, as the rows show them when all are open. */
export function treeOrder(roots: readonly TreeNode[]): TreeNode[] {
  return roots.flatMap((node) => [node, ...treeOrder(node.children)]);
}

/** Where a move target stands in the move dialog: the action (null: the top level) and its depth. */
export interface MoveTarget {
  node: TreeNode | null;
  depth: number;
}

/**
 * The places the selection can move under: the top level, then every action that is neither moving nor
 * under a moving one, and that leaves the deepest moving subtree within the depth limit (as the server
 * checks; it stays the judge).
 */
export function moveTargets(roots: readonly TreeNode[], tops: readonly TreeNode[], maxDepth: number): MoveTarget[] {
  const height = Math.max(0, ...tops.map(subtreeHeight));
  const moving = new Set(tops);
  const isMoving = (node: TreeNode) => {
    for (let at: TreeNode | null = node; at; at = at.parent) if (moving.has(at)) return true;
    return false;
  };
  const fits = (node: TreeNode) => !isMoving(node) && depthOf(node) + height <= maxDepth;
  return [{ node: null, depth: 0 }, ...treeOrder(roots).filter(fits).map((node) => ({ node, depth: depthOf(node) }))];
}
