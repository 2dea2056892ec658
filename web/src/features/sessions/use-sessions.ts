import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TeamProError } from 'teampro/client';
import { api } from '../../lib/api';

export const PAGE_SIZE = 50;
const sessionsKey = ['sessions'] as const;

/**
 * The signed-in admin's own sessions, most recently used first. `admin_id: 'me'` matters for a super
 * admin, whose unfiltered list would hold every admin's sessions.
 */
export function useSessions(page: number) {
  return useQuery({
    queryKey: [...sessionsKey, page],
    queryFn: () => api().sessions.list({ admin_id: 'me', sort: '-last_seen', limit: PAGE_SIZE, page }),
    placeholderData: keepPreviousData,
  });
}

/** Ids of all my other sessions; every page is read before any is ended, so no page shifts under the reading. */
async function otherSessionIds(): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    // The server's default page size, so that a lowered page_limit_max cannot refuse the read.
    const { data, sessions } = await api().sessions.list({ admin_id: 'me', sort: 'session_id', page });
    ids.push(...sessions.filter((s) => !s.current).map((s) => s.session_id));
    if (page >= data.pages) return ids;
  }
}

const alreadyEnded = (error: unknown) => error instanceof TeamProError && error.code === 404;

/** Ends every other session, one after another; one that ended meanwhile is no failure. Answers how many it ended. */
async function revokeOthers(): Promise<number> {
  let ended = 0;
  for (const id of await otherSessionIds()) {
    try {
      await api().sessions.revoke(id);
      ended += 1;
    } catch (error) {
      if (!alreadyEnded(error)) throw error;
    }
  }
  return ended;
}

/** Sign out one session, or all but this one; the list is read again either way, as a refusal may follow a change made elsewhere. */
export function useRevokeSessions() {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: sessionsKey });
  const one = useMutation({ mutationFn: (id: number) => api().sessions.revoke(id), onSettled });
  const others = useMutation({ mutationFn: revokeOthers, onSettled });
  return { one, others };
}
