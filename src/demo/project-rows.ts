import type { Kysely } from 'kysely';
import { insertReturningId } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import type { StoredBlob } from '../files/blob-store.js';
import { DAY, HOUR, planActions, planWork, projectRollup, type PlannedAction, type PlannedLog } from './plan.js';
import type { DemoFile, DemoProject, DemoTicket, DemoTopic } from './types.js';
import { rebuildChildren } from '../actions/children.js';
import { rebuildTotals } from '../timelogs/totals.js';

/** What inserting a project needs from the rest of the load. */
export interface DemoWorld {
  readonly db: Kysely<Database>;
  readonly now: number;
  /** Midnight (UTC) today: project days count from it. */
  readonly today: number;
  readonly onComplete: string;
  /** config hourly_rate: what the kept time-log totals of a project without a rate are priced at. */
  readonly defaultRate: number;
  readonly admins: ReadonlyMap<string, number>;
  readonly tickets: readonly { spec: DemoTicket; id: number }[];
  readonly blobs: ReadonlyMap<DemoFile, StoredBlob>;
  readonly counts: Record<string, number>;
}

const count = (world: DemoWorld, what: string, n = 1) => (world.counts[what] = (world.counts[what] ?? 0) + n);
const adminId = (world: DemoWorld, username: string | null | undefined) => (username ? world.admins.get(username) ?? 0 : 0);
/** Demo history never lies in the future: a post or upload planned after now moves to just before it. */
const past = (world: DemoWorld, time: number, slack: number) => Math.min(time, world.now - slack);

function actionNamed(actions: readonly PlannedAction[], name: string | undefined): PlannedAction | null {
  if (name === undefined) return null;
  const found = actions.find((a) => a.spec.name === name);
  if (!found) throw new Error(`Demo data: no action "${name}"`);
  return found;
}

/** Time logged against this project's tickets, on the linked action. */
function ticketWork(world: DemoWorld, project: DemoProject, actions: readonly PlannedAction[]): PlannedLog[] {
  return world.tickets
    .filter((t) => t.spec.link?.project === project.name && t.spec.link.hours)
    .map(({ spec, id }) => ({
      action: actionNamed(actions, spec.link!.action),
      ticketId: id,
      who: 'hana',
      start: world.today - spec.daysAgo * DAY + 14 * HOUR,
      seconds: Math.round(spec.link!.hours! * HOUR),
      type: spec.urgency === 'High' ? 'Emergency' : 'Standard',
      note: `Ticket: ${spec.title}`,
    }))
    .filter((log) => log.start + log.seconds <= world.now);
}

async function insertProjectRow(world: DemoWorld, project: DemoProject, actions: PlannedAction[], logs: PlannedLog[]): Promise<number> {
  const start = project.start === null ? null : world.today + project.start * DAY;
  const rollup = projectRollup(actions, start);
  const created = start === null ? world.now - 60 * DAY : Math.min(start - 3 * DAY, world.now - 2 * DAY);
  const activity = Math.max(created, ...logs.map((l) => l.start + l.seconds));
  return insertReturningId(world.db, 'projects', {
    name: project.name, type: project.type, status: project.status, function: project.fn ?? 'default',
    date_start: rollup.dateStart, date_finish: rollup.dateFinish,
    client_userid: project.client, client_contactid: 0, client_hostingid: 0,
    owner_adminid: adminId(world, project.manager), manager_adminid: adminId(world, project.manager),
    assigned_adminid: adminId(world, project.assigned), admin_access: project.access, client_access: project.client ? 'visible' : 'hidden',
    billable: project.billable ? 1 : 0, hourly_rate: project.rate, details: project.details, notes: '',
    created, modified: created, activity, complete: rollup.complete, actions_count: actions.length,
    elapsed: logs.reduce((sum, l) => sum + l.seconds, 0),
  }, 'project_id');
}

async function insertActions(world: DemoWorld, projectId: number, project: DemoProject, actions: PlannedAction[], created: number) {
  for (const a of actions) {
    a.id = await insertReturningId(world.db, 'actions', {
      project_id: projectId, parent_action_id: a.parent?.id ?? 0, level: a.level, depth: a.depth,
      name: a.spec.name, type: a.spec.type, status: a.status, complete: a.complete, priority: a.spec.priority ?? 2,
      date_start: a.dateStart, date_finish: a.dateFinish,
      // The planned effort: what the demo logs on it.
      duration: a.spec.hours ? a.spec.hours * HOUR : null,
      manager_adminid: adminId(world, project.manager), assigned_adminid: adminId(world, a.spec.who),
      client_access: a.parent ? 'inherit' : 'hidden', billable: project.billable ? 1 : 0,
      details: '', action_notes: '', sort_order: a.sortOrder, created, modified: created, elapsed: a.elapsed,
    }, 'action_id');
  }
  count(world, 'actions', actions.length);
}

