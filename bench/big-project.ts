import type { Kysely } from 'kysely';
import type { Database } from '../src/db/types.js';
import { inTurn, latency, throughput, type InTurn, type Scenario } from './measure.js';
import { insertMany, progressBar, projectRow, T0 } from './seed.js';

/**
 * The big-project scenario: one project with a deep, wide tree (milestones × groups × tasks) and a
 * million time logs beside a small one, in one database, so each pair of requests differs only in
 * the size of the project it works in. Writes go under a group (the roll-up climbs group, milestone,
 * project); the lists read each project's first page of 50.
 */
export interface Shape {
  milestones: number;
  groups: number;
  tasks: number;
  timelogs: number;
}

export const BIG: Shape = { milestones: 100, groups: 10, tasks: 99, timelogs: 1_000_000 };
export const BIG_QUICK: Shape = { milestones: 10, groups: 10, tasks: 99, timelogs: 100_000 };
export const SMALL_PROJECT: Shape = { milestones: 10, groups: 10, tasks: 9, timelogs: 5_000 };

export const actionCount = (s: Shape) => s.milestones * (1 + s.groups * (1 + s.tasks));

const actionRow = (projectId: number, parents: number[], depth: number) => (i: number) => ({
  project_id: projectId, parent_action_id: parents.length ? parents[i % parents.length] : 0, level: ['milestone', 'group', 'task'][depth - 1],
  depth, name: `Action ${i + 1}`, type: 'Development', status: ['Active', 'Progress', 'Complete'][i % 3], complete: (i * 7) % 101,
  priority: (i % 3) + 1, date_start: T0 + (i % 90) * 86_400, date_finish: T0 + (90 + (i % 90)) * 86_400, duration: null,
  manager_adminid: 1, assigned_adminid: i % 5, client_access: depth === 1 ? 'hidden' : 'inherit', billable: 1, details: '',
  action_notes: '', sort_order: Math.floor(i / Math.max(parents.length, 1)) + 1, created: T0, modified: T0, elapsed: 0,
});

const levelIds = async (db: Kysely<Database>, projectId: number, depth: number) =>
  (await db.selectFrom('actions').select('action_id').where('project_id', '=', projectId).where('depth', '=', depth).orderBy('action_id').execute()).map((r) => r.action_id);

async function seedProject(db: Kysely<Database>, projectId: number, shape: Shape) {
  const bar = progressBar(`project ${projectId}`, actionCount(shape) + shape.timelogs);
  await insertMany(db, 'projects', 1, () => ({ ...projectRow(projectId - 1), name: `Project ${projectId}`, billable: 1, hourly_rate: 95 }), null);
  await insertMany(db, 'actions', shape.milestones, actionRow(projectId, [], 1), bar);
  const milestones = await levelIds(db, projectId, 1);
  await insertMany(db, 'actions', milestones.length * shape.groups, actionRow(projectId, milestones, 2), bar);
  const groups = await levelIds(db, projectId, 2);
  await insertMany(db, 'actions', groups.length * shape.tasks, actionRow(projectId, groups, 3), bar);
  const tasks = await levelIds(db, projectId, 3);
  await insertMany(db, 'timelogs', shape.timelogs, (i) => ({
    project_id: projectId, action_id: i % 10 === 0 ? 0 : tasks[i % tasks.length], ticket_id: 0, adminid: 1 + (i % 3), type: 'Standard', note: '',
    date_start: T0 + i * 60, date_stop: T0 + i * 60 + 1800, duration: 1800, status: 'complete', billable: i % 4 === 0 ? 0 : 1,
    invoice_id: i % 5 === 0 ? 1 : 0, created: T0 + i * 60, modified: T0 + i * 60,
  }), bar);
  bar?.stop();
}

/** Project 1 is the big one, project 2 the small one. */
export async function seedBigProject(db: Kysely<Database>, big: Shape): Promise<void> {
  await seedProject(db, 1, big);
  await seedProject(db, 2, SMALL_PROJECT);
}

/** A project's first group and first task: where the write scenarios create under and log on. */
export async function writePlaces(db: Kysely<Database>, projectId: number): Promise<{ group: number; task: number }> {
  const [group] = await levelIds(db, projectId, 2);
  const task = await db.selectFrom('actions').select('action_id').where('parent_action_id', '=', group).orderBy('action_id').limit(1).executeTakeFirstOrThrow();
  return { group, task: task.action_id };
}

export interface BigProjectResult {
  createAction: InTurn;
  createTimelog: InTurn;
  page: InTurn;
  pageAgainstActions: InTurn;
}

/** The four comparisons, each in turn on one server: big project against small, and the time-log page against the action page. */
export async function measureBigProject(url: string, auth: string, places: { group: number; task: number }[], roundSeconds: number): Promise<BigProjectResult> {
  const project = (id: number) => `project ${id === 1 ? 'big' : 'small'}`;
  const post = (name: string, chain: string, params: Record<string, unknown>): Scenario => ({ name, path: `/api/v1/${chain}/json?${auth}`, method: 'POST', body: JSON.stringify({ params }) });
  const createAction = (id: number) => post(`createAction, ${project(id)}`, 'actions', { project_id: id, parent_action_id: places[id - 1].group, name: 'bench' });
  const createTimelog = (id: number) => post(`createTimelog, ${project(id)}`, 'timelogs', { project_id: id, action_id: places[id - 1].task, duration: 900 });
  const timelogs = (id: number): Scenario => ({ name: `findTimelogs with totals, ${project(id)}`, path: `/api/v1/timelogs/json?${auth}&params[project_id]=${id}` });
  const actions = (id: number): Scenario => ({ name: `findActions, ${project(id)}`, path: `/api/v1/actions/json?${auth}&params[project_id]=${id}` });
  const pair = (make: (id: number) => Scenario): [{ url: string; scenario: Scenario }, { url: string; scenario: Scenario }] => [{ url, scenario: make(1) }, { url, scenario: make(2) }];
  return {
    createAction: await inTurn(...pair(createAction), roundSeconds, throughput),
    createTimelog: await inTurn(...pair(createTimelog), roundSeconds, throughput),
    page: await inTurn(...pair(timelogs), roundSeconds, latency),
    pageAgainstActions: await inTurn({ url, scenario: timelogs(1) }, { url, scenario: actions(1) }, roundSeconds, throughput),
  };
}
