import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Timelog } from 'teampro/client';
import { useElapsed, useRunningTimers, useStopTimer } from '../hooks/use-timers';
import { api } from '../lib/api';
import { formatClock } from '../lib/format';
import { errorMessage } from '../lib/query-client';

function RunningTimer({ timer }: { timer: Timelog }) {
  const seconds = useElapsed(timer.date_start ?? new Date().toISOString());
  const stop = useStopTimer();
  // What the timer runs on, by name: its action's, or its project's.
  const target = useQuery({
    queryKey: timer.action_id ? ['timer-target', 'action', timer.action_id] : ['timer-target', 'project', timer.project_id],
    queryFn: async () => (timer.action_id ? (await api().actions.get(timer.action_id)).name : (await api().projects.get(timer.project_id)).name),
    staleTime: 300_000,
  });
  const label = target.data ?? timer.note ?? (timer.action_id ? `action #${timer.action_id}` : `project #${timer.project_id}`);
  return (
    <li className="timer">
      <Link to={`/projects/${timer.project_id}/time`} className="timer-link">
        <span className="timer-dot" aria-hidden="true" />
        <span role="timer" aria-label={`Timer on ${label}`} aria-live="off">
          {formatClock(seconds)}
        </span>
        <span className="timer-name">{label}</span>
      </Link>
      <button type="button" className="button button-small" onClick={() => stop.mutate(timer.timelog_id)} disabled={stop.isPending} aria-label={`Stop timer on ${label}`}>
        Stop
      </button>
      {stop.isError && (
        <span role="alert" className="inline-error">
          {errorMessage(stop.error)}
        </span>
      )}
    </li>
  );
}

/** The signed-in admin's running timers, as live clocks, each with a stop button. */
export function TimerWidget() {
  const timers = useRunningTimers();
  if (!timers.data || timers.data.length === 0) return <div className="timers" />;
  return (
    <section className="timers" aria-label="Running timers">
      <ul>
        {timers.data.map((timer) => (
          <RunningTimer key={timer.timelog_id} timer={timer} />
        ))}
      </ul>
    </section>
  );
}
