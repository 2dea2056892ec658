import { useQuery } from '@tanstack/react-query';
import { addDays, endOfWeek, format, startOfDay, startOfWeek } from 'date-fns';
import { useEffect } from 'react';
import { Link } from 'react-router';
import type { Action } from 'teampro/client';
import { Empty, ErrorState, Loading, Progress } from '../../components/status';
import { useRunningTimers, useStopTimer } from '../../hooks/use-timers';
import { api } from '../../lib/api';
import { formatDate, formatDateTime, formatDuration } from '../../lib/format';

/** Actions assigned to me, not complete, grouped by when they are due. */
function groupByDue(actions: readonly Action[]) {
  const today = startOfDay(new Date());
  const weekEnd = endOfWeek(today, { weekStartsOn: 1 });
  const overdue: Action[] = [];
  const thisWeek: Action[] = [];
  const later: Action[] = [];
  for (const action of actions) {
    const due = action.date_finish ? new Date(`${action.date_finish.slice(0, 10)}T00:00:00`) : null;
    if (due && due < today) overdue.push(action);
    else if (due && due <= weekEnd) thisWeek.push(action);
    else later.push(action);
  }
  return { overdue, thisWeek, later };
}

export default function MyWorkPage() {
  const weekStart = startOfWeek(new Date(), { weekStartsOn: 1 });
  const work = useQuery({
    queryKey: ['my-work'],
    queryFn: async () => {
      const [mine, projects, week] = await Promise.all([
        api().actions.list({ assigned_adminid: 'me', complete_below: 100, sort: 'date_finish', limit: 500 }),
        api().projects.list({ limit: 500, sort: 'name' }),
        api().timelogs.list({ adminid: 'me', date_from: format(weekStart, 'yyyy-MM-dd'), date_to: format(addDays(weekStart, 6), 'yyyy-MM-dd'), limit: 1 }),
      ]);
      return { actions: mine.actions, projects: new Map(projects.projects.map((p) => [p.project_id, p.name])), week: week.data.totals.duration };
    },
  });
  const timers = useRunningTimers();
  const stop = useStopTimer();

  useEffect(() => {
    document.title = 'My work · TeamPro';
  }, []);

  if (work.isPending) return <Loading label="Loading my work" />;
  if (work.isError)
    return (
      <section className="page">
        <ErrorState error={work.error} retry={() => work.refetch()} />
      </section>
    );
  const groups = groupByDue(work.data.actions);
  const projectName = (id: number) => work.data.projects.get(id) ?? `Project #${id}`;
  const section = (title: string, list: Action[], empty: string) => (
    <section className="work-group" aria-labelledby={`work-${title}`}>
      <h2 id={`work-${title}`}>
        {title} <span className="count">{list.length}</span>
      </h2>
      {list.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="work-list">
          {list.map((a) => (
            <li key={a.action_id}>
              <Link to={`/projects/${a.project_id}/actions`}>{a.name}</Link>
              <span className="muted small">{projectName(a.project_id)}</span>
              <span className="small">Due {formatDate(a.date_finish)}</span>
              <Progress value={a.complete} label={`${a.name} complete`} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );

  return (
    <section className="page my-work" aria-labelledby="my-work-title">
      <h1 id="my-work-title">My work</h1>
      <dl className="totals">
        <div>
          <dt>Logged this week</dt>
          <dd>{formatDuration(work.data.week)}</dd>
        </div>
        <div>
          <dt>Open actions</dt>
          <dd>{work.data.actions.length}</dd>
        </div>
      </dl>
      <section className="work-group" aria-labelledby="work-timers">
        <h2 id="work-timers">Running timers</h2>
        {!timers.data || timers.data.length === 0 ? (
          <p className="muted">No timer is running. Start one from an action in a project’s Actions tab.</p>
        ) : (
          <ul className="work-list">
            {timers.data.map((t) => (
              <li key={t.timelog_id}>
                <Link to={`/projects/${t.project_id}/time`}>{projectName(t.project_id)}</Link>
                <span className="small">since {formatDateTime(t.date_start)}</span>
                <button type="button" className="button button-small" onClick={() => stop.mutate(t.timelog_id)}>
                  Stop
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {work.data.actions.length === 0 ? (
        <Empty>
          <p>Nothing is assigned to you. Actions assigned to you in any project show here.</p>
        </Empty>
      ) : (
        <>
          {section('Overdue', groups.overdue, 'Nothing overdue.')}
          {section('Due this week', groups.thisWeek, 'Nothing due this week.')}
          {section('Later', groups.later, 'Nothing further out.')}
        </>
      )}
    </section>
  );
}
