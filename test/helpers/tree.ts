/** An action's id and its descendants' ids, from rows as the database holds them. */
export function subtreeOf(actions: readonly { action_id: number; parent_action_id: number }[], rootId: number): Set<number> {
  const ids = new Set([rootId]);
  let size = 0;
  while (ids.size > size) {
    size = ids.size;
    for (const action of actions) if (ids.has(action.parent_action_id)) ids.add(action.action_id);
  }
  return ids;
}
