import type { KeyboardEvent } from 'react';
import type { TreeNode } from '../../lib/tree';
import type { RowCommand } from './row-commands';
import { nodeAt, type Item } from './tree-items';

interface KeyContext {
  items: readonly Item[];
  isOpen: (node: TreeNode) => boolean;
  toggle: (node: TreeNode, open: boolean) => void;
  focusRow: (id: number) => void;
  command: (node: TreeNode, command: RowCommand) => void;
}

/**
 * The treegrid's keys on a focused row (the WAI-ARIA treegrid pattern, plus Alt+arrows to move):
 * true when the key was one of them.
 */
export function onTreeKey(event: KeyboardEvent, node: TreeNode, { items, isOpen, toggle, focusRow, command }: KeyContext): boolean {
  const index = items.findIndex((i) => i.kind === 'node' && i.node === node);
  const open = isOpen(node);
  const focusNode = (target: TreeNode | undefined) => target && focusRow(target.action.action_id);
  const nodes = () => items.filter((i): i is Extract<Item, { kind: 'node' }> => i.kind === 'node');
  if (event.altKey) {
    const moves: Record<string, RowCommand> = { ArrowUp: 'up', ArrowDown: 'down', ArrowRight: 'indent', ArrowLeft: 'outdent' };
    if (!(event.key in moves)) return false;
    command(node, moves[event.key]);
    return true;
  }
  switch (event.key) {
    case 'ArrowDown':
      return focusNode(nodeAt(items, index + 1) ?? nodeAt(items, index + 2)), true;
    case 'ArrowUp':
      return focusNode(nodeAt(items, index - 1) ?? nodeAt(items, index - 2)), true;
    case 'ArrowRight':
      if (node.children.length > 0 && !open) toggle(node, true);
      else if (open) focusNode(node.children[0]);
      return true;
    case 'ArrowLeft':
      if (open) toggle(node, false);
      else focusNode(node.parent ?? undefined);
      return true;
    case 'Home':
      return focusNode(nodes()[0]?.node), true;
    case 'End':
      return focusNode(nodes().at(-1)?.node), true;
    case 'Enter':
    case 'F2':
      return command(node, 'edit'), true;
    case 'Delete':
      return command(node, 'delete'), true;
    case 'Insert':
      return command(node, event.shiftKey ? 'child' : 'sibling'), true;
    default:
      return false;
  }
}