async function insertLogs(world: DemoWorld, projectId: number, project: DemoProject, logs: PlannedLog[]) {
  // Finished projects have been invoiced; running ones not yet.
  const invoiced = ['Completed', 'Closed'].includes(project.status) && project.billable;
  for (const log of logs) {
    await world.db.insertInto('timelogs').values({
      project_id: projectId, action_id: log.action?.id ?? 0, ticket_id: log.ticketId, adminid: adminId(world, log.who),
      type: log.type, note: log.note, date_start: log.start, date_stop: log.start + log.seconds, duration: log.seconds,
      status: 'complete', billable: project.billable ? 1 : 0, invoice_id: invoiced ? 1000 + projectId : 0,
      created: log.start + log.seconds, modified: log.start + log.seconds,
    }).execute();
  }
  count(world, 'timelogs', logs.length);
}

async function insertTopic(world: DemoWorld, projectId: number, actions: PlannedAction[], topic: DemoTopic, at: number) {
  const actionId = actionNamed(actions, topic.on)?.id ?? 0;
  const thread = { project_id: projectId, action_id: actionId, title: topic.title, status: topic.closed ? 'closed' : 'open', client_access: 'hidden' };
  let threadId = 0;
  for (const [i, [author, body]] of topic.posts.entries()) {
    const time = past(world, at + i * 3 * HOUR, (topic.posts.length - i) * HOUR);
    const id = await insertReturningId(world.db, 'topics', {
      ...thread, thread_id: threadId, body, author_adminid: adminId(world, author), created: time, modified: time,
    }, 'topic_id');
    // A thread's first post is its own thread.
    if (i === 0) {
      threadId = id;
      await world.db.updateTable('topics').set({ thread_id: id }).where('topic_id', '=', id).execute();
    }
  }
  count(world, 'threads');
  count(world, 'posts', topic.posts.length);
}

async function insertFile(world: DemoWorld, projectId: number, project: DemoProject, actions: PlannedAction[], file: DemoFile, at: number) {
  const blob = world.blobs.get(file)!;
  const id = await insertReturningId(world.db, 'files', {
    thread_id: 0, project_id: projectId, action_id: actionNamed(actions, file.on)?.id ?? 0, label: file.label, name: file.name,
    detail: '', version: 1, mime: file.name.endsWith('.md') ? 'text/markdown' : 'text/plain', size: blob.size, sha256: blob.sha256,
    blob_key: blob.key, status: 'Active', client_access: 'hidden', uploader_adminid: adminId(world, project.manager), created: at, modified: at,
  }, 'file_id');
  await world.db.updateTable('files').set({ thread_id: id }).where('file_id', '=', id).execute();
  count(world, 'files');
}

async function insertLinks(world: DemoWorld, projectId: number, project: DemoProject, actions: PlannedAction[]) {
  for (const { spec, id } of world.tickets.filter((t) => t.spec.link?.project === project.name)) {
    await world.db.insertInto('ticketxrefs').values({
      ticket_id: id, project_id: projectId, action_id: actionNamed(actions, spec.link!.action)?.id ?? 0,
      created: world.today - spec.daysAgo * DAY + 10 * HOUR, created_by: adminId(world, 'hana'),
    }).execute();
    count(world, 'links');
  }
}

/** One project with its action tree, time logs, topics, files and ticket links, roll-ups included. */
export async function insertDemoProject(world: DemoWorld, project: DemoProject): Promise<void> {
  const start = project.start === null ? null : world.today + project.start * DAY;
  const actions = planActions(project.actions, start, world.onComplete);
  const logs = [...planWork(actions, project.manager, world.now), ...ticketWork(world, project, actions)];
  // An action's elapsed counts its sub-actions' logs too, as the services keep it.
  for (const log of logs) for (let action = log.action; action; action = action.parent) action.elapsed += log.seconds;
  const projectId = await insertProjectRow(world, project, actions, logs);
  const created = start === null ? world.now - 60 * DAY : Math.min(start - 2 * DAY, world.now - 2 * DAY);
  await insertActions(world, projectId, project, actions, created);
  await insertLogs(world, projectId, project, logs);
  const topicsFrom = start === null ? created : start;
  for (const [i, topic] of project.topics.entries()) await insertTopic(world, projectId, actions, topic, topicsFrom + (2 + 5 * i) * DAY + 10 * HOUR);
  for (const file of project.files ?? []) await insertFile(world, projectId, project, actions, file, past(world, (start ?? created) + 12 * DAY, DAY));
  await insertLinks(world, projectId, project, actions);
  // The rows went in directly: the kept roll-up inputs and totals are added up from them.
  await rebuildChildren(world.db, projectId);
  await rebuildTotals(world.db, world.defaultRate, projectId);
  count(world, 'projects');
}
