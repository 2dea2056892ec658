import Gantt, { type GanttTask } from 'frappe-gantt';
import 'frappe-gantt/style.css';
import { format } from 'date-fns';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { Project } from 'teampro/client';
import { Empty, ErrorState, Loading, Notice } from '../../components/status';
import { useProjectActions } from '../../hooks/use-actions';
import { api } from '../../lib/api';
import { formatDate, toDateInput } from '../../lib/format';
import { buildTree, flatten } from '../../lib/tree';
import { patched, useActionWrites } from '../../hooks/use-action-writes';

const VIEWS = ['Day', 'Week', 'Month'] as const;

/** frappe-gantt writes task names as HTML; names are the users' text, so they go in escaped. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Write = ReturnType<typeof useActionWrites>['write'];

/** Sends an action's new days (yyyy-MM-dd): the bar shows them at once and moves back if the server refuses. */
function writeDates(write: Write, actionId: number, date_start: string, date_finish: string) {
  const shown = { date_start: `${date_start}T00:00:00Z`, date_finish: `${date_finish}T00:00:00Z` };
  void write('Changing the dates', (list) => patched(list, new Map([[actionId, shown]])), () => api().actions.update(actionId, { date_start, date_finish }));
}

/**
 * The tree on a timeline (frappe-gantt): day, week or month (kept in the URL), progress in each bar, a
 * line at today. Dragging or resizing a bar sends the action's new dates to the API; the server widens
 * the parents' dates, which show when the list is read again.
 */
export default function GanttTab({ project }: { project: Project }) {
  const projectId = project.project_id;
  const actions = useProjectActions(projectId);
  const { write, notice, setNotice } = useActionWrites(projectId);
  const [search, setSearch] = useSearchParams();
  const view = VIEWS.find((v) => v === search.get('view')) ?? 'Week';
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<Gantt | null>(null);
  const writeRef = useRef(write);
  writeRef.current = write;
  const refocus = useRef<string | null>(null);

  const { tasks, undated } = useMemo(() => {
    const { roots } = buildTree(actions.data ?? []);
    const ordered = flatten(roots, () => true);
    const dated = ordered.filter((n) => n.action.date_start || n.action.date_finish);
    const list: GanttTask[] = dated.map(({ action: a }) => ({
      id: String(a.action_id),
      name: escapeHtml(a.name),
      start: toDateInput(a.date_start ?? a.date_finish),
      end: toDateInput(a.date_finish ?? a.date_start),
      progress: a.complete,
      custom_class: `gantt-${a.level}`,
    }));
    return { tasks: list, undated: ordered.length - dated.length };
  }, [actions.data]);

  useEffect(() => {
    const element = host.current;
    if (!element || tasks.length === 0) return;
    if (chart.current) {
      // A redraw replaces the bars: the one that had focus gets it back.
      const focused = document.activeElement?.closest?.('.bar-wrapper')?.getAttribute('data-id') ?? refocus.current;
      chart.current.refresh(tasks);
      refocus.current = focused;
      decorate(element);
      return;
    }
    element.replaceChildren();
    chart.current = new Gantt(element, tasks, {
      view_mode: view,
      today_button: false,
      readonly_progress: true,
      popup_on: 'click',
      bar_height: 24,
      padding: 16,
      infinite_padding: false,
      scroll_to: 'start',
      on_date_change: (task, start, end) => {
        writeDates(writeRef.current, Number(task.id), format(start, 'yyyy-MM-dd'), format(end, 'yyyy-MM-dd'));
      },
    });
    decorate(element);
  }, [tasks, view]);

  /**
   * Keyboard use: the chart's scrolling boxes and every bar are in the tab order; on a bar, ← and →
   * move the action a day, Shift+← and Shift+→ move its finish. The bar keeps focus across the redraw.
   */
  function decorate(element: HTMLElement) {
    element.querySelectorAll<HTMLElement>('.gantt-container').forEach((box) => {
      box.tabIndex = 0;
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', 'Timeline, scrollable');
    });
    const byId = new Map((actions.data ?? []).map((a) => [String(a.action_id), a]));
    element.querySelectorAll<SVGGElement>('.bar-wrapper').forEach((bar) => {
      const action = byId.get(bar.getAttribute('data-id') ?? '');
      if (!action) return;
      bar.setAttribute('tabindex', '0');
      bar.setAttribute('role', 'button');
      bar.setAttribute('aria-label', `${action.name}: ${formatDate(action.date_start)} – ${formatDate(action.date_finish)}`);
      bar.setAttribute('aria-describedby', 'gantt-keys');
    });
    if (refocus.current) {
      element.querySelector<SVGGElement>(`.bar-wrapper[data-id="${refocus.current}"]`)?.focus();
      refocus.current = null;
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const bar = (event.target as Element).closest?.('.bar-wrapper');
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!bar || step === 0) return;
    const id = bar.getAttribute('data-id') ?? '';
    const action = actions.data?.find((a) => String(a.action_id) === id);
    const start = action?.date_start ?? action?.date_finish;
    const finish = action?.date_finish ?? action?.date_start;
    if (!action || !start || !finish) return;
    event.preventDefault();
    const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
    // Shift+arrow resizes (the finish moves alone); an arrow moves the whole bar.
    const newStart = event.shiftKey ? start.slice(0, 10) : shift(start, step);
    const newFinish = shift(finish, step);
    if (newFinish < newStart) return;
    refocus.current = id;
    writeDates(write, action.action_id, newStart, newFinish);
  };

  useEffect(() => {
    chart.current?.change_view_mode(view, true);
  }, [view]);

  useEffect(() => {
    const element = host.current;
    return () => {
      chart.current = null;
      element?.replaceChildren();
    };
  }, []);

  if (actions.isPending) return <Loading label="Loading the chart" />;
  if (actions.isError) return <ErrorState error={actions.error} retry={() => actions.refetch()} />;

  return (
    <div className="gantt-tab">
      <div className="toolbar" role="group" aria-label="Time scale">
        {VIEWS.map((v) => (
          <button key={v} type="button" className="button" aria-pressed={v === view} onClick={() => setSearch((s) => (s.set('view', v), s), { replace: true })}>
            {v}
          </button>
        ))}
        {undated > 0 && <span className="muted small">{undated} actions without dates are not on the chart.</span>}
      </div>
      {notice && <Notice message={notice} onDismiss={() => setNotice(null)} />}
      {tasks.length === 0 ? (
        <Empty>
          <p>No action has dates yet. Give actions a start and finish in the Actions tab to see them here.</p>
        </Empty>
      ) : (
        <>
          <p className="hint" id="gantt-keys">
            Drag a bar to move it, or its ends to change its dates. With the keyboard: Tab to a bar, ← → move it a day, Shift+← → move its finish.
          </p>
          <div className="gantt-scroll" role="figure" aria-label={`Timeline of ${project.name}`} onKeyDown={onKeyDown}>
            <div ref={host} />
          </div>
        </>
      )}
    </div>
  );
}
