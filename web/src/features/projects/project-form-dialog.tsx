import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { CopyProjectParams, CreateProjectParams, Project } from 'teampro/client';
import { Field, FormDialog, invalidProps } from '../../components/dialog';
import { useAdmins, useConfig } from '../../hooks/use-session';
import { api } from '../../lib/api';
import { toDateInput } from '../../lib/format';
import { errorMessage, fieldError } from '../../lib/query-client';

interface Values {
  name: string;
  status: string;
  type: string;
  function: string;
  date_start: string;
  date_finish: string;
  manager_adminid: string;
  assigned_adminid: string;
  client_userid: string;
  billable: boolean;
  hourly_rate: string;
  details: string;
}

function valuesOf(project: Project | null): Values {
  return {
    name: project?.name ?? '',
    status: project?.status ?? '',
    type: project?.type ?? '',
    function: project?.function ?? 'default',
    date_start: toDateInput(project?.date_start),
    date_finish: toDateInput(project?.date_finish),
    manager_adminid: project ? String(project.manager_adminid) : '',
    assigned_adminid: project ? String(project.assigned_adminid) : '0',
    client_userid: project?.client_userid ? String(project.client_userid) : '',
    billable: project?.billable ?? false,
    hourly_rate: project?.hourly_rate == null ? '' : String(project.hourly_rate),
    details: project?.details ?? '',
  };
}

/** The params sent: only what is filled in on create, every field on edit (an emptied date is null). */
function paramsOf(values: Values, editing: boolean): Record<string, unknown> {
  const params: Record<string, unknown> = { name: values.name, billable: values.billable, details: values.details, function: values.function };
  if (values.status) params.status = values.status;
  if (values.type) params.type = values.type;
  for (const key of ['date_start', 'date_finish'] as const) {
    if (values[key]) params[key] = values[key];
    else if (editing) params[key] = null;
  }
  if (values.manager_adminid) params.manager_adminid = Number(values.manager_adminid);
  params.assigned_adminid = Number(values.assigned_adminid || 0);
  params.client_userid = Number(values.client_userid || 0);
  if (values.hourly_rate !== '') params.hourly_rate = Number(values.hourly_rate);
  else if (editing) params.hourly_rate = null;
  return params;
}

/**
 * What a new project from a template sends: its name, and only the fields changed from the template's
 * (an emptied one as null), so the rest — and the dates of the whole plan, moved with the start — come
 * from the template through copyProject.
 */
export function templateChanges(values: Values, base: Values): Record<string, unknown> {
  const sent = paramsOf(values, true);
  const template = paramsOf(base, true);
  const changed = Object.keys({ ...sent, ...template }).filter((key) => JSON.stringify(sent[key] ?? null) !== JSON.stringify(template[key] ?? null));
  return { name: values.name, ...Object.fromEntries(changed.map((key) => [key, sent[key] ?? null])) };
}

/** The form's values for a project started from `template`: its fields, a name of its own, a project. */
function fromTemplate(template: Project, name: string): Values {
  return { ...valuesOf(template), name, function: 'default', status: '' };
}

/** Templates to start a new project from (the first 100 by name). */
function useTemplates(enabled: boolean) {
  return useQuery({ queryKey: ['projects', 'templates'], queryFn: () => api().projects.list({ function: 'template', sort: 'name', limit: 100 }), enabled });
}

