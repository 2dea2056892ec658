/**
 * Takes back one optimistic change from a list that may have changed since (other changes shown
 * meanwhile, a re-read): the records `after` changed get back the fields it changed, those it
 * removed come back, those it added go. Everything else in `current` stays as it is now.
 */
export function undoChange<T extends object>(current: readonly T[], before: readonly T[], after: readonly T[], idOf: (record: T) => number): T[] {
  const beforeById = new Map(before.map((r) => [idOf(r), r]));
  const afterById = new Map(after.map((r) => [idOf(r), r]));
  const out: T[] = [];
  for (const record of current) {
    const id = idOf(record);
    const was = beforeById.get(id);
    const became = afterById.get(id);
    if (!was && became) continue;
    out.push(was && became && was !== became ? restoreFields(record, was, became) : record);
  }
  const present = new Set(out.map(idOf));
  for (const [id, was] of beforeById) if (!afterById.has(id) && !present.has(id)) out.push(was);
  return out;
}

/** `record` with each field the change set put back to what it was, if nothing else changed it since. */
function restoreFields<T extends object>(record: T, was: T, became: T): T {
  const restored = { ...record } as Record<string, unknown>;
  const previous = was as Record<string, unknown>;
  const changed = became as Record<string, unknown>;
  for (const key of Object.keys(changed)) {
    if (changed[key] !== previous[key] && restored[key] === changed[key]) restored[key] = previous[key];
  }
  return restored as T;
}
