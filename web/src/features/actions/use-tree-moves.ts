import type { Action } from 'teampro/client';
import { patched } from '../../hooks/use-action-writes';
import { api } from '../../lib/api';
import { depthOf, isWithin, placeAt, subtreeHeight, type TreeNode } from '../../lib/tree';
import type { DropPosition } from './tree-row';
import type { RowTarget } from './use-row-focus';

interface Deps {
  tree: { roots: TreeNode[]; byId: Map<number, TreeNode> };
  maxDepth: number;
  collapsed: Set<number>;
  expand: (id: number) => void;
  write: (label: string, optimistic: (actions: Action[]) => Action[], run: () => Promise<unknown>) => Promise<boolean>;
  setNotice: (notice: string) => void;
  focusWhenRendered: (target: RowTarget) => void;
  restoreFocus: (target: RowTarget) => void;
}

/**
 * Moving actions in the tree: up and down among their siblings, indent and outdent, and drops. Each
 * move is checked against the server's rules first (no cycle, the depth limit), shown at once, and
 * written as the fewest updateAction calls: the moved action, then any sibling renumbered around it.
 */
export function useTreeMoves({ tree, maxDepth, collapsed, expand, write, setNotice, focusWhenRendered, restoreFocus }: Deps) {
  const siblingsOf = (parent: TreeNode | null) => (parent ? parent.children : tree.roots);

  /** Puts `node` under `parent` (null: top level) at `index` among its siblings there (node left out). */
  const moveTo = async (node: TreeNode, parent: TreeNode | null, index: number, label: string) => {
    if (parent && isWithin(parent, node)) return setNotice(`${label}: an action cannot go under itself.`);
    const newDepth = (parent ? depthOf(parent) : 0) + subtreeHeight(node);
    if (newDepth > maxDepth) return setNotice(`${label}: that would make the tree ${newDepth} levels deep; the limit is ${maxDepth}.`);
    const id = node.action.action_id;
    const siblings = siblingsOf(parent).map((n) => n.action).filter((a) => a.action_id !== id);
    const changes = new Map<number, Partial<Action>>();
    for (const [actionId, sort_order] of placeAt(siblings, index, id)) changes.set(actionId, { sort_order });
    const parentId = parent ? parent.action.action_id : 0;
    if (parentId !== node.action.parent_action_id) changes.set(id, { ...changes.get(id), parent_action_id: parentId });
    if (changes.size === 0) return;
    if (parent && collapsed.has(parentId)) expand(parentId);
    focusWhenRendered(id);
    await write(label, (list) => patched(list, changes), async () => {
      const own = changes.get(id);
      if (own) await api().actions.update(id, own as { sort_order?: number; parent_action_id?: number });
      for (const [actionId, change] of changes) if (actionId !== id) await api().actions.update(actionId, change as { sort_order: number });
    });
    restoreFocus(id);
  };

  const moveBy = (node: TreeNode, step: -1 | 1) => {
    const siblings = siblingsOf(node.parent);
    const target = siblings.indexOf(node) + step;
    if (target < 0 || target >= siblings.length) return;
    void moveTo(node, node.parent, target, `Moving “${node.action.name}” ${step < 0 ? 'up' : 'down'}`);
  };

  const indent = (node: TreeNode) => {
    const siblings = siblingsOf(node.parent);
    const previous = siblings[siblings.indexOf(node) - 1];
    if (!previous) return setNotice(`“${node.action.name}” has no action above it to go under.`);
    void moveTo(node, previous, previous.children.filter((c) => c !== node).length, `Indenting “${node.action.name}”`);
  };

  const outdent = (node: TreeNode) => {
    const parent = node.parent;
    if (!parent) return setNotice(`“${node.action.name}” is already at the top level.`);
    const siblings = siblingsOf(parent.parent).filter((n) => n !== node);
    void moveTo(node, parent.parent, siblings.indexOf(parent) + 1, `Outdenting “${node.action.name}”`);
  };

  /** Drops `node` before, inside (last child) or after `target`. */
  const dropOn = (node: TreeNode, target: TreeNode, position: DropPosition) => {
    if (node === target) return;
    const label = `Moving “${node.action.name}”`;
    if (position === 'inside') return void moveTo(node, target, target.children.filter((c) => c !== node).length, label);
    const siblings = siblingsOf(target.parent).filter((n) => n !== node);
    void moveTo(node, target.parent, siblings.indexOf(target) + (position === 'after' ? 1 : 0), label);
  };

  return { moveBy, indent, outdent, dropOn };
}
