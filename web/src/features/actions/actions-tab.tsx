import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Action, Project } from 'teampro/client';
import { Empty, ErrorState, Loading, Notice } from '../../components/status';
import { patched, useActionWrites } from '../../hooks/use-action-writes';
import { useProjectActions } from '../../hooks/use-actions';
import { useAdmins, useConfig } from '../../hooks/use-session';
import { useRunningTimers, useStartTimer, useStopTimer } from '../../hooks/use-timers';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/query-client';
import { buildTree, descendantCount, isWithin, placeAt, type TreeNode } from '../../lib/tree';
import { AddRow } from './add-row';
import { DeleteDialog } from './delete-dialog';
import { changesOf, draftOf, type Draft } from './draft';
import { RowCommands, type RowCommand } from './row-commands';
import { visibleItems, type Adding } from './tree-items';
import { onTreeKey } from './tree-keys';
import { SelectionBar } from './selection-bar';
import { ROW_HEIGHT, TreeRow, type RowEvents } from './tree-row';
import { useBulkCommands } from './use-bulk-commands';
import { useCollapsed } from './use-collapsed';
import { useRowDrag } from './use-row-drag';
import { useRowFocus, type RowTarget } from './use-row-focus';
import { useTreeMoves } from './use-tree-moves';
import { useTreeSelection } from './use-tree-selection';

const COLUMNS = ['Name', 'Status', 'Complete', 'Assignee', 'Start', 'Finish', 'Elapsed', 'Commands'];

/**
 * A project's milestone → group → task tree as an ARIA treegrid: rows are virtualized, expand and
 * collapse are remembered, actions are added, edited, deleted and moved (keyboard and drag and drop)
 * through the API, with the change shown at once and rolled back when the server refuses it.
 */
