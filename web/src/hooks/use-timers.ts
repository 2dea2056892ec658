import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Timelog } from 'teampro/client';
import { api } from '../lib/api';

export const timersKey = ['timers', 'mine'] as const;

/** The signed-in admin's running timers (findTimelogs adminid=me status=active). */
export function useRunningTimers() {
  return useQuery({
    queryKey: timersKey,
    queryFn: async () => (await api().timelogs.list({ adminid: 'me', status: 'active', limit: 50, sort: 'date_start' })).timelogs,
    refetchInterval: 60_000,
  });
}

/** Everything a timer's start or stop changes: the timers, the logs, the elapsed of projects and actions. */
function invalidateTime(client: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    client.invalidateQueries({ queryKey: ['timers'] }),
    client.invalidateQueries({ queryKey: ['timelogs'] }),
    client.invalidateQueries({ queryKey: ['actions'] }),
    client.invalidateQueries({ queryKey: ['project'] }),
    client.invalidateQueries({ queryKey: ['my-work'] }),
  ]);
}

export function useStartTimer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (target: { project_id: number; action_id?: number }) => api().timelogs.start(target),
    onSuccess: () => invalidateTime(client),
  });
}

export function useStopTimer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (timelogId: number) => api().timelogs.stop(timelogId),
    // The timer leaves the header at once; the server's answer settles the rest.
    onMutate: async (timelogId) => {
      await client.cancelQueries({ queryKey: timersKey });
      const before = client.getQueryData<Timelog[]>(timersKey);
      client.setQueryData<Timelog[]>(timersKey, (timers) => timers?.filter((t) => t.timelog_id !== timelogId));
      return { before };
    },
    onError: (_error, _id, context) => client.setQueryData(timersKey, context?.before),
    onSettled: () => invalidateTime(client),
  });
}

/** Seconds since an ISO instant, ticking every second. */
export function useElapsed(since: string): number {
  const start = Date.parse(since);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return Math.max(0, Math.floor((now - start) / 1000));
}
