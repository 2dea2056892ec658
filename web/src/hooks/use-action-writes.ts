import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { TeamProError, type Action } from 'teampro/client';
import { actionsKey } from './use-actions';
import { signedOut } from '../lib/auth-events';
import { errorMessage } from '../lib/query-client';
import { undoChange } from '../lib/undo';

/**
 * Writes to a project's actions: the change shows at once in the cached list, the API is called, and
 * a refusal takes that change back (and only that one) with the server's message shown. Either way the list and the
 * project are read again afterwards, so the roll-ups the server computes (levels, % complete, widened
 * dates) appear.
 */
export function useActionWrites(projectId: number) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(0);

  const write = useCallback(
    async (label: string, optimistic: ((actions: Action[]) => Action[]) | null, run: () => Promise<unknown>): Promise<boolean> => {
      const key = actionsKey(projectId);
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<Action[]>(key);
      const after = before && optimistic ? optimistic(before) : undefined;
      if (after) queryClient.setQueryData(key, after);
      setPending((n) => n + 1);
      try {
        await run();
        setNotice(null);
        return true;
      } catch (error) {
        // Only this change is taken back: another one shown meanwhile stays until the list is re-read.
        if (before && after) queryClient.setQueryData<Action[]>(key, (current) => undoChange(current ?? before, before, after, (a) => a.action_id));
        if (error instanceof TeamProError && error.code === 401) signedOut();
        setNotice(`${label} was refused: ${errorMessage(error)}`);
        return false;
      } finally {
        setPending((n) => n - 1);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: key }),
          queryClient.invalidateQueries({ queryKey: ['project', projectId] }),
          queryClient.invalidateQueries({ queryKey: ['projects'] }),
          queryClient.invalidateQueries({ queryKey: ['my-work'] }),
        ]);
      }
    },
    [projectId, queryClient],
  );

  return { write, notice, setNotice, busy: pending > 0 };
}

/** The list with some actions' fields replaced. */
export function patched(actions: Action[], changes: Map<number, Partial<Action>>): Action[] {
  return actions.map((a) => (changes.has(a.action_id) ? { ...a, ...changes.get(a.action_id) } : a));
}
