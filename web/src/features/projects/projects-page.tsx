import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { FindProjectsParams, Project } from 'teampro/client';
import { Empty, ErrorState, Loading, Progress } from '../../components/status';
import { Pager } from '../../components/pager';
import { pageIn } from '../../hooks/use-url-page';
import { adminName, useAdmins, useConfig } from '../../hooks/use-session';
import { api } from '../../lib/api';
import { formatDate, formatDuration, formatNumber } from '../../lib/format';

// The form (and the dialog library under it) loads when first opened, not with the list.
const ProjectFormDialog = lazy(() => import('./project-form-dialog'));

const PAGE_SIZE = 25;
const FILTERS = ['status', 'type', 'function', 'manager', 'assigned', 'client'] as const;
type SortField = 'name' | 'status' | 'date_finish' | 'complete';

/** The list's state lives in the URL: search, filters, sort and page survive a reload and can be shared. */
function paramsFrom(search: URLSearchParams): FindProjectsParams {
  const params: Record<string, unknown> = { limit: PAGE_SIZE, page: pageIn(search), sort: search.get('sort') || 'name' };
  const q = search.get('q');
  if (q) params.q = q;
  for (const [key, param] of [['status', 'status'], ['type', 'type'], ['function', 'function']] as const) {
    const value = search.get(key);
    if (value) params[param] = value;
  }
  for (const [key, param] of [['manager', 'manager_adminid'], ['assigned', 'assigned_adminid'], ['client', 'client_userid']] as const) {
    const value = search.get(key);
    if (value) params[param] = value === 'me' ? 'me' : Number(value);
  }
  return params as FindProjectsParams;
}

