import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { Project, Timelog } from 'teampro/client';
import { Field, FormDialog, invalidProps } from '../../components/dialog';
import { Empty, ErrorState, Loading, Notice } from '../../components/status';
import { Pager } from '../../components/pager';
import { useProjectActions } from '../../hooks/use-actions';
import { adminName, useAdmins, useConfig } from '../../hooks/use-session';
import { useRunningTimers, useStartTimer, useStopTimer } from '../../hooks/use-timers';
import { useLastPageKept, useUrlPage } from '../../hooks/use-url-page';
import { api } from '../../lib/api';
import { formatDateTime, formatDuration, formatMoney, fromDateTimeInput, toDateTimeInput } from '../../lib/format';
import { errorMessage, fieldError } from '../../lib/query-client';

const PAGE_SIZE = 50;

interface Values {
  action_id: string;
  type: string;
  date_start: string;
  hours: string;
  minutes: string;
  note: string;
  billable: boolean;
}

function valuesOf(log: Timelog | null, billable: boolean): Values {
  const duration = log?.duration ?? 3600;
  return {
    action_id: String(log?.action_id ?? 0),
    type: log?.type ?? '',
    date_start: toDateTimeInput(log?.date_start ?? new Date(Date.now() - duration * 1000).toISOString()),
    hours: String(Math.floor(duration / 3600)),
    minutes: String(Math.floor((duration % 3600) / 60)),
    note: log?.note ?? '',
    billable: log?.billable ?? billable,
  };
}

