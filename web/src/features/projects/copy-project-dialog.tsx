import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { CopyProjectParams, Project } from 'teampro/client';
import { Field, FormDialog, invalidProps } from '../../components/dialog';
import { api } from '../../lib/api';
import { toDateInput } from '../../lib/format';
import { errorMessage, fieldError } from '../../lib/query-client';

/** What a copy is called at first: a template's copy is a project of that kind, any other a copy. */
export function copyName(source: Project): string {
  return source.function === 'template' ? source.name : `Copy of ${source.name}`;
}

/**
 * Makes a new project from this one (copyProject): its name, where its dates start (the whole plan
 * moves with it) and whether it is a template itself. Opens the new project once it is made.
 */
export default function CopyProjectDialog({ source, onClose }: { source: Project; onClose: () => void }) {
  const [name, setName] = useState(() => copyName(source));
  const [start, setStart] = useState(() => toDateInput(source.date_start));
  const [asTemplate, setAsTemplate] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const copy = useMutation({
    mutationFn: (params: CopyProjectParams) => api().projects.copy(source.project_id, params),
    onSuccess: async (made) => {
      queryClient.setQueryData(['project', made.project_id], made);
      await queryClient.invalidateQueries({ queryKey: ['projects'] });
      onClose();
      navigate(`/projects/${made.project_id}/actions`);
    },
  });
  const err = (param: string) => fieldError(copy.error, param);
  const unplaced = copy.error && !['name', 'date_start', 'date_finish'].some((p) => err(p));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    copy.mutate({ name, ...(start && { date_start: start }), ...(asTemplate && { function: 'template' as const }) });
  };

  return (
    <FormDialog title={source.function === 'template' ? `New project from ${source.name}` : `Copy ${source.name}`} onClose={onClose}>
      <form onSubmit={submit} className="form-grid" noValidate>
        <p className="form-note">
          Every milestone, group and task is copied, started afresh. Time logs, discussions, files and tickets stay with {source.name}.
        </p>
        {copy.isError && (
          <p className="form-error" role="alert">
            {unplaced ? errorMessage(copy.error) : 'The copy was not made: see the fields marked below.'}
          </p>
        )}
        <Field id={`${id}-name`} label="Name" error={err('name')}>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoFocus {...invalidProps(`${id}-name`, err('name'))} />
        </Field>
        <Field
          id={`${id}-start`}
          label="Start date"
          error={err('date_start') ?? err('date_finish')}
          hint={source.date_start ? 'Every date of the plan moves with it.' : 'The plan’s own dates stay as they are.'}
        >
          <input
            id={`${id}-start`}
            type="date"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            aria-describedby={`${id}-start-${err('date_start') ?? err('date_finish') ? 'error' : 'hint'}`}
            aria-invalid={Boolean(err('date_start') ?? err('date_finish')) || undefined}
          />
        </Field>
        <label className="check">
          <input type="checkbox" checked={asTemplate} onChange={(e) => setAsTemplate(e.target.checked)} /> Make the copy a template
        </label>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={copy.isPending}>
            {copy.isPending ? 'Copying…' : source.function === 'template' ? 'Create project' : 'Copy project'}
          </button>
        </div>
      </form>
    </FormDialog>
  );
}