export default function ActionsTab({ project }: { project: Project }) {
  const projectId = project.project_id;
  const actions = useProjectActions(projectId);
  const config = useConfig();
  const admins = useAdmins();
  const timers = useRunningTimers();
  const startTimer = useStartTimer();
  const stopTimer = useStopTimer();
  const { write, writeEach, notice, setNotice, busy } = useActionWrites(projectId);
  const [collapsed, setCollapsed] = useCollapsed(projectId);
  const [hideCompleted, setHideCompleted] = useState(false);
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ id: number; draft: Draft } | null>(null);
  const [adding, setAdding] = useState<Adding | null>(null);
  const [deleting, setDeleting] = useState<TreeNode | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const tree = useMemo(() => buildTree(actions.data ?? []), [actions.data]);
  const isOpen = useCallback((id: number) => !collapsed.has(id), [collapsed]);
  const items = useMemo(() => visibleItems(tree, isOpen, hideCompleted, adding), [tree, isOpen, hideCompleted, adding]);
  const parentIds = useMemo(() => [...tree.byId.values()].filter((n) => n.children.length > 0).map((n) => n.action.action_id), [tree]);
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const indexOf = useCallback((target: RowTarget) => items.findIndex((i) => (target === 'add' ? i.kind === 'add' : i.kind === 'node' && i.node.action.action_id === target)), [items]);
  const { focusRow, restoreFocus, focusWhenRendered } = useRowFocus(gridRef, virtualizer, indexOf, setFocusedId);
  const visibleIds = useMemo(() => items.flatMap((i) => (i.kind === 'node' ? [i.node.action.action_id] : [])), [items]);
  const selection = useTreeSelection(visibleIds, useCallback((id: number) => tree.byId.has(id), [tree]));
  const maxDepth = config.data?.max_depth ?? 5;
  const bulk = useBulkCommands({ roots: tree.roots, byId: tree.byId, maxDepth, items, selected: selection.selected, writeEach, restoreFocus });

  const toggle = (node: TreeNode, open = collapsed.has(node.action.action_id)) => {
    const id = node.action.action_id;
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const moves = useTreeMoves({
    tree,
    maxDepth,
    collapsed,
    expand: (id) => setCollapsed((c) => new Set([...c].filter((x) => x !== id))),
    write,
    setNotice,
    focusWhenRendered,
    restoreFocus,
  });
  const drag = useRowDrag(tree.byId, moves.dropOn);

  const saveEdit = async () => {
    if (!editing) return;
    const node = tree.byId.get(editing.id);
    setEditing(null);
    if (!node) return;
    const changes = changesOf(node.action, editing.draft);
    focusRow(editing.id);
    if (Object.keys(changes).length === 0) return;
    await write(`Saving “${node.action.name}”`, (list) => patched(list, new Map([[editing.id, changes as Partial<Action>]])), () => api().actions.update(editing.id, changes));
  };

  const saveAdd = async () => {
    if (!adding || !adding.name.trim()) return;
    const { parentId, name } = adding;
    const siblings = (parentId ? (tree.byId.get(parentId)?.children ?? []) : tree.roots).map((n) => n.action);
    const afterIndex = adding.afterId === null ? siblings.length : siblings.findIndex((a) => a.action_id === adding.afterId) + 1;
    const orders = placeAt(siblings, afterIndex, -1);
    const sort_order = orders.get(-1);
    setAdding({ ...adding, name: '' });
    focusWhenRendered('add');
    await write(`Adding “${name}”`, null, async () => {
      for (const [id, order] of orders) if (id !== -1) await api().actions.update(id, { sort_order: order });
      const created = await api().actions.create({ project_id: projectId, parent_action_id: parentId, name: name.trim(), ...(sort_order !== undefined ? { sort_order } : {}) });
      // The next name goes after the one just added (at the end it stays at the end).
      setAdding((a) => (a ? { ...a, afterId: a.afterId === null && parentId === a.parentId ? null : created.action_id } : a));
    });
    if (collapsed.has(parentId)) setCollapsed((c) => new Set([...c].filter((x) => x !== parentId)));
  };

  const closeAdd = () => {
    const back = adding?.afterId ?? (adding?.parentId || null);
    setAdding(null);
    if (back) focusRow(back);
  };

  const confirmDelete = async () => {
    const node = deleting;
    setDeleting(null);
    if (!node) return;
    const rows = items.filter((i) => i.kind === 'node').map((i) => i.node);
    const index = rows.indexOf(node);
    const neighbour = rows.slice(index + 1).find((n) => !isWithin(n, node)) ?? rows[index - 1];
    await write(`Deleting “${node.action.name}”`, (list) => list.filter((a) => !tree.byId.has(a.action_id) || !isWithin(tree.byId.get(a.action_id)!, node)), () => api().actions.delete(node.action.action_id));
    if (neighbour) restoreFocus(neighbour.action.action_id);
  };

  /** Copies the action with its sub-actions to the end of its parent (copyAction), then focuses the copy. */
  const duplicate = async (node: TreeNode) => {
    let copyId: number | undefined;
    await write(`Duplicating “${node.action.name}”`, null, async () => {
      copyId = (await api().actions.copy(node.action.action_id)).action_id;
    });
    if (copyId !== undefined) focusWhenRendered(copyId);
  };

  const runCommand = (node: TreeNode, command: RowCommand) => {
    const id = node.action.action_id;
    if (command === 'child' || command === 'sibling') {
      setAdding(command === 'child' ? { parentId: id, afterId: null, name: '' } : { parentId: node.action.parent_action_id, afterId: id, name: '' });
      return focusWhenRendered('add');
    }
    if (command === 'edit') return setEditing({ id, draft: draftOf(node.action) });
    if (command === 'delete') return setDeleting(node);
    if (command === 'duplicate') return void duplicate(node);
    if (command === 'up' || command === 'down') return moves.moveBy(node, command === 'up' ? -1 : 1);
    return command === 'indent' ? moves.indent(node) : moves.outdent(node);
  };

  const selectionKeys = {
    toggle: (node: TreeNode) => selection.toggle(node.action.action_id),
    extend: (from: TreeNode, to: TreeNode) => selection.extend(from.action.action_id, to.action.action_id),
    selectAll: selection.selectAll,
    clear: selection.clear,
    // With one row selected, Delete keeps its usual dialog, which names the action.
    deleteSelection: (node: TreeNode) => selection.selected.size > 1 && selection.selected.has(node.action.action_id) && (bulk.askDelete(), true),
  };
  const rowEvents: RowEvents = {
    focus: setFocusedId,
    keyDown: (event, node) => {
      if (event.target !== event.currentTarget) return;
      const isNodeOpen = (n: TreeNode) => n.children.length > 0 && !collapsed.has(n.action.action_id);
      if (onTreeKey(event, node, { items, isOpen: isNodeOpen, toggle, focusRow, command: runCommand, select: selectionKeys })) (event.preventDefault(), event.stopPropagation());
    },
    toggle: (node) => toggle(node),
    click: (event: MouseEvent<HTMLDivElement>, node) => {
      // Clicks on the row's buttons and inputs, or in its menu (a portal, outside the row), are theirs.
      const target = event.target as Element;
      if (!event.currentTarget.contains(target) || target.closest('button, input, select, a')) return;
      selection.click(node.action.action_id, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey });
      if (event.shiftKey) focusRow(node.action.action_id);
    },
    ...drag.events,
  };

  if (actions.isPending) return <Loading label="Loading actions" />;
  if (actions.isError) return <ErrorState error={actions.error} retry={() => actions.refetch()} />;

  const firstNode = items.find((i) => i.kind === 'node');
  // The first row is the tab stop until the user picks another.
  const tabStop = focusedId !== null && tree.byId.has(focusedId) ? focusedId : firstNode?.kind === 'node' ? firstNode.node.action.action_id : null;
  const runningOn = (actionId: number) => timers.data?.find((t) => t.action_id === actionId && t.project_id === projectId);
  const editorFor = (id: number) =>
    editing?.id !== id
      ? null
      : {
          draft: editing.draft,
          change: (key: keyof Draft, value: string) => setEditing((e) => (e ? { ...e, draft: { ...e.draft, [key]: value } } : e)),
          keys: (event: KeyboardEvent) => {
            if (event.key === 'Enter' && !(event.target instanceof HTMLSelectElement)) (event.preventDefault(), void saveEdit());
            if (event.key === 'Escape') (event.preventDefault(), event.stopPropagation(), setEditing(null), focusRow(id));
          },
          save: () => void saveEdit(),
          cancel: () => (setEditing(null), focusRow(id)),
        };

  return (
    <div className="actions-tab">
      <div className="toolbar" role="toolbar" aria-label="Tree">
        <button type="button" className="button button-primary" onClick={() => (focusWhenRendered('add'), setAdding({ parentId: 0, afterId: null, name: '' }))}>
          Add milestone
        </button>
        <button type="button" className="button" onClick={() => setCollapsed(() => new Set())}>
          Expand all
        </button>
        <button type="button" className="button" onClick={() => setCollapsed(() => new Set(parentIds))}>
          Collapse all
        </button>
        <label className="check">
          <input type="checkbox" checked={hideCompleted} onChange={(e) => setHideCompleted(e.target.checked)} /> Hide completed
        </label>
        <span className="muted small" aria-live="polite">
          {busy ? 'Saving…' : ''}
        </span>
      </div>
      <p className="hint" id="tree-keys">
        Arrow keys move between rows and open or close them; Enter edits; Alt+↑/↓ moves an action, Alt+→/← indents or outdents it; Insert adds a sibling (Shift+Insert a sub-action); Delete deletes. Rows can also be dragged. Space selects a row, Shift+↑/↓ extends the selection, Ctrl+click or Shift+click selects with the mouse, Escape clears.
      </p>
      {notice && <Notice message={notice} onDismiss={() => setNotice(null)} />}
      {items.length === 0 ? (
        <Empty>
          <p>No actions yet. Start the plan with “Add milestone”.</p>
        </Empty>
      ) : (
        <div className="tree-scroll" ref={scrollRef}>
          <div ref={gridRef} role="treegrid" aria-multiselectable="true" aria-label={`Actions of ${project.name}`} aria-describedby="tree-keys" aria-rowcount={items.length + 1} aria-colcount={COLUMNS.length} className="tree">
            <div role="rowgroup" className="tree-head">
              <div role="row" aria-rowindex={1} className="tree-row tree-header">
                {COLUMNS.map((title) => (
                  <div role="columnheader" key={title} className={title === 'Commands' ? 'sr-only-text' : undefined}>
                    {title}
                  </div>
                ))}
              </div>
            </div>
            <div role="rowgroup" className="tree-body" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map(({ index, start }) => {
                const item = items[index];
                if (item.kind === 'add') {
                  const onName = (name: string) => setAdding((a) => (a ? { ...a, name } : a));
                  return <AddRow key="add" index={index} start={start} depth={item.depth} isSubAction={item.parentId !== 0} name={adding?.name ?? ''} onName={onName} onSave={() => void saveAdd()} onClose={closeAdd} />;
                }
                const { node, depth } = item;
                const id = node.action.action_id;
                const running = runningOn(id);
                const commands = (
                  <RowCommands
                    action={node.action}
                    inTabOrder={tabStop === id}
                    running={running}
                    startingTimer={startTimer.isPending}
                    onStartTimer={() => startTimer.mutate({ project_id: projectId, action_id: id }, { onError: (error) => setNotice(`Starting the timer was refused: ${errorMessage(error)}`) })}
                    onStopTimer={(timelogId) => stopTimer.mutate(timelogId)}
                    onCommand={(command) => runCommand(node, command)}
                  />
                );
                return (
                  <TreeRow
                    key={id}
                    node={node}
                    depth={depth}
                    index={index}
                    start={start}
                    open={node.children.length > 0 && !collapsed.has(id)}
                    isTabStop={tabStop === id}
                    selected={selection.selected.has(id)}
                    dropPosition={drag.dropAt(id)}
                    editor={editorFor(id)}
                    statuses={config.data?.action_statuses ?? []}
                    admins={admins.data}
                    commands={commands}
                    on={rowEvents}
                  />
                );
              })}
            </div>
          </div>
        </div>
      )}
      <SelectionBar
        count={selection.selected.size}
        announcement={selection.announcement}
        statuses={config.data?.action_statuses ?? []}
        admins={admins.data}
        busy={busy}
        commands={bulk}
        onClear={() => (selection.clear(), tabStop !== null && focusRow(tabStop))}
      />
      {deleting && (
        <DeleteDialog
          title={`Delete “${deleting.action.name}”?`}
          text={descendantCount(deleting) > 0 ? `Its ${descendantCount(deleting)} sub-actions are deleted with it. Time logs, topics and files stay on the project.` : 'Time logs, topics and files on it stay on the project.'}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void confirmDelete()}
        />
      )}
    </div>
  );
}