/** Log time by hand, or edit a log: start, duration, action, type, note, billable. */
function TimelogDialog({ project, log, onClose }: { project: Project; log: Timelog | null; onClose: () => void }) {
  const [values, setValues] = useState(() => valuesOf(log, project.billable));
  const actions = useProjectActions(project.project_id);
  const config = useConfig();
  const queryClient = useQueryClient();
  const id = useId();
  const running = log !== null && log.status === 'active';
  const save = useMutation({
    mutationFn: (params: Record<string, unknown>) =>
      log ? api().timelogs.update(log.timelog_id, params) : api().timelogs.create({ ...params, project_id: project.project_id } as Parameters<ReturnType<typeof api>['timelogs']['create']>[0]),
    onSuccess: async () => {
      await Promise.all(['timelogs', 'project', 'actions', 'timers', 'my-work'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
      onClose();
    },
  });
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const err = (param: string) => fieldError(save.error, param);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params: Record<string, unknown> = { action_id: Number(values.action_id), note: values.note, billable: values.billable, date_start: values.date_start ? fromDateTimeInput(values.date_start) : undefined };
    if (values.type) params.type = values.type;
    if (!running) params.duration = (Number(values.hours) || 0) * 3600 + (Number(values.minutes) || 0) * 60;
    save.mutate(params);
  };
  const durationError = err('duration') ?? err('date_stop');
  return (
    <FormDialog title={log ? 'Edit time log' : 'Log time'} onClose={onClose}>
      <form onSubmit={submit} className="form-grid" noValidate>
        {save.isError && (
          <p className="form-error" role="alert">
            {save.error && !['action_id', 'type', 'date_start', 'duration', 'date_stop', 'note'].some((p) => err(p)) ? errorMessage(save.error) : 'The time log was not saved: see the fields marked below.'}
          </p>
        )}
        <Field id={`${id}-action`} label="Action" error={err('action_id')}>
          <select id={`${id}-action`} value={values.action_id} onChange={(e) => set('action_id', e.target.value)}>
            <option value="0">The project itself</option>
            {actions.data?.map((a) => (
              <option key={a.action_id} value={a.action_id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-start`} label="Started" error={err('date_start')}>
          <input id={`${id}-start`} type="datetime-local" value={values.date_start} onChange={(e) => set('date_start', e.target.value)} {...invalidProps(`${id}-start`, err('date_start'))} />
        </Field>
        {!running && (
          <fieldset className="field duration-field">
            <legend>Duration</legend>
            <label>
              <input type="number" min={0} value={values.hours} onChange={(e) => set('hours', e.target.value)} aria-label="Hours" {...invalidProps(`${id}-duration`, durationError)} /> h
            </label>
            <label>
              <input type="number" min={0} max={59} value={values.minutes} onChange={(e) => set('minutes', e.target.value)} aria-label="Minutes" /> min
            </label>
            {durationError && (
              <span className="field-error" id={`${id}-duration-error`}>
                {durationError}
              </span>
            )}
          </fieldset>
        )}
        <Field id={`${id}-type`} label="Type" error={err('type')}>
          <select id={`${id}-type`} value={values.type} onChange={(e) => set('type', e.target.value)}>
            {!log && <option value="">Default</option>}
            {config.data?.timelog_types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-note`} label="Note" error={err('note')}>
          <textarea id={`${id}-note`} rows={2} value={values.note} onChange={(e) => set('note', e.target.value)} {...invalidProps(`${id}-note`, err('note'))} />
        </Field>
        <div className="field field-check">
          <input id={`${id}-billable`} type="checkbox" checked={values.billable} onChange={(e) => set('billable', e.target.checked)} />
          <label htmlFor={`${id}-billable`}>Billable</label>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </FormDialog>
  );
}

/** The project's time logs with the list totals; log, edit and delete time; start a timer on the project. */
export default function TimeTab({ project }: { project: Project }) {
  const projectId = project.project_id;
  const [page, goTo] = useUrlPage();
  const logs = useQuery({
    queryKey: ['timelogs', projectId, page],
    queryFn: () => api().projects.timelogs(projectId, { limit: PAGE_SIZE, page, sort: '-date_start' }),
    placeholderData: keepPreviousData,
  });
  const actions = useProjectActions(projectId);
  const admins = useAdmins();
  const timers = useRunningTimers();
  const start = useStartTimer();
  const stop = useStopTimer();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Timelog | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Timelog | null>(null);
  const remove = useMutation({
    mutationFn: (log: Timelog) => api().timelogs.delete(log.timelog_id),
    onSettled: () => Promise.all(['timelogs', 'project', 'actions', 'timers'].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
  const actionName = (id: number) => (id ? (actions.data?.find((a) => a.action_id === id)?.name ?? `#${id}`) : '—');
  const projectTimer = timers.data?.find((t) => t.project_id === projectId && !t.action_id);
  useLastPageKept(page, logs.data?.data.pages, goTo);

  if (logs.isPending) return <Loading label="Loading time logs" />;
  if (logs.isError) return <ErrorState error={logs.error} retry={() => logs.refetch()} />;
  const { totals, pages, total } = logs.data.data;

  return (
    <div className="time-tab">
      <div className="toolbar">
        <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
          Log time
        </button>
        {projectTimer ? (
          <button type="button" className="button button-running" onClick={() => stop.mutate(projectTimer.timelog_id)}>
            Stop timer
          </button>
        ) : (
          <button type="button" className="button" disabled={start.isPending} onClick={() => start.mutate({ project_id: projectId })}>
            Start timer
          </button>
        )}
      </div>
      {(remove.isError || start.isError) && (
        <Notice
          message={errorMessage(remove.error ?? start.error)}
          onDismiss={() => {
            remove.reset();
            start.reset();
          }}
        />
      )}
      <dl className="totals" aria-label="Totals">
        <div>
          <dt>Total</dt>
          <dd>{formatDuration(totals.duration)}</dd>
        </div>
        <div>
          <dt>Billable</dt>
          <dd>{formatDuration(totals.billable)}</dd>
        </div>
        <div>
          <dt>Billed</dt>
          <dd>{formatDuration(totals.billed)}</dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd>{formatDuration(totals.unbilled)}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd>{formatMoney(totals.amount)}</dd>
        </div>
      </dl>
      {logs.data.timelogs.length === 0 ? (
        <Empty>
          <p>No time logged on this project yet.</p>
        </Empty>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Time logs table">
          <table className="table">
            <caption className="sr-only">Time logs of {project.name}</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Action</th>
                <th scope="col">Who</th>
                <th scope="col">Type</th>
                <th scope="col" className="num">
                  Duration
                </th>
                <th scope="col">Billable</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="sr-only">Commands</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {logs.data.timelogs.map((log) => (
                <tr key={log.timelog_id}>
                  <td>{formatDateTime(log.date_start)}</td>
                  <td>{actionName(log.action_id)}</td>
                  <td>{adminName(admins.data, log.adminid)}</td>
                  <td>{log.type}</td>
                  <td className="num">{log.status === 'active' ? <span className="badge badge-running">running</span> : formatDuration(log.duration)}</td>
                  <td>{log.billable ? (log.invoice_id ? 'Billed' : 'Yes') : 'No'}</td>
                  <td className="note-cell">{log.note}</td>
                  <td className="row-commands">
                    <button type="button" className="button button-small" onClick={() => setEditing(log)} aria-label={`Edit time log of ${formatDateTime(log.date_start)}`}>
                      Edit
                    </button>
                    <button type="button" className="button button-small" onClick={() => setDeleting(log)} aria-label={`Delete time log of ${formatDateTime(log.date_start)}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <Pager page={page} pages={pages} total={total} noun="logs" onPage={(n) => goTo(n)} />
      )}
      {editing && <TimelogDialog project={project} log={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <FormDialog title="Delete this time log?" role="alertdialog" onClose={() => setDeleting(null)}>
          <p>
            {formatDuration(deleting.duration)} on {actionName(deleting.action_id)}, started {formatDateTime(deleting.date_start)}.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setDeleting(null)} autoFocus>
              Cancel
            </button>
            <button type="button" className="button button-danger" onClick={() => (remove.mutate(deleting), setDeleting(null))}>
              Delete
            </button>
          </div>
        </FormDialog>
      )}
    </div>
  );
}
