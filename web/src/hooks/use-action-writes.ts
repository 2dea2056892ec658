import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { TeamProError, type Action } from 'teampro/client';
import { actionsKey } from './use-actions';
import { signedOut } from '../lib/auth-events';
import { errorMessage } from '../lib/query-client';
import { undoChange } from '../lib/undo';

type Optimistic = (actions: Action[]) => Action[];

/** One call of a bulk write: the action it is for, how it shows at once, and the API call. */
export interface ActionWrite {
  id: number;
  optimistic: Optimistic;
  run: () => Promise<unknown>;
}

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

  /** Shows `optimistic` in the cached list now; returns the list as it was and as it is shown. */
  const show = useCallback(
    async (optimistic: Optimistic | null) => {
      await queryClient.cancelQueries({ queryKey: actionsKey(projectId) });
      const before = queryClient.getQueryData<Action[]>(actionsKey(projectId));
      const after = before && optimistic ? optimistic(before) : undefined;
      if (after) queryClient.setQueryData(actionsKey(projectId), after);
      setPending((n) => n + 1);
      return { before, after };
    },
    [projectId, queryClient],
  );

  /** Takes back one change shown by `show`: what others changed meanwhile stays. */
  const takeBack = useCallback(
    (before: Action[], after: Action[]) => queryClient.setQueryData<Action[]>(actionsKey(projectId), (current) => undoChange(current ?? before, before, after, (a) => a.action_id)),
    [projectId, queryClient],
  );

  const reread = useCallback(async () => {
    setPending((n) => n - 1);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: actionsKey(projectId) }),
      queryClient.invalidateQueries({ queryKey: ['project', projectId] }),
      queryClient.invalidateQueries({ queryKey: ['projects'] }),
      queryClient.invalidateQueries({ queryKey: ['my-work'] }),
    ]);
  }, [projectId, queryClient]);

  const write = useCallback(
    async (label: string, optimistic: Optimistic | null, run: () => Promise<unknown>): Promise<boolean> => {
      const { before, after } = await show(optimistic);
      try {
        await run();
        setNotice(null);
        return true;
      } catch (error) {
        // Only this change is taken back: another one shown meanwhile stays until the list is re-read.
        if (before && after) takeBack(before, after);
        if (error instanceof TeamProError && error.code === 401) signedOut();
        setNotice(`${label} was refused: ${errorMessage(error)}`);
        return false;
      } finally {
        await reread();
      }
    },
    [show, takeBack, reread],
  );

  /**
   * The same change to several actions, one API call each (as an integration would make them), in
   * order: every call is tried, a refused one takes back only its own action's change, and one notice
   * says how many were refused and the server's first message. Resolves to the number refused.
   */
  const writeEach = useCallback(
    async (label: string, writes: readonly ActionWrite[]): Promise<number> => {
      const { before } = await show((list) => writes.reduce((shown, w) => w.optimistic(shown), list));
      const refusals: unknown[] = [];
      try {
        for (const w of writes) {
          try {
            await w.run();
          } catch (error) {
            refusals.push(error);
            if (before) takeBack(before, w.optimistic(before));
            // Signed out: the rest would be refused the same way.
            if (error instanceof TeamProError && error.code === 401) return (signedOut(), refusals.length);
          }
        }
        setNotice(refusals.length === 0 ? null : `${label}: ${refusals.length} of ${writes.length} were refused. ${errorMessage(refusals[0])}`);
        return refusals.length;
      } finally {
        await reread();
      }
    },
    [show, takeBack, reread],
  );

  return { write, writeEach, notice, setNotice, busy: pending > 0 };
}

/** The list with some actions' fields replaced. */
export function patched(actions: Action[], changes: Map<number, Partial<Action>>): Action[] {
  return actions.map((a) => (changes.has(a.action_id) ? { ...a, ...changes.get(a.action_id) } : a));
}
