import type { DragEvent, KeyboardEvent, MouseEvent, ReactNode } from 'react';
import type { Admin } from 'teampro/client';
import { Progress } from '../../components/status';
import { adminName } from '../../hooks/use-session';
import { formatDate, formatDuration } from '../../lib/format';
import type { TreeNode } from '../../lib/tree';
import type { Draft } from './draft';

export const ROW_HEIGHT = 44;
export type DropPosition = 'before' | 'inside' | 'after';

/** The in-place editor of one row: its draft and what its inputs do. */
export interface RowEditor {
  draft: Draft;
  change: (key: keyof Draft, value: string) => void;
  keys: (event: KeyboardEvent) => void;
  save: () => void;
  cancel: () => void;
}

/** What a row reports to the tree; the tree decides. */
export interface RowEvents {
  focus: (id: number) => void;
  keyDown: (event: KeyboardEvent<HTMLDivElement>, node: TreeNode) => void;
  toggle: (node: TreeNode) => void;
  /** A click on the row itself (not on one of its buttons or inputs), with the keys held. */
  click: (event: MouseEvent<HTMLDivElement>, node: TreeNode) => void;
  dragStart: (id: number) => void;
  dragOver: (event: DragEvent<HTMLDivElement>, node: TreeNode) => void;
  dragLeave: (id: number) => void;
  drop: (node: TreeNode) => void;
  dragEnd: () => void;
}

interface Props {
  node: TreeNode;
  depth: number;
  index: number;
  start: number;
  open: boolean;
  isTabStop: boolean;
  selected: boolean;
  dropPosition: DropPosition | null;
  editor: RowEditor | null;
  statuses: readonly string[];
  admins: readonly Admin[] | undefined;
  commands: ReactNode;
  on: RowEvents;
}

/** One action of the treegrid: a focusable, draggable row whose cells turn into inputs while it is edited. */
export function TreeRow({ node, depth, index, start, open, isTabStop, selected, dropPosition, editor, statuses, admins, commands, on }: Props) {
  const a = node.action;
  const id = a.action_id;
  const hasChildren = node.children.length > 0;
  const input = (key: keyof Draft, label: string, type = 'text') => (
    <input aria-label={label} type={type} value={editor!.draft[key]} onChange={(e) => editor!.change(key, e.target.value)} onKeyDown={editor!.keys} />
  );
  // Shift+click selects a range of rows, not the page's text between them.
  const keepTextUnselected = (event: MouseEvent) => event.shiftKey && !editor && event.preventDefault();
  return (
    <div
      role="row"
      data-id={id}
      aria-rowindex={index + 2}
      aria-level={depth}
      aria-expanded={hasChildren ? open : undefined}
      aria-label={a.name}
      aria-selected={selected}
      tabIndex={isTabStop && !editor ? 0 : -1}
      className={`tree-row level-${a.level}${dropPosition ? ` drop-${dropPosition}` : ''}${a.complete >= 100 ? ' done' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      draggable={!editor}
      onFocus={(e) => e.target === e.currentTarget && on.focus(id)}
      onKeyDown={(e) => (editor ? undefined : on.keyDown(e, node))}
      onMouseDown={keepTextUnselected}
      onClick={(e) => (editor ? undefined : on.click(e, node))}
      onDragStart={(e) => {
        on.dragStart(id);
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', String(id));
      }}
      onDragOver={(e) => on.dragOver(e, node)}
      onDragLeave={() => on.dragLeave(id)}
      onDrop={(e) => (e.preventDefault(), on.drop(node))}
      onDragEnd={on.dragEnd}
    >
      <div role="gridcell" className="tree-name" style={{ paddingLeft: `${(depth - 1) * 1.25}rem` }}>
        {hasChildren ? (
          <button type="button" tabIndex={-1} className="twisty" aria-hidden="true" onClick={() => on.toggle(node)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="twisty" aria-hidden="true" />
        )}
        <span className={`level-mark level-mark-${a.level}`} title={a.level} aria-hidden="true" />
        {editor ? (
          <input aria-label="Name" value={editor.draft.name} onChange={(e) => editor.change('name', e.target.value)} onKeyDown={editor.keys} autoFocus />
        ) : (
          <span className="tree-label">{a.name}</span>
        )}
        <span className="sr-only">, {a.level}</span>
      </div>
      <div role="gridcell">
        {editor ? (
          <select aria-label="Status" value={editor.draft.status} onChange={(e) => editor.change('status', e.target.value)} onKeyDown={editor.keys}>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        ) : (
          <span className="badge">{a.status}</span>
        )}
      </div>
      <div role="gridcell">
        {editor && !hasChildren ? (
          <input aria-label="Complete (%)" type="number" min={0} max={100} step={5} value={editor.draft.complete} onChange={(e) => editor.change('complete', e.target.value)} onKeyDown={editor.keys} className="input-narrow" />
        ) : (
          <Progress value={a.complete} label={`${a.name} complete`} />
        )}
      </div>
      <div role="gridcell">
        {editor ? (
          <select aria-label="Assignee" value={editor.draft.assigned_adminid} onChange={(e) => editor.change('assigned_adminid', e.target.value)} onKeyDown={editor.keys}>
            <option value="0">Nobody</option>
            {admins?.map((admin) => (
              <option key={admin.admin_id} value={admin.admin_id}>
                {admin.name || admin.username}
              </option>
            ))}
          </select>
        ) : (
          adminName(admins, a.assigned_adminid)
        )}
      </div>
      <div role="gridcell">{editor ? input('date_start', 'Start', 'date') : formatDate(a.date_start)}</div>
      <div role="gridcell">{editor ? input('date_finish', 'Finish', 'date') : formatDate(a.date_finish)}</div>
      <div role="gridcell" className="num">
        {formatDuration(a.elapsed)}
      </div>
      <div role="gridcell" className="row-commands">
        {editor ? (
          <>
            <button type="button" className="button button-small button-primary" onClick={editor.save}>
              Save
            </button>
            <button type="button" className="button button-small" onClick={editor.cancel}>
              Cancel
            </button>
          </>
        ) : (
          commands
        )}
      </div>
    </div>
  );
}
