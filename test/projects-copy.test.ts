import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/* copyProject (docs/resources/projects.md, Copies and templates): fields, the tree, dates moved, a fresh start, what stays behind, access and refusals. */

const DAY = 86_400;
const START = Date.UTC(2027, 0, 4) / 1000;
const LAST_DAY = Date.UTC(9999, 11, 31) / 1000;

describe.each(testDatabases())('copyProject on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const post = (chain: string, params: Record<string, unknown>, as: UserName = 'root') => t.ok({ chain, method: 'POST', params, as });
  const copy = (id: number, params: Record<string, unknown>, as: UserName = 'root') => t.api({ chain: `projects/${id}/copy`, method: 'POST', params, as });
  const actionsOf = async (projectId: number) => (await t.ok({ chain: `projects/${projectId}/actions`, params: { limit: 100 } })).actions;
  const count = async (chain: string, projectId: number) => (await t.ok({ chain, params: { project_id: projectId } })).data.total;

  /** A template: Plan (Research (Interviews, Survey), Budget) and Launch, with dates, progress and history. */
  async function template() {
    const project = (
      await post('projects', { name: 'Website template', function: 'template', date_start: START, date_finish: START + 60 * DAY, details: 'The usual', hourly_rate: 90, billable: true, admin_access: 'manager', manager_adminid: t.ids.alice })
    ).project;
    const add = async (name: string, parent = 0, extra: Record<string, unknown> = {}) =>
      (await post('actions', { project_id: project.project_id, parent_action_id: parent, name, ...extra })).action.action_id as number;
    const plan = await add('Plan', 0, { priority: 3 });
    const research = await add('Research', plan, { assigned_adminid: t.ids.bob });
    const interviews = await add('Interviews', research, { date_start: START + DAY, date_finish: START + 3 * DAY, duration: 7200 });
    await add('Survey', research, { complete: 100 });
    await add('Budget', plan, { date_start: START + 5 * DAY, client_access: 'view' });
    await add('Launch', 0, { date_finish: START + 30 * DAY });
    await post('timelogs', { project_id: project.project_id, action_id: interviews, date_start: START, duration: 600 });
    await post('topics', { project_id: project.project_id, action_id: interviews, title: 'Questions', body: 'Which ones?' });
    return project as { project_id: number };
  }

  it('makes a new project with the fields and the whole tree, every action started afresh', async () => {
    const source = await template();
    const reply = await copy(source.project_id, { name: 'Acme website' });
    expect(reply.status, reply.text).toBe(200);
    const made = reply.body.response.project;
    expect(made).toMatchObject({ name: 'Acme website', function: 'default', details: 'The usual', hourly_rate: 90, billable: true, admin_access: 'manager', manager_adminid: t.ids.alice, owner_adminid: t.ids.root, actions_count: 6, complete: 0, elapsed: 0 });
    expect(made.project_id).not.toBe(source.project_id);
    expect(made.date_start).toBe('2027-01-04T00:00:00Z');

    const byName = (list: any[]): Record<string, any> => Object.fromEntries(list.map((a) => [a.name, a]));
    const before = byName(await actionsOf(source.project_id));
    const after = byName(await actionsOf(made.project_id));
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [name, action] of Object.entries(after)) {
      const original = before[name];
      const parentName = (list: Record<string, any>, a: any) => Object.values(list).find((p: any) => p.action_id === a.parent_action_id)?.name ?? null;
      expect({ name, parent: parentName(after, action) }).toEqual({ name, parent: parentName(before, original) });
      expect(action).toMatchObject({ project_id: made.project_id, level: original.level, priority: original.priority, duration: original.duration, assigned_adminid: original.assigned_adminid, client_access: original.client_access, sort_order: original.sort_order, complete: 0, elapsed: 0, status: 'Active' });
      expect(action.action_id).not.toBe(original.action_id);
    }
    expect(before.Survey.complete).toBe(100);
    expect(before.Interviews.elapsed).toBe(600);
    // The kept counts of the copy are right: a task added under Research rolls up over three children.
    const task = await post('actions', { project_id: made.project_id, parent_action_id: after.Research.action_id, name: 'Diary study', complete: 90 });
    expect(task.action.complete).toBe(90);
    expect((await t.ok({ chain: `actions/${after.Research.action_id}` })).action.complete).toBe(30);
    expect((await t.ok({ chain: `projects/${made.project_id}` })).project.actions_count).toBe(7);
  });

  it('leaves the history behind: time logs, topics, files and ticket links', async () => {
    const source = await template();
    const made = (await copy(source.project_id, { name: 'No history' })).body.response.project;
    expect(await count('timelogs', source.project_id)).toBe(1);
    expect(await count('topics', source.project_id)).toBe(1);
    for (const chain of ['timelogs', 'topics', 'files', 'ticketxrefs']) expect(await count(chain, made.project_id)).toBe(0);
  });

  it('moves every date by as far as date_start moves', async () => {
    const source = await template();
    const later = START + 100 * DAY;
    const made = (await copy(source.project_id, { name: 'Moved', date_start: later })).body.response.project;
    expect(made.date_start).toBe(new Date(later * 1000).toISOString().replace('.000', ''));
    expect(made.date_finish).toBe(new Date((later + 60 * DAY) * 1000).toISOString().replace('.000', ''));
    const dates = async (projectId: number) => Object.fromEntries((await actionsOf(projectId)).map((a: any) => [a.name, [a.date_start, a.date_finish]]));
    const shift = (iso: string | null) => (iso === null ? null : new Date(Date.parse(iso) + 100 * DAY * 1000).toISOString().replace('.000', ''));
    const before = await dates(source.project_id);
    const after = await dates(made.project_id);
    for (const name of Object.keys(before)) expect(after[name], name).toEqual(before[name].map(shift));
    expect(after.Interviews[0]).not.toBeNull();
    expect(after.Launch[0]).toBeNull();
    // A start cleared (null) moves nothing; adjust_date then starts the copy with its plan's earliest start.
    const unstarted = (await copy(source.project_id, { name: 'Unstarted', date_start: null })).body.response.project;
    expect(unstarted).toMatchObject({ date_start: new Date((START + DAY) * 1000).toISOString().replace('.000', ''), date_finish: new Date((START + 60 * DAY) * 1000).toISOString().replace('.000', '') });
    expect(Object.fromEntries((await actionsOf(unstarted.project_id)).map((a: any) => [a.name, [a.date_start, a.date_finish]]))).toEqual(before);
  });

  it('widens a finish sent before the plan’s end to cover the copied actions (adjust_date)', async () => {
    const source = await template();
    const made = (await copy(source.project_id, { name: 'Short', date_start: START, date_finish: START + 2 * DAY })).body.response.project;
    expect(made.date_finish).toBe(new Date((START + 30 * DAY) * 1000).toISOString().replace('.000', ''));
    expect((await t.ok({ chain: `projects/${made.project_id}` })).project.date_finish).toBe(made.date_finish);
  });

  it('takes the fields sent over the source’s, and makes a template only when asked', async () => {
    const source = await template();
    const made = (await copy(source.project_id, { name: 'Own fields', details: 'Changed', admin_access: 'all', client_userid: 7, function: 'template', status: 'Completed' })).body.response.project;
    expect(made).toMatchObject({ details: 'Changed', admin_access: 'all', client_userid: 7, function: 'template', status: 'Completed', hourly_rate: 90 });
    const plain = (await copy(made.project_id, { name: 'From the copy' })).body.response.project;
    expect(plain).toMatchObject({ function: 'default', status: 'Under Review', client_userid: 7 });
  });

  it('copies a plain project as it is: no start, no rate of its own, not billable', async () => {
    const plain = (await post('projects', { name: 'Plain' })).project;
    const made = (await copy(plain.project_id, { name: 'Plain copy' })).body.response.project;
    expect(made).toMatchObject({ date_start: null, date_finish: null, hourly_rate: null, billable: false, actions_count: 0 });
  });

  it('copies an archived project, which stays as it was', async () => {
    const source = await template();
    await t.ok({ chain: `projects/${source.project_id}`, method: 'PUT', params: { function: 'archive' } });
    const made = (await copy(source.project_id, { name: 'Revived' })).body.response.project;
    expect(made).toMatchObject({ function: 'default', actions_count: 6 });
    expect((await t.ok({ chain: `projects/${source.project_id}` })).project.function).toBe('archive');
  });

  it('refuses what cannot be copied, and changes nothing', async () => {
    const source = await template();
    const projects = async () => (await t.ok({ chain: 'projects', params: { limit: 1 } })).data.total;
    const total = await projects();
    const refusals: [Record<string, unknown>, number, string][] = [
      [{}, 400, 'name'],
      [{ name: '' }, 400, 'name'],
      [{ name: 'Bad status', status: 'Nope' }, 400, 'status'],
      [{ name: 'Too late', date_start: LAST_DAY }, 400, 'date_start'],
      // The project's own dates fit; an action's would not, after the project row was written.
      [{ name: 'Plan too late', date_start: LAST_DAY - 10 * DAY, date_finish: LAST_DAY }, 400, 'date_start'],
      [{ name: 'Finish first', date_start: START, date_finish: START - DAY }, 400, 'date_finish'],
    ];
    for (const [params, status, param] of refusals) {
      const reply = await copy(source.project_id, params);
      expect(reply.status, JSON.stringify(params)).toBe(status);
      expect(reply.body.response.errors[0].param).toBe(param);
    }
    expect((await copy(999_999, { name: 'Missing' })).status).toBe(404);
    expect(await projects()).toBe(total);
  });

  it('copies only for whoever sees the source', async () => {
    const source = await template();
    // admin_access manager: alice manages it, bob is assigned a task of it but does not see it.
    expect((await copy(source.project_id, { name: 'Bob’s copy' }, 'bob')).status).toBe(404);
    expect((await copy(source.project_id, { name: 'Nobody’s copy' }, 'nobody')).status).toBe(403);
    const mine = await copy(source.project_id, { name: 'Alice’s copy' }, 'alice');
    expect(mine.status).toBe(200);
    expect(mine.body.response.project).toMatchObject({ owner_adminid: t.ids.alice, manager_adminid: t.ids.alice });
  });
});
