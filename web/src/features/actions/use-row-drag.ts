import { useRef, useState, type DragEvent } from 'react';
import { isWithin, type TreeNode } from '../../lib/tree';
import type { DropPosition, RowEvents } from './tree-row';

/**
 * Dragging a row onto another: the upper quarter drops before it, the lower quarter after it, the
 * middle into it. A row cannot be dropped within itself; `dropOn` makes the move.
 */
export function useRowDrag(byId: Map<number, TreeNode>, dropOn: (node: TreeNode, target: TreeNode, position: DropPosition) => void) {
  const [drop, setDrop] = useState<{ id: number; position: DropPosition } | null>(null);
  const dragId = useRef<number | null>(null);
  const dragged = () => (dragId.current === null ? undefined : byId.get(dragId.current));

  const events: Pick<RowEvents, 'dragStart' | 'dragOver' | 'dragLeave' | 'drop' | 'dragEnd'> = {
    dragStart: (id) => (dragId.current = id),
    dragOver: (event: DragEvent<HTMLDivElement>, target) => {
      const node = dragged();
      if (!node || isWithin(target, node)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      const rect = event.currentTarget.getBoundingClientRect();
      const y = (event.clientY - rect.top) / rect.height;
      const position: DropPosition = y < 0.28 ? 'before' : y > 0.72 ? 'after' : 'inside';
      if (drop?.id !== target.action.action_id || drop.position !== position) setDrop({ id: target.action.action_id, position });
    },
    dragLeave: (id) => drop?.id === id && setDrop(null),
    drop: (target) => {
      const node = dragged();
      const position = drop?.id === target.action.action_id ? drop.position : 'inside';
      dragId.current = null;
      setDrop(null);
      if (node) dropOn(node, target, position);
    },
    dragEnd: () => ((dragId.current = null), setDrop(null)),
  };

  /** Where a dragged row would land on row `id`, to draw it. */
  const dropAt = (id: number) => (drop?.id === id ? drop.position : null);
  return { events, dropAt };
}
