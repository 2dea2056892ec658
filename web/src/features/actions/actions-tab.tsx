import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover, Separator } from 'react-aria-components';
import type { Action, Project } from 'teampro/client';
import { FormDialog } from '../../components/dialog';
import { Empty, ErrorState, Loading, Progress } from '../../components/status';
import { useProjectActions } from '../../hooks/use-actions';
import { adminName, useAdmins, useConfig } from '../../hooks/use-session';
import { useRunningTimers, useStartTimer, useStopTimer } from '../../hooks/use-timers';
import { api } from '../../lib/api';
import { formatDate, formatDuration, toDateInput } from '../../lib/format';
import { errorMessage } from '../../lib/query-client';
import { buildTree, descendantCount, flatten, isWithin, placeAt, subtreeHeight, type TreeNode } from '../../lib/tree';
import { patched, useActionWrites } from '../../hooks/use-action-writes';
import { changesOf, draftOf, type Draft } from './draft';
import { useCollapsed } from './use-collapsed';

const ROW_HEIGHT = 44;
type DropPosition = 'before' | 'inside' | 'after';
type Item = { kind: 'node'; node: TreeNode; depth: number } | { kind: 'add'; parentId: number; depth: number; afterId: number | null };

const depthOf = (node: TreeNode) => {
  let depth = 1;
  for (let at = node.parent; at; at = at.parent) depth += 1;
  return depth;
};

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
  const { write, notice, setNotice, busy } = useActionWrites(projectId);
  const [collapsed, setCollapsed] = useCollapsed(projectId);
  const [hideCompleted, setHideCompleted] = useState(false);
  const [focusedId, setFocusedId] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ id: number; draft: Draft } | null>(null);
  const [adding, setAdding] = useState<{ parentId: number; afterId: number | null; name: string } | null>(null);
  const [deleting, setDeleting] = useState<TreeNode | null>(null);
  const [drop, setDrop] = useState<{ id: number; position: DropPosition } | null>(null);
  const dragId = useRef<number | null>(null);
  const pendingFocus = useRef<number | 'add' | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const maxDepth = config.data?.max_depth ?? 5;

  const tree = useMemo(() => buildTree(actions.data ?? []), [actions.data]);
  const items = useMemo<Item[]>(() => {
    const visible = flatten(tree.roots, (id) => !collapsed.has(id), hideCompleted);
    const out: Item[] = visible.map((node) => ({ kind: 'node', node, depth: depthOf(node) }));
    if (adding) {
      // The new row sits where the action will appear: after the last visible row of its parent's subtree
      // (or of the sibling it follows).
      const anchorId = adding.afterId ?? (adding.parentId || null);
      let at = out.length;
      if (anchorId !== null) {
        const anchor = tree.byId.get(anchorId);
        const index = out.findIndex((i) => i.kind === 'node' && i.node.action.action_id === anchorId);
        if (anchor && index >= 0) {
          at = index + 1;
          while (at < out.length && out[at].kind === 'node' && isWithin((out[at] as { node: TreeNode }).node, anchor)) at += 1;
        }
      }
      const parent = adding.parentId ? tree.byId.get(adding.parentId) : undefined;
      out.splice(at, 0, { kind: 'add', parentId: adding.parentId, afterId: adding.afterId, depth: parent ? depthOf(parent) + 1 : 1 });
    }
    return out;
  }, [tree, collapsed, hideCompleted, adding]);

  // The actions with sub-actions: what Collapse all closes.
  const parentIds = useMemo(() => [...tree.byId.values()].filter((n) => n.children.length > 0).map((n) => n.action.action_id), [tree]);

  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  const indexOfId = useCallback((id: number | 'add') => items.findIndex((i) => (id === 'add' ? i.kind === 'add' : i.kind === 'node' && i.node.action.action_id === id)), [items]);

  /** Moves keyboard focus to a row, scrolling it into the rendered window first. */
  const focusRow = useCallback(
    (id: number | 'add') => {
      if (id !== 'add') setFocusedId(id);
      pendingFocus.current = id;
      const index = indexOfId(id);
      if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    },
    [indexOfId, virtualizer],
  );

  useEffect(() => {
    const id = pendingFocus.current;
    if (id === null) return;
    const frame = requestAnimationFrame(() => {
      const selector = id === 'add' ? '[data-add-row] input' : `[data-id="${id}"]`;
      const element = gridRef.current?.querySelector<HTMLElement>(selector);
      if (element) {
        element.focus({ preventScroll: false });
        pendingFocus.current = null;
      }
    });
    return () => cancelAnimationFrame(frame);
  });

  // The first row is the tab stop until the user picks another.
  const firstId = items.find((i) => i.kind === 'node')?.kind === 'node' ? (items.find((i) => i.kind === 'node') as { node: TreeNode }).node.action.action_id : null;
  const tabStop = focusedId !== null && tree.byId.has(focusedId) ? focusedId : firstId;

  const siblingsOf = (parent: TreeNode | null) => (parent ? parent.children : tree.roots).map((n) => n.action);

  /** Puts `node` under `parent` (null: top level) at `index` among its siblings there (node left out). */
  const moveTo = async (node: TreeNode, parent: TreeNode | null, index: number, label: string) => {
    if (parent && isWithin(parent, node)) return setNotice(`${label}: an action cannot go under itself.`);
    const newDepth = (parent ? depthOf(parent) : 0) + subtreeHeight(node);
    if (newDepth > maxDepth) return setNotice(`${label}: that would make the tree ${newDepth} levels deep; the limit is ${maxDepth}.`);
    const id = node.action.action_id;
    const siblings = siblingsOf(parent).filter((a) => a.action_id !== id);
    const orders = placeAt(siblings, index, id);
    const parentId = parent ? parent.action.action_id : 0;
    const parentChanges = parentId !== node.action.parent_action_id;
    const changes = new Map<number, Partial<Action>>();
    for (const [actionId, sort_order] of orders) changes.set(actionId, { sort_order });
    if (parentChanges) changes.set(id, { ...changes.get(id), parent_action_id: parentId });
    if (changes.size === 0) return;
    if (parent && collapsed.has(parent.action.action_id)) setCollapsed((c) => new Set([...c].filter((x) => x !== parent.action.action_id)));
    pendingFocus.current = id;
    await write(label, (list) => patched(list, changes), async () => {
      // The moved action first (its parent and place), then any sibling renumbered around it.
      const own = changes.get(id);
      if (own) await api().actions.update(id, own as { sort_order?: number; parent_action_id?: number });
      for (const [actionId, change] of changes) if (actionId !== id) await api().actions.update(actionId, change as { sort_order: number });
    });
    focusRow(id);
  };

  const moveBy = (node: TreeNode, step: -1 | 1) => {
    const siblings = node.parent ? node.parent.children : tree.roots;
    const index = siblings.indexOf(node);
    const target = index + step;
    if (target < 0 || target >= siblings.length) return;
    void moveTo(node, node.parent, target, step < 0 ? `Moving “${node.action.name}” up` : `Moving “${node.action.name}” down`);
  };
  const indent = (node: TreeNode) => {
    const siblings = node.parent ? node.parent.children : tree.roots;
    const previous = siblings[siblings.indexOf(node) - 1];
    if (!previous) return setNotice(`“${node.action.name}” has no action above it to go under.`);
    void moveTo(node, previous, previous.children.filter((c) => c !== node).length, `Indenting “${node.action.name}”`);
  };
  const outdent = (node: TreeNode) => {
    const parent = node.parent;
    if (!parent) return setNotice(`“${node.action.name}” is already at the top level.`);
    const grand = parent.parent;
    const siblings = (grand ? grand.children : tree.roots).filter((n) => n !== node);
    void moveTo(node, grand, siblings.indexOf(parent) + 1, `Outdenting “${node.action.name}”`);
  };

  const dropOn = (target: TreeNode, position: DropPosition) => {
    const id = dragId.current;
    dragId.current = null;
    setDrop(null);
    const node = id === null ? undefined : tree.byId.get(id);
    if (!node || node === target) return;
    const label = `Moving “${node.action.name}”`;
    if (position === 'inside') return void moveTo(node, target, target.children.filter((c) => c !== node).length, label);
    const siblings = (target.parent ? target.parent.children : tree.roots).filter((n) => n !== node);
    const index = siblings.indexOf(target) + (position === 'after' ? 1 : 0);
    void moveTo(node, target.parent, index, label);
  };

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
    const parent = parentId ? tree.byId.get(parentId) : null;
    const siblings = siblingsOf(parent ?? null);
    const afterIndex = adding.afterId === null ? siblings.length : siblings.findIndex((a) => a.action_id === adding.afterId) + 1;
    const orders = placeAt(siblings, afterIndex, -1);
    const sort_order = orders.get(-1);
    setAdding({ ...adding, name: '' });
    pendingFocus.current = 'add';
    await write(`Adding “${name}”`, null, async () => {
      for (const [id, order] of orders) if (id !== -1) await api().actions.update(id, { sort_order: order });
      const created = await api().actions.create({ project_id: projectId, parent_action_id: parentId, name: name.trim(), ...(sort_order !== undefined ? { sort_order } : {}) });
      setAdding((a) => (a ? { ...a, afterId: a.afterId === null && parentId === a.parentId ? null : created.action_id } : a));
    });
    if (parent && collapsed.has(parentId)) setCollapsed((c) => new Set([...c].filter((x) => x !== parentId)));
  };

  const confirmDelete = async () => {
    const node = deleting;
    setDeleting(null);
    if (!node) return;
    const gone = new Set<number>();
    const collect = (n: TreeNode) => (gone.add(n.action.action_id), n.children.forEach(collect));
    collect(node);
    const items2 = items.filter((i) => i.kind === 'node');
    const index = items2.findIndex((i) => i.kind === 'node' && i.node === node);
    const neighbour = items2.slice(index + 1).find((i) => i.kind === 'node' && !gone.has(i.node.action.action_id)) ?? items2[index - 1];
    await write(`Deleting “${node.action.name}”`, (list) => list.filter((a) => !gone.has(a.action_id)), () => api().actions.delete(node.action.action_id));
    if (neighbour?.kind === 'node') focusRow(neighbour.node.action.action_id);
  };

  const toggle = (node: TreeNode, open?: boolean) => {
    const id = node.action.action_id;
    setCollapsed((previous) => {
      const next = new Set(previous);
      const isOpen = !previous.has(id);
      if (open ?? !isOpen) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const runCommand = (node: TreeNode, command: string) => {
    const id = node.action.action_id;
    switch (command) {
      case 'child':
        return setAdding({ parentId: id, afterId: null, name: '' }), (pendingFocus.current = 'add');
      case 'sibling':
        return setAdding({ parentId: node.action.parent_action_id, afterId: id, name: '' }), (pendingFocus.current = 'add');
      case 'edit':
        return setEditing({ id, draft: draftOf(node.action) });
      case 'up':
        return moveBy(node, -1);
      case 'down':
        return moveBy(node, 1);
      case 'indent':
        return indent(node);
      case 'outdent':
        return outdent(node);
      case 'delete':
        return setDeleting(node);
    }
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>, node: TreeNode) => {
    if (event.target !== event.currentTarget) return;
    const id = node.action.action_id;
    const index = indexOfId(id);
    const nodeAt = (i: number) => {
      const item = items[i];
      return item?.kind === 'node' ? item.node : undefined;
    };
    const open = node.children.length > 0 && !collapsed.has(id);
    let handled = true;
    if (event.altKey && event.key === 'ArrowUp') moveBy(node, -1);
    else if (event.altKey && event.key === 'ArrowDown') moveBy(node, 1);
    else if (event.altKey && event.key === 'ArrowRight') indent(node);
    else if (event.altKey && event.key === 'ArrowLeft') outdent(node);
    else if (event.key === 'ArrowDown') {
      const next = nodeAt(index + 1) ?? nodeAt(index + 2);
      if (next) focusRow(next.action.action_id);
    } else if (event.key === 'ArrowUp') {
      const previous = nodeAt(index - 1) ?? nodeAt(index - 2);
      if (previous) focusRow(previous.action.action_id);
    } else if (event.key === 'ArrowRight') {
      if (node.children.length > 0 && !open) toggle(node, true);
      else if (open) focusRow(node.children[0].action.action_id);
    } else if (event.key === 'ArrowLeft') {
      if (open) toggle(node, false);
      else if (node.parent) focusRow(node.parent.action.action_id);
    } else if (event.key === 'Home') {
      if (firstId !== null) focusRow(firstId);
    } else if (event.key === 'End') {
      const last = [...items].reverse().find((i) => i.kind === 'node');
      if (last?.kind === 'node') focusRow(last.node.action.action_id);
    } else if (event.key === 'Enter' || event.key === 'F2') setEditing({ id, draft: draftOf(node.action) });
    else if (event.key === 'Delete') setDeleting(node);
    else if (event.key === 'Insert') runCommand(node, event.shiftKey ? 'child' : 'sibling');
    else handled = false;
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>, target: TreeNode) => {
    const id = dragId.current;
    const node = id === null ? undefined : tree.byId.get(id);
    if (!node || isWithin(target, node)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const rect = event.currentTarget.getBoundingClientRect();
    const y = (event.clientY - rect.top) / rect.height;
    const position: DropPosition = y < 0.28 ? 'before' : y > 0.72 ? 'after' : 'inside';
    if (drop?.id !== target.action.action_id || drop.position !== position) setDrop({ id: target.action.action_id, position });
  };

  if (actions.isPending) return <Loading label="Loading actions" />;
  if (actions.isError) return <ErrorState error={actions.error} retry={() => actions.refetch()} />;

  const statuses = config.data?.action_statuses ?? [];
  const runningOn = (actionId: number) => timers.data?.find((t) => t.action_id === actionId && t.project_id === projectId);
  const editDraft = (key: keyof Draft, value: string) => setEditing((e) => (e ? { ...e, draft: { ...e.draft, [key]: value } } : e));
  const editKeys = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !(event.target instanceof HTMLSelectElement)) (event.preventDefault(), void saveEdit());
    if (event.key === 'Escape') (event.preventDefault(), event.stopPropagation(), setEditing(null), focusRow(editing!.id));
  };

  return (
    <div className="actions-tab">
      <div className="toolbar" role="toolbar" aria-label="Tree">
        <button type="button" className="button button-primary" onClick={() => ((pendingFocus.current = 'add'), setAdding({ parentId: 0, afterId: null, name: '' }))}>
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
        Arrow keys move between rows and open or close them; Enter edits; Alt+↑/↓ moves an action, Alt+→/← indents or outdents it; Insert adds a sibling (Shift+Insert a sub-action); Delete deletes. Rows can also be dragged.
      </p>
      {notice && (
        <div className="notice" role="alert">
          <span>{notice}</span>
          <button type="button" className="button button-small" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {items.length === 0 ? (
        <Empty>
          <p>No actions yet. Start the plan with “Add milestone”.</p>
        </Empty>
      ) : (
        <div className="tree-scroll" ref={scrollRef}>
          <div ref={gridRef} role="treegrid" aria-label={`Actions of ${project.name}`} aria-describedby="tree-keys" aria-rowcount={items.length + 1} aria-colcount={8} className="tree">
            <div role="rowgroup" className="tree-head">
              <div role="row" aria-rowindex={1} className="tree-row tree-header">
                {['Name', 'Status', 'Complete', 'Assignee', 'Start', 'Finish', 'Elapsed', 'Commands'].map((title) => (
                  <div role="columnheader" key={title} className={title === 'Commands' ? 'sr-only-text' : undefined}>
                    {title}
                  </div>
                ))}
              </div>
            </div>
            <div role="rowgroup" className="tree-body" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((virtual) => {
                const item = items[virtual.index];
                const style = { transform: `translateY(${virtual.start}px)`, height: ROW_HEIGHT };
                if (item.kind === 'add') {
                  return (
                    <div role="row" key="add" data-add-row aria-rowindex={virtual.index + 2} aria-level={item.depth} className="tree-row tree-add" style={style}>
                      <div role="gridcell" className="tree-name" style={{ paddingLeft: `${(item.depth - 1) * 1.25 + 1.75}rem` }}>
                        <input
                          aria-label={item.parentId ? 'Name of the new sub-action' : 'Name of the new milestone'}
                          value={adding?.name ?? ''}
                          placeholder="Name, then Enter (Escape closes)"
                          onChange={(e) => setAdding((a) => (a ? { ...a, name: e.target.value } : a))}
                          onKeyDown={(e) => {
                            if (e.key === 'Enter') (e.preventDefault(), void saveAdd());
                            if (e.key === 'Escape') {
                              e.preventDefault();
                              const back = adding?.afterId ?? (adding?.parentId || null);
                              setAdding(null);
                              if (back) focusRow(back);
                            }
                          }}
                        />
                      </div>
                      <div role="gridcell" className="tree-add-buttons">
                        <button type="button" className="button button-small button-primary" onClick={() => void saveAdd()}>
                          Add
                        </button>
                        <button type="button" className="button button-small" onClick={() => setAdding(null)}>
                          Cancel
                        </button>
                      </div>
                    </div>
                  );
                }
                const { node, depth } = item;
                const a = node.action;
                const id = a.action_id;
                const hasChildren = node.children.length > 0;
                const open = hasChildren && !collapsed.has(id);
                const isEditing = editing?.id === id;
                const isTabStop = tabStop === id;
                const running = runningOn(id);
                const dropClass = drop?.id === id ? ` drop-${drop.position}` : '';
                return (
                  <div
                    role="row"
                    key={id}
                    data-id={id}
                    aria-rowindex={virtual.index + 2}
                    aria-level={depth}
                    aria-expanded={hasChildren ? open : undefined}
                    aria-label={a.name}
                    tabIndex={isTabStop && !isEditing ? 0 : -1}
                    className={`tree-row level-${a.level}${dropClass}${a.complete >= 100 ? ' done' : ''}`}
                    style={style}
                    draggable={!isEditing}
                    onFocus={(e) => e.target === e.currentTarget && setFocusedId(id)}
                    onKeyDown={(e) => (isEditing ? undefined : onRowKeyDown(e, node))}
                    onDragStart={(e) => {
                      dragId.current = id;
                      e.dataTransfer.effectAllowed = 'move';
                      e.dataTransfer.setData('text/plain', String(id));
                    }}
                    onDragOver={(e) => onDragOver(e, node)}
                    onDragLeave={() => drop?.id === id && setDrop(null)}
                    onDrop={(e) => (e.preventDefault(), dropOn(node, drop?.id === id ? drop.position : 'inside'))}
                    onDragEnd={() => ((dragId.current = null), setDrop(null))}
                  >
                    <div role="gridcell" className="tree-name" style={{ paddingLeft: `${(depth - 1) * 1.25}rem` }}>
                      {hasChildren ? (
                        <button type="button" tabIndex={-1} className="twisty" aria-hidden="true" onClick={() => toggle(node)}>
                          {open ? '▾' : '▸'}
                        </button>
                      ) : (
                        <span className="twisty" aria-hidden="true" />
                      )}
                      <span className={`level-mark level-mark-${a.level}`} title={a.level} aria-hidden="true" />
                      {isEditing ? (
                        <input aria-label="Name" value={editing.draft.name} onChange={(e) => editDraft('name', e.target.value)} onKeyDown={editKeys} autoFocus />
                      ) : (
                        <span className="tree-label">{a.name}</span>
                      )}
                      <span className="sr-only">, {a.level}</span>
                    </div>
                    <div role="gridcell">
                      {isEditing ? (
                        <select aria-label="Status" value={editing.draft.status} onChange={(e) => editDraft('status', e.target.value)} onKeyDown={editKeys}>
                          {statuses.map((s) => (
                            <option key={s}>{s}</option>
                          ))}
                        </select>
                      ) : (
                        <span className="badge">{a.status}</span>
                      )}
                    </div>
                    <div role="gridcell">
                      {isEditing && !hasChildren ? (
                        <input aria-label="Complete (%)" type="number" min={0} max={100} step={5} value={editing.draft.complete} onChange={(e) => editDraft('complete', e.target.value)} onKeyDown={editKeys} className="input-narrow" />
                      ) : (
                        <Progress value={a.complete} label={`${a.name} complete`} />
                      )}
                    </div>
                    <div role="gridcell">
                      {isEditing ? (
                        <select aria-label="Assignee" value={editing.draft.assigned_adminid} onChange={(e) => editDraft('assigned_adminid', e.target.value)} onKeyDown={editKeys}>
                          <option value="0">Nobody</option>
                          {admins.data?.map((admin) => (
                            <option key={admin.admin_id} value={admin.admin_id}>
                              {admin.name || admin.username}
                            </option>
                          ))}
                        </select>
                      ) : (
                        adminName(admins.data, a.assigned_adminid)
                      )}
                    </div>
                    <div role="gridcell">
                      {isEditing ? <input aria-label="Start" type="date" value={editing.draft.date_start} onChange={(e) => editDraft('date_start', e.target.value)} onKeyDown={editKeys} /> : formatDate(a.date_start)}
                    </div>
                    <div role="gridcell">
                      {isEditing ? <input aria-label="Finish" type="date" value={editing.draft.date_finish} onChange={(e) => editDraft('date_finish', e.target.value)} onKeyDown={editKeys} /> : formatDate(a.date_finish)}
                    </div>
                    <div role="gridcell" className="num">
                      {formatDuration(a.elapsed)}
                    </div>
                    <div role="gridcell" className="row-commands">
                      {isEditing ? (
                        <>
                          <button type="button" className="button button-small button-primary" onClick={() => void saveEdit()}>
                            Save
                          </button>
                          <button type="button" className="button button-small" onClick={() => (setEditing(null), focusRow(id))}>
                            Cancel
                          </button>
                        </>
                      ) : (
                        <>
                          {running ? (
                            <button type="button" tabIndex={isTabStop ? 0 : -1} className="button button-small button-running" onClick={() => stopTimer.mutate(running.timelog_id)} aria-label={`Stop timer on ${a.name}`}>
                              Stop timer
                            </button>
                          ) : (
                            <button
                              type="button"
                              tabIndex={isTabStop ? 0 : -1}
                              className="button button-small"
                              disabled={startTimer.isPending}
                              onClick={() => startTimer.mutate({ project_id: projectId, action_id: id }, { onError: (error) => setNotice(`Starting the timer was refused: ${errorMessage(error)}`) })}
                              aria-label={`Start timer on ${a.name}`}
                            >
                              Start timer
                            </button>
                          )}
                          <MenuTrigger>
                            <Button className="button button-small button-icon" aria-label={`More for ${a.name}`} excludeFromTabOrder={!isTabStop}>
                              ⋯
                            </Button>
                            <Popover className="popover" placement="bottom end">
                              <Menu className="menu" aria-label={`Commands for ${a.name}`} onAction={(key) => runCommand(node, String(key))}>
                                <MenuItem id="edit" className="menu-item">
                                  Edit
                                </MenuItem>
                                <MenuItem id="child" className="menu-item">
                                  Add sub-action
                                </MenuItem>
                                <MenuItem id="sibling" className="menu-item">
                                  Add sibling below
                                </MenuItem>
                                <Separator className="menu-separator" />
                                <MenuItem id="up" className="menu-item">
                                  Move up
                                </MenuItem>
                                <MenuItem id="down" className="menu-item">
                                  Move down
                                </MenuItem>
                                <MenuItem id="indent" className="menu-item">
                                  Indent
                                </MenuItem>
                                <MenuItem id="outdent" className="menu-item">
                                  Outdent
                                </MenuItem>
                                <Separator className="menu-separator" />
                                <MenuItem id="delete" className="menu-item menu-danger">
                                  Delete…
                                </MenuItem>
                              </Menu>
                            </Popover>
                          </MenuTrigger>
                        </>
                      )}
                    </div>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
      {deleting && (
        <FormDialog title={`Delete “${deleting.action.name}”?`} role="alertdialog" onClose={() => setDeleting(null)}>
          <p>
            {descendantCount(deleting) > 0
              ? `Its ${descendantCount(deleting)} sub-actions are deleted with it. Time logs, topics and files stay on the project.`
              : 'Time logs, topics and files on it stay on the project.'}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => setDeleting(null)} autoFocus>
              Cancel
            </button>
            <button type="button" className="button button-danger" onClick={() => void confirmDelete()}>
              Delete
            </button>
          </div>
        </FormDialog>
      )}
    </div>
  );
}
