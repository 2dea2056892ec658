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
  select: SelectionKeys;
}

/** What the selection keys do; the tree's selection decides. */
export interface SelectionKeys {
  toggle: (node: TreeNode) => void;
  extend: (from: TreeNode, to: TreeNode) => void;
  selectAll: () => void;
  /** False when nothing was selected, so that Escape goes on to whatever else it closes. */
  clear: () => boolean;
  /** Delete on a selected row asks to delete the whole selection; false when the row is not part of one. */
  deleteSelection: (node: TreeNode) => boolean;
}

/**
 * The treegrid's keys on a focused row (the WAI-ARIA treegrid pattern, plus Alt+arrows to move):
 * true when the key was one of them.
 */
export function onTreeKey(event: KeyboardEvent, node: TreeNode, context: KeyContext): boolean {
  if (onSelectionKey(event, node, context)) return true;
  const { items, isOpen, toggle, focusRow, command } = context;
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

/**
 * Space toggles the focused row, Shift+↑/↓ extend the selection as focus moves, Ctrl/Cmd+A selects
 * every visible row, Escape clears, Delete on a selected row deletes the selection. Space is free:
 * no other tree key uses it, and on a row it would only scroll the box.
 */
function onSelectionKey(event: KeyboardEvent, node: TreeNode, { items, focusRow, select }: KeyContext): boolean {
  if (event.altKey) return false;
  const index = items.findIndex((i) => i.kind === 'node' && i.node === node);
  if (event.shiftKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    const step = event.key === 'ArrowDown' ? 1 : -1;
    const next = nodeAt(items, index + step) ?? nodeAt(items, index + 2 * step);
    if (next) (select.extend(node, next), focusRow(next.action.action_id));
    return true;
  }
  if (event.key === 'a' && (event.ctrlKey || event.metaKey)) return select.selectAll(), true;
  if (event.ctrlKey || event.metaKey || event.shiftKey) return false;
  if (event.key === ' ') return select.toggle(node), true;
  if (event.key === 'Escape') return select.clear();
  if (event.key === 'Delete') return select.deleteSelection(node);
  return false;
}
