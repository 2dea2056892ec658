import type { DemoAction } from './types.js';

export const HOUR = 3600;
export const DAY = 24 * HOUR;

/** An action with everything the server would have computed for it (the roll-ups of docs/resources/actions.md). */
export interface PlannedAction {
  readonly spec: DemoAction;
  readonly parent: PlannedAction | null;
  readonly depth: number;
  readonly sortOrder: number;
  children: PlannedAction[];
  level: 'milestone' | 'group' | 'task';
  complete: number;
  status: string;
  dateStart: number | null;
  dateFinish: number | null;
  /** Seconds logged on this action itself (not its sub-actions), as the time log service keeps it. */
  elapsed: number;
  /** Set once inserted. */
  id: number;
}

export interface PlannedLog {
  readonly action: PlannedAction | null;
  readonly ticketId: number;
  readonly who: string;
  readonly start: number;
  readonly seconds: number;
  readonly type: string;
  readonly note: string;
}

const earliest = (values: (number | null)[]) => values.reduce<number | null>((a, b) => (a === null ? b : b === null ? a : Math.min(a, b)), null);
const latest = (values: (number | null)[]) => values.reduce<number | null>((a, b) => (a === null ? b : b === null ? a : Math.max(a, b)), null);

/** The status the action service would give: status_oncomplete at 100, else by progress. */
function statusFor(complete: number, onComplete: string): string {
  if (complete === 100) return onComplete || 'Complete';
  return complete > 0 ? 'Progress' : 'Active';
}

function plan(spec: DemoAction, parent: PlannedAction | null, sortOrder: number, start: number | null, onComplete: string): PlannedAction {
  const node: PlannedAction = {
    spec, parent, sortOrder, depth: parent ? parent.depth + 1 : 1, children: [], level: 'task',
    complete: 0, status: '', dateStart: null, dateFinish: null, elapsed: 0, id: 0,
  };
  node.children = (spec.sub ?? []).map((child, i) => plan(child, node, i + 1, start, onComplete));
  const own = spec.days && start !== null ? [start + spec.days[0] * DAY, start + spec.days[1] * DAY] : [null, null];
  if (node.children.length > 0) {
    // A parent follows its children: mean completion, and (adjust_date) a range covering theirs.
    node.complete = Math.round(node.children.reduce((sum, c) => sum + c.complete, 0) / node.children.length);
    node.dateStart = earliest([own[0], ...node.children.map((c) => c.dateStart)]);
    node.dateFinish = latest([own[1], ...node.children.map((c) => c.dateFinish)]);
  } else {
    node.complete = spec.done ?? 0;
    [node.dateStart, node.dateFinish] = own;
  }
  node.level = parent === null ? 'milestone' : node.children.length > 0 ? 'group' : 'task';
  node.status = statusFor(node.complete, onComplete);
  return node;
}

/** The project's actions, parents before their children (the order they can be inserted in). */
export function planActions(actions: readonly DemoAction[], start: number | null, onComplete: string): PlannedAction[] {
  const flat: PlannedAction[] = [];
  const walk = (node: PlannedAction) => {
    flat.push(node);
    node.children.forEach(walk);
  };
  actions.map((spec, i) => plan(spec, null, i + 1, start, onComplete)).forEach(walk);
  return flat;
}

export function projectRollup(actions: readonly PlannedAction[], start: number | null) {
  const top = actions.filter((a) => a.parent === null);
  return {
    complete: top.length === 0 ? 0 : Math.round(top.reduce((sum, a) => sum + a.complete, 0) / top.length),
    dateStart: earliest([start, ...top.map((a) => a.dateStart)]),
    dateFinish: latest(top.map((a) => a.dateFinish)),
  };
}

/**
 * Work sessions of at most four hours for each task with `hours`, spread over the part of its
 * date range that has passed, on working hours; nothing is logged in the future.
 */
export function planWork(actions: readonly PlannedAction[], manager: string, now: number): PlannedLog[] {
  const logs: PlannedLog[] = [];
  for (const action of actions) {
    const hours = action.spec.hours ?? 0;
    if (hours <= 0 || action.dateStart === null || action.dateStart >= now) continue;
    const lastDay = Math.min(action.dateFinish ?? action.dateStart, now - DAY);
    const count = Math.ceil(hours / 4);
    const span = Math.max(0, Math.floor((lastDay - action.dateStart) / DAY));
    for (let i = 0; i < count; i++) {
      const seconds = Math.round(Math.min(4, hours - i * 4) * HOUR);
      const day = action.dateStart + Math.floor(((i + 0.5) * span) / count) * DAY;
      const start = day + (9 + (i % 3) * 2) * HOUR;
      if (start + seconds > now) continue;
      const type = action.spec.priority === 3 ? 'Rush' : i % 5 === 4 ? 'In-House' : 'Standard';
      logs.push({ action, ticketId: 0, who: action.spec.who ?? manager, start, seconds, type, note: `Worked on ${action.spec.name}` });
    }
  }
  return logs;
}
