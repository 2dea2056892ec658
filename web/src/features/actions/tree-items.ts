import { depthOf, flatten, isWithin, type TreeNode } from '../../lib/tree';

/** Where the inline "add" row is open: under which parent, after which sibling (null: at the end). */
export interface Adding {
  parentId: number;
  afterId: number | null;
  name: string;
}

export type Item = { kind: 'node'; node: TreeNode; depth: number } | { kind: 'add'; parentId: number; depth: number };

/**
 * The rows the treegrid shows, in order: the open part of the tree, and the add row where the new
 * action will appear (after the last visible row of its parent's subtree, or of the sibling it follows).
 */
export function visibleItems(tree: { roots: TreeNode[]; byId: Map<number, TreeNode> }, isOpen: (id: number) => boolean, hideCompleted: boolean, adding: Adding | null): Item[] {
  const out: Item[] = flatten(tree.roots, isOpen, hideCompleted).map((node) => ({ kind: 'node', node, depth: depthOf(node) }));
  if (!adding) return out;
  const anchorId = adding.afterId ?? (adding.parentId || null);
  let at = out.length;
  const anchor = anchorId === null ? undefined : tree.byId.get(anchorId);
  const index = anchor ? out.findIndex((i) => i.kind === 'node' && i.node === anchor) : -1;
  if (anchor && index >= 0) {
    at = index + 1;
    while (at < out.length && isWithin((out[at] as { node: TreeNode }).node, anchor)) at += 1;
  }
  const parent = adding.parentId ? tree.byId.get(adding.parentId) : undefined;
  out.splice(at, 0, { kind: 'add', parentId: adding.parentId, depth: parent ? depthOf(parent) + 1 : 1 });
  return out;
}

export const nodeAt = (items: readonly Item[], index: number): TreeNode | undefined => {
  const item = items[index];
  return item?.kind === 'node' ? item.node : undefined;
};
