import { useCallback, useState } from 'react';

/** Collapsed rows are remembered per project in this browser. */
export function useCollapsed(projectId: number) {
  const storageKey = `teampro.actions.collapsed.${projectId}`;
  const [collapsed, setCollapsed] = useState<Set<number>>(() => {
    try {
      return new Set(JSON.parse(localStorage.getItem(storageKey) ?? '[]') as number[]);
    } catch {
      return new Set();
    }
  });
  const update = useCallback(
    (change: (previous: Set<number>) => Set<number>) =>
      setCollapsed((previous) => {
        const next = change(previous);
        localStorage.setItem(storageKey, JSON.stringify([...next]));
        return next;
      }),
    [storageKey],
  );
  return [collapsed, update] as const;
}
