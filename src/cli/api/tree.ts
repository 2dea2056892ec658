/** `teampro actions list --tree`: a list of actions in milestone → group → task order, with depths. */

type Row = Record<string, unknown>;

export interface Placed {
  readonly row: Row;
  /** 0 for a tree's root. */
  readonly depth: number;
}

const idOf = (row: Row) => Number(row.action_id);
const parentOf = (row: Row) => Number(row.parent_action_id ?? 0);
const bySiblingOrder = (a: Row, b: Row) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0) || idOf(a) - idOf(b);

/**
 * The rows depth first: each parent followed by its children in sibling order. A row whose parent is
 * not among the rows (top level, or filtered out) starts a tree of its own, so every row is shown once.
 */
export function inTreeOrder(rows: readonly Row[]): Placed[] {
  const present = new Set(rows.map(idOf));
  const children = new Map<number, Row[]>();
  const roots: Row[] = [];
  for (const row of rows) {
    if (present.has(parentOf(row)) && parentOf(row) !== idOf(row)) {
      const siblings = children.get(parentOf(row)) ?? [];
      siblings.push(row);
      children.set(parentOf(row), siblings);
    } else roots.push(row);
  }
  const placed: Placed[] = [];
  const visit = (row: Row, depth: number) => {
    placed.push({ row, depth });
    for (const child of (children.get(idOf(row)) ?? []).sort(bySiblingOrder)) visit(child, depth + 1);
  };
  // The top level first, then the trees whose parent is not shown.
  const orphaned = (row: Row) => (parentOf(row) === 0 ? 0 : 1);
  for (const root of roots.sort((a, b) => orphaned(a) - orphaned(b) || bySiblingOrder(a, b))) visit(root, 0);
  return placed;
}