export function ProjectsPage() {
  const [search, setSearch] = useSearchParams();
  const params = paramsFrom(search);
  const config = useConfig();
  const admins = useAdmins();
  const projects = useQuery({ queryKey: ['projects', params], queryFn: () => api().projects.list(params), placeholderData: keepPreviousData });
  const [editing, setEditing] = useState<Project | 'new' | null>(null);
  const [query, setQuery] = useState(search.get('q') ?? '');
  const ids = useId();

  useEffect(() => {
    document.title = 'Projects · TeamPro';
  }, []);

  // The search box writes to the URL a moment after typing stops.
  useEffect(() => {
    const current = search.get('q') ?? '';
    if (query === current) return;
    const timer = setTimeout(() => update({ q: query || null, page: null }), 250);
    return () => clearTimeout(timer);
  });

  function update(changes: Record<string, string | null>) {
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  }

  const sort = params.sort ?? 'name';
  const sortBy = (field: SortField) => update({ sort: sort === field ? `-${field}` : field, page: null });
  const ariaSort = (field: SortField) => (sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : undefined);
  const SortHeader = ({ field, children }: { field: SortField; children: string }) => (
    <th scope="col" aria-sort={ariaSort(field)}>
      <button type="button" className="sort-button" onClick={() => sortBy(field)}>
        {children}
        <span aria-hidden="true">{sort === field ? ' ▲' : sort === `-${field}` ? ' ▼' : ''}</span>
      </button>
    </th>
  );

  const data = projects.data?.data;
  const page = data?.page ?? 1;
  const activeFilters = FILTERS.filter((key) => search.get(key)).length;

  return (
    <section className="page" aria-labelledby={`${ids}-title`}>
      <div className="page-head">
        <h1 id={`${ids}-title`}>Projects</h1>
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          New project
        </button>
      </div>

      <form className="filters" role="search" aria-label="Filter projects" onSubmit={(e) => e.preventDefault()}>
        <div className="field field-grow">
          <label htmlFor={`${ids}-q`}>Search</label>
          <input id={`${ids}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Project name" />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-status`}>Status</label>
          <select id={`${ids}-status`} value={search.get('status') ?? ''} onChange={(e) => update({ status: e.target.value, page: null })}>
            <option value="">Any</option>
            {config.data?.project_statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-type`}>Type</label>
          <select id={`${ids}-type`} value={search.get('type') ?? ''} onChange={(e) => update({ type: e.target.value, page: null })}>
            <option value="">Any</option>
            {config.data?.project_types.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-function`}>Function</label>
          <select id={`${ids}-function`} value={search.get('function') ?? ''} onChange={(e) => update({ function: e.target.value, page: null })}>
            <option value="">Any</option>
            <option value="default">Project</option>
            <option value="template">Template</option>
            <option value="archive">Archived</option>
          </select>
        </div>
        {(['manager', 'assigned'] as const).map((key) => (
          <div className="field" key={key}>
            <label htmlFor={`${ids}-${key}`}>{key === 'manager' ? 'Manager' : 'Assigned'}</label>
            <select id={`${ids}-${key}`} value={search.get(key) ?? ''} onChange={(e) => update({ [key]: e.target.value, page: null })}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              {admins.data?.map((a) => (
                <option key={a.admin_id} value={a.admin_id}>
                  {a.name || a.username}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="field field-narrow">
          <label htmlFor={`${ids}-client`}>Client ID</label>
          <input id={`${ids}-client`} inputMode="numeric" pattern="[0-9]*" value={search.get('client') ?? ''} onChange={(e) => update({ client: e.target.value.replace(/\D/g, ''), page: null })} />
        </div>
        {activeFilters > 0 && (
          <button type="button" className="button button-quiet" onClick={() => (setQuery(''), setSearch(new URLSearchParams(), { replace: true }))}>
            Clear filters
          </button>
        )}
      </form>

      {projects.isPending ? (
        <Loading label="Loading projects" />
      ) : projects.isError ? (
        <ErrorState error={projects.error} retry={() => projects.refetch()} />
      ) : projects.data.projects.length === 0 ? (
        <Empty>
          {search.toString() && search.toString() !== 'sort=name' ? <p>No project matches these filters.</p> : <p>No projects yet. Create the first one with “New project”.</p>}
        </Empty>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Projects table">
            <table className="table">
              <caption className="sr-only">
                Projects, page {page} of {data?.pages}, sorted by {sort.replace('-', '')}
                {sort.startsWith('-') ? ' descending' : ''}
              </caption>
              <thead>
                <tr>
                  <SortHeader field="name">Name</SortHeader>
                  <th scope="col">Client</th>
                  <SortHeader field="status">Status</SortHeader>
                  <SortHeader field="date_finish">Due</SortHeader>
                  <SortHeader field="complete">Complete</SortHeader>
                  <th scope="col" className="num">
                    Actions
                  </th>
                  <th scope="col" className="num">
                    Elapsed
                  </th>
                  <th scope="col">
                    <span className="sr-only">Edit</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {projects.data.projects.map((project) => (
                  <tr key={project.project_id}>
                    <th scope="row" className="name-cell">
                      <Link to={`/projects/${project.project_id}`}>{project.name}</Link>
                      <span className="muted small"> {adminName(admins.data, project.manager_adminid)}</span>
                    </th>
                    <td>{project.client_userid ? `#${project.client_userid}` : '—'}</td>
                    <td>
                      <span className="badge">{project.status}</span>
                    </td>
                    <td>{formatDate(project.date_finish)}</td>
                    <td>
                      <Progress value={project.complete} label={`${project.name} complete`} />
                    </td>
                    <td className="num">{formatNumber(project.actions_count)}</td>
                    <td className="num">{formatDuration(project.elapsed)}</td>
                    <td>
                      <button type="button" className="button button-small" onClick={() => setEditing(project)} aria-label={`Edit ${project.name}`}>
                        Edit
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pages={data?.pages ?? 1} total={data?.total ?? 0} noun="projects" onPage={(n) => update({ page: n === null ? null : String(n) })} />
        </>
      )}
      {editing && (
        <Suspense fallback={null}>
          <ProjectFormDialog project={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
        </Suspense>
      )}
    </section>
  );
}