/** Create or edit a project, or start one from a template; the API's errors appear at the field they concern. */
export default function ProjectFormDialog({ project, onClose }: { project: Project | null; onClose: () => void }) {
  const [values, setValues] = useState(() => valuesOf(project));
  const [template, setTemplate] = useState<{ project: Project; values: Values } | null>(null);
  const templates = useTemplates(project === null);
  const config = useConfig();
  const admins = useAdmins();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const save = useMutation({
    mutationFn: (params: Record<string, unknown>) => {
      if (project) return api().projects.update(project.project_id, params);
      if (template) return api().projects.copy(template.project.project_id, params as CopyProjectParams);
      return api().projects.create(params as CreateProjectParams);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(['project', saved.project_id], saved);
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      onClose();
      if (!project) navigate(`/projects/${saved.project_id}`);
    },
  });
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const err = (param: string) => fieldError(save.error, param);
  const unplaced = save.error && !['name', 'status', 'type', 'function', 'date_start', 'date_finish', 'manager_adminid', 'assigned_adminid', 'client_userid', 'hourly_rate', 'details', 'billable'].some((p) => err(p));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(template ? templateChanges(values, template.values) : paramsOf(values, project !== null));
  };

  const pickTemplate = (templateId: string) => {
    const picked = templates.data?.projects.find((t) => String(t.project_id) === templateId);
    const start = picked ? fromTemplate(picked, values.name) : { ...valuesOf(null), name: values.name };
    setTemplate(picked ? { project: picked, values: start } : null);
    setValues(start);
  };

  return (
    <FormDialog title={project ? `Edit ${project.name}` : 'New project'} onClose={onClose}>
      <form onSubmit={submit} className="form-grid" noValidate>
        {save.isError && (
          <p className="form-error" role="alert">
            {unplaced ? errorMessage(save.error) : 'The project was not saved: see the fields marked below.'}
          </p>
        )}
        {!project && (templates.data?.projects.length ?? 0) > 0 && (
          <Field id={`${id}-template`} label="Start from" hint={template ? 'Its milestones, groups and tasks come along; its dates move with the start date.' : undefined}>
            <select id={`${id}-template`} aria-describedby={template ? `${id}-template-hint` : undefined} value={template ? String(template.project.project_id) : ''} onChange={(e) => pickTemplate(e.target.value)}>
              <option value="">A blank project</option>
              {templates.data?.projects.map((t) => (
                <option key={t.project_id} value={t.project_id}>
                  Template: {t.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id={`${id}-name`} label="Name" error={err('name')}>
          <input id={`${id}-name`} value={values.name} onChange={(e) => set('name', e.target.value)} autoFocus {...invalidProps(`${id}-name`, err('name'))} />
        </Field>
        <Field id={`${id}-status`} label="Status" error={err('status')}>
          <select id={`${id}-status`} value={values.status} onChange={(e) => set('status', e.target.value)} {...invalidProps(`${id}-status`, err('status'))}>
            {!project && <option value="">Default</option>}
            {config.data?.project_statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-type`} label="Type" error={err('type')}>
          <select id={`${id}-type`} value={values.type} onChange={(e) => set('type', e.target.value)} {...invalidProps(`${id}-type`, err('type'))}>
            {!project && <option value="">Default</option>}
            {config.data?.project_types.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-function`} label="Function" error={err('function')}>
          <select id={`${id}-function`} value={values.function} onChange={(e) => set('function', e.target.value)}>
            <option value="default">Project</option>
            <option value="template">Template</option>
            <option value="archive">Archived</option>
          </select>
        </Field>
        <Field id={`${id}-start`} label="Start date" error={err('date_start')}>
          <input id={`${id}-start`} type="date" value={values.date_start} onChange={(e) => set('date_start', e.target.value)} {...invalidProps(`${id}-start`, err('date_start'))} />
        </Field>
        <Field id={`${id}-finish`} label="Due date" error={err('date_finish')}>
          <input id={`${id}-finish`} type="date" value={values.date_finish} onChange={(e) => set('date_finish', e.target.value)} {...invalidProps(`${id}-finish`, err('date_finish'))} />
        </Field>
        <Field id={`${id}-manager`} label="Manager" error={err('manager_adminid')}>
          <select id={`${id}-manager`} value={values.manager_adminid} onChange={(e) => set('manager_adminid', e.target.value)}>
            {!project && <option value="">Me</option>}
            <option value="0">Nobody</option>
            {admins.data?.map((a) => (
              <option key={a.admin_id} value={a.admin_id}>
                {a.name || a.username}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-assigned`} label="Assigned" error={err('assigned_adminid')}>
          <select id={`${id}-assigned`} value={values.assigned_adminid} onChange={(e) => set('assigned_adminid', e.target.value)}>
            <option value="0">Anyone</option>
            {admins.data?.map((a) => (
              <option key={a.admin_id} value={a.admin_id}>
                {a.name || a.username}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-client`} label="Client ID" error={err('client_userid')} hint="WHMCS client id; empty for none">
          <input id={`${id}-client`} inputMode="numeric" value={values.client_userid} onChange={(e) => set('client_userid', e.target.value.replace(/\D/g, ''))} {...invalidProps(`${id}-client`, err('client_userid'))} />
        </Field>
        <Field id={`${id}-rate`} label="Hourly rate" error={err('hourly_rate')} hint="Empty: the configured rate">
          <input id={`${id}-rate`} inputMode="decimal" value={values.hourly_rate} onChange={(e) => set('hourly_rate', e.target.value)} {...invalidProps(`${id}-rate`, err('hourly_rate'))} />
        </Field>
        <div className="field field-check">
          <input id={`${id}-billable`} type="checkbox" checked={values.billable} onChange={(e) => set('billable', e.target.checked)} />
          <label htmlFor={`${id}-billable`}>Billable</label>
        </div>
        <Field id={`${id}-details`} label="Details" error={err('details')}>
          <textarea id={`${id}-details`} rows={3} value={values.details} onChange={(e) => set('details', e.target.value)} {...invalidProps(`${id}-details`, err('details'))} />
        </Field>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : project ? 'Save' : 'Create project'}
          </button>
        </div>
      </form>
    </FormDialog>
  );
}
