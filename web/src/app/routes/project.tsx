import { lazy, Suspense, useEffect, useState } from 'react';
import { NavLink, Route, Routes, useParams } from 'react-router';
import type { Action, Project } from 'teampro/client';
import { ErrorState, Loading, Progress } from '../../components/status';
import { useProject, useProjectActions } from '../../hooks/use-actions';
import { adminName, useAdmins } from '../../hooks/use-session';
import { formatDate, formatDateTime, formatDuration, formatMoney } from '../../lib/format';
import { ActionsTab, GanttTab, TimeTab } from '../screens';
import { NotFound } from './not-found';

const ProjectFormDialog = lazy(() => import('../../features/projects/project-form-dialog'));
const CopyProjectDialog = lazy(() => import('../../features/projects/copy-project-dialog'));

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

/** "12 actions: 2 milestones, 3 groups, 7 tasks" */
export function actionCounts(actions: readonly Action[] | undefined, total: number): string {
  if (!actions) return plural(total, 'action', 'actions');
  const count = (level: string) => actions.filter((a) => a.level === level).length;
  return `${plural(actions.length, 'action', 'actions')}: ${plural(count('milestone'), 'milestone', 'milestones')}, ${plural(count('group'), 'group', 'groups')}, ${plural(count('task'), 'task', 'tasks')}`;
}

function Overview({ project }: { project: Project }) {
  const admins = useAdmins();
  const rows: [string, string][] = [
    ['Status', project.status],
    ['Type', project.type],
    ['Manager', adminName(admins.data, project.manager_adminid)],
    ['Assigned', project.assigned_adminid ? adminName(admins.data, project.assigned_adminid) : 'Anyone'],
    ['Client', project.client_userid ? `#${project.client_userid}` : '—'],
    ['Billable', project.billable ? 'Yes' : 'No'],
    ['Hourly rate', project.hourly_rate == null ? 'Configured rate' : formatMoney(project.hourly_rate)],
    ['Created', formatDateTime(project.created)],
    ['Last activity', formatDateTime(project.activity)],
  ];
  return (
    <div className="overview">
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>Details</h2>
      {project.details ? <p className="prose">{project.details}</p> : <p className="muted">No details.</p>}
    </div>
  );
}

/** A project: its header, and the tabs Overview, Actions, Gantt and Time, each at its own URL. */
export default function ProjectRoute() {
  const projectId = Number(useParams().projectId);
  const project = useProject(projectId);
  const actions = useProjectActions(projectId);
  const [editing, setEditing] = useState(false);
  const [copying, setCopying] = useState(false);

  useEffect(() => {
    if (project.data) document.title = `${project.data.name} · TeamPro`;
  }, [project.data]);

  if (!Number.isInteger(projectId) || projectId <= 0) return <NotFound />;
  if (project.isPending) return <Loading label="Loading the project" />;
  if (project.isError)
    return (
      <section className="page">
        <ErrorState error={project.error} retry={() => project.refetch()} />
      </section>
    );
  const p = project.data;
  const base = `/projects/${projectId}`;
  return (
    <section className="page project" aria-labelledby="project-title">
      <header className="project-head">
        <div className="project-title-row">
          <h1 id="project-title">{p.name}</h1>
          <span className="badge">{p.status}</span>
          {p.function !== 'default' && <span className="badge badge-muted">{p.function === 'archive' ? 'Archived' : 'Template'}</span>}
          <button type="button" className="button button-small" onClick={() => setEditing(true)}>
            Edit project
          </button>
          <button type="button" className="button button-small" onClick={() => setCopying(true)}>
            {p.function === 'template' ? 'New project from template…' : 'Copy…'}
          </button>
        </div>
        <dl className="project-stats">
          <div>
            <dt>Dates</dt>
            <dd>
              {formatDate(p.date_start)} – {formatDate(p.date_finish)}
            </dd>
          </div>
          <div>
            <dt>Complete</dt>
            <dd>
              <Progress value={p.complete} label="Project complete" />
            </dd>
          </div>
          <div>
            <dt>Actions</dt>
            <dd>{actionCounts(actions.data, p.actions_count)}</dd>
          </div>
          <div>
            <dt>Elapsed</dt>
            <dd>{formatDuration(p.elapsed)}</dd>
          </div>
        </dl>
      </header>
      <nav className="tabs" aria-label="Project sections">
        <NavLink to={base} end>
          Overview
        </NavLink>
        <NavLink to={`${base}/actions`}>Actions</NavLink>
        <NavLink to={`${base}/gantt`}>Gantt</NavLink>
        <NavLink to={`${base}/time`}>Time</NavLink>
      </nav>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<Overview project={p} />} />
          <Route path="actions" element={<ActionsTab project={p} />} />
          <Route path="gantt" element={<GanttTab project={p} />} />
          <Route path="time" element={<TimeTab project={p} />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
      {editing && (
        <Suspense fallback={null}>
          <ProjectFormDialog project={p} onClose={() => setEditing(false)} />
        </Suspense>
      )}
      {copying && (
        <Suspense fallback={null}>
          <CopyProjectDialog source={p} onClose={() => setCopying(false)} />
        </Suspense>
      )}
    </section>
  );
}
