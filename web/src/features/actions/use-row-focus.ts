import type { Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type RefObject } from 'react';

export type RowTarget = number | 'add';

/**
 * Keyboard focus in a virtualized tree, kept by action id rather than by DOM element: a row may be
 * re-mounted (scrolled out and back, moved, re-read) and focus must follow the action.
 * - `focusRow` moves focus now, because the user asked (arrow keys, Escape): the row is scrolled into
 *   the rendered window and focused on the next frame.
 * - `restoreFocus` is for the end of a server round trip: it brings focus back to the row only when
 *   focus was lost meanwhile (its element went away), never taking it from where the user has moved on.
 */
export function useRowFocus(gridRef: RefObject<HTMLElement | null>, virtualizer: Virtualizer<HTMLDivElement, Element>, indexOf: (target: RowTarget) => number, onRowFocused: (id: number) => void) {
  const pending = useRef<RowTarget | null>(null);

  const focusRow = useCallback(
    (target: RowTarget) => {
      if (target !== 'add') onRowFocused(target);
      pending.current = target;
      const index = indexOf(target);
      if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    [indexOf, virtualizer, onRowFocused],
  );

  /** Focus is lost when it sits on nothing (the page itself) or on an element no longer in the page. */
  const restoreFocus = useCallback(
    (target: RowTarget) => {
      const active = document.activeElement;
      if (!active || active === document.body || !active.isConnected) focusRow(target);
    },
    [focusRow],
  );

  /** Asks for focus on `target` once it renders, without scrolling (the write that follows re-renders it). */
  const focusWhenRendered = useCallback((target: RowTarget) => {
    pending.current = target;
  }, []);

  useEffect(() => {
    const target = pending.current;
    if (target === null) return;
    const frame = requestAnimationFrame(() => {
      if (pending.current !== target) return;
      const selector = target === 'add' ? '[data-add-row] input' : `[data-id="${target}"]`;
      const element = gridRef.current?.querySelector<HTMLElement>(selector);
      if (element) {
        element.focus({ preventScroll: false });
        pending.current = null;
      }
    });
    return () => cancelAnimationFrame(frame);
  });

  return { focusRow, restoreFocus, focusWhenRendered };
}
