import { useCallback, useMemo, useState } from 'react';

/** How a click on a row changes the selection (Ctrl/Cmd toggles, Shift selects a range). */
export interface ClickModifiers {
  toggle: boolean;
  range: boolean;
}

export interface TreeSelection {
  /** The selected actions that still exist: ids gone after a re-read drop out by themselves. */
  selected: ReadonlySet<number>;
  /** What the live region says: the count after each change (empty before the first). */
  announcement: string;
  click: (id: number, modifiers: ClickModifiers) => void;
  toggle: (id: number) => void;
  /** Shift+arrows: the range from the anchor (or from `from`, when nothing is selected) to `to`. */
  extend: (from: number, to: number) => void;
  selectAll: () => void;
  /** Empties the selection; false when it was empty already. */
  clear: () => boolean;
}

/** The rows from `a` to `b`, both included, in either direction; just `b` when `a` is not shown. */
function rowsBetween(rows: readonly number[], a: number, b: number): number[] {
  const from = rows.indexOf(a);
  const to = rows.indexOf(b);
  if (from < 0 || to < 0) return [b];
  return rows.slice(Math.min(from, to), Math.max(from, to) + 1);
}

const counted = (n: number) => (n === 0 ? 'No actions selected' : `${n} ${n === 1 ? 'action' : 'actions'} selected`);

/**
 * The tree's multi-select, kept by action id (rows are virtualized, so no DOM element holds it) with
 * an anchor, the row ranges start from. `visibleIds` is the rows' order on screen, which ranges follow;
 * `exists` tells which ids the list still has.
 */
export function useTreeSelection(visibleIds: readonly number[], exists: (id: number) => boolean): TreeSelection {
  const [kept, setKept] = useState<ReadonlySet<number>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [changed, setChanged] = useState(false);
  const selected = useMemo(() => new Set([...kept].filter(exists)), [kept, exists]);

  const replace = useCallback((next: Iterable<number>) => (setKept(new Set(next)), setChanged(true)), []);
  const range = useCallback((a: number, b: number) => rowsBetween(visibleIds, a, b), [visibleIds]);

  const toggle = useCallback(
    (id: number) => {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      replace(next);
      setAnchor(id);
    },
    [selected, replace],
  );

  const click = useCallback(
    (id: number, { toggle: toggles, range: ranges }: ClickModifiers) => {
      if (ranges) return replace(range(anchor ?? id, id));
      if (toggles) return toggle(id);
      setAnchor(id);
    },
    [anchor, range, replace, toggle],
  );

  const extend = useCallback(
    (from: number, to: number) => {
      const start = selected.size > 0 && anchor !== null ? anchor : from;
      setAnchor(start);
      replace(range(start, to));
    },
    [anchor, selected, range, replace],
  );

  const selectAll = useCallback(() => replace(visibleIds), [visibleIds, replace]);
  const clear = useCallback(() => {
    if (selected.size === 0) return false;
    replace([]);
    return true;
  }, [selected, replace]);

  return { selected, announcement: changed ? counted(selected.size) : '', click, toggle, extend, selectAll, clear };
}
