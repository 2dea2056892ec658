import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/* copyAction (docs/resources/actions.md, copyAction): a subtree copied beside its source or elsewhere, started afresh, dates moved, the roll-ups and kept counts of the place it lands in, access and refusals. */

const DAY = 86_400;
const START = Date.UTC(2027, 0, 4) / 1000;
const LAST_DAY = Date.UTC(9999, 11, 31) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000', '');

describe.each(testDatabases())('copyAction on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const post = async (chain: string, params: Record<string, unknown>, as: UserName = 'root') => t.ok({ chain, method: 'POST', params, as });
  const copy = (id: number, params: Record<string, unknown> = {}, as: UserName = 'root') => t.api({ chain: `actions/${id}/copy`, method: 'POST', params, as });
  const get = async (chain: string) => t.ok({ chain });
  const tree = async (projectId: number): Promise<any[]> => (await t.ok({ chain: `projects/${projectId}/actions`, params: { limit: 200 } })).actions;

  /** Plan (Research (Interviews 100 %, Survey), Budget) in a project of its own; the ids by name. */
  async function plan(name: string, extra: Record<string, unknown> = {}) {
    const project = (await post('projects', { name, date_start: START, ...extra })).project;
    const ids: Record<string, number> = {};
    const add = async (action: string, parent: string | null, fields: Record<string, unknown> = {}) =>
      (ids[action] = (await post('actions', { project_id: project.project_id, parent_action_id: parent ? ids[parent] : 0, name: action, ...fields })).action.action_id);
    await add('Plan', null, { date_start: START });
    await add('Research', 'Plan', { assigned_adminid: t.ids.bob, client_access: 'view' });
    await add('Interviews', 'Research', { date_start: START + DAY, date_finish: START + 3 * DAY, complete: 100, duration: 3600 });
    await add('Survey', 'Research', { priority: 3 });
    await add('Budget', 'Plan');
    await post('timelogs', { project_id: project.project_id, action_id: ids.Interviews, date_start: START, duration: 900 });
    return { projectId: project.project_id as number, ids };
  }

  it('copies the subtree beside its source, to the end of the same parent, started afresh', async () => {
    const { projectId, ids } = await plan('Beside');
    const reply = await copy(ids.Research);
    expect(reply.status, reply.text).toBe(200);
    const made = reply.body.response.action;
    expect(made).toMatchObject({ name: 'Research', project_id: projectId, parent_action_id: ids.Plan, level: 'group', assigned_adminid: t.ids.bob, client_access: 'view', complete: 0, elapsed: 0, status: 'Active' });
    const rows = await tree(projectId);
    const under = (id: number) => rows.filter((a) => a.parent_action_id === id).sort((a, b) => a.sort_order - b.sort_order).map((a) => a.name);
    expect(under(ids.Plan)).toEqual(['Research', 'Budget', 'Research']);
    expect(under(made.action_id)).toEqual(['Interviews', 'Survey']);
    const interviews = rows.find((a) => a.parent_action_id === made.action_id && a.name === 'Interviews');
    expect(interviews).toMatchObject({ complete: 0, elapsed: 0, duration: 3600, level: 'task', date_start: iso(START + DAY), date_finish: iso(START + 3 * DAY) });
    // The source keeps its progress and time; the parent rolls up over three children (50, 0, 0).
    expect((await get(`actions/${ids.Interviews}`)).action).toMatchObject({ complete: 100, elapsed: 900 });
    expect((await get(`actions/${ids.Plan}`)).action.complete).toBe(Math.round(50 / 3));
    expect((await get(`projects/${projectId}`)).project.actions_count).toBe(8);
    // The copy's kept counts are right: completing its two tasks completes it.
    for (const name of ['Interviews', 'Survey']) {
      const id = rows.find((a) => a.parent_action_id === made.action_id && a.name === name).action_id;
      await t.ok({ chain: `actions/${id}`, method: 'PUT', params: { complete: 100 } });
    }
    expect((await get(`actions/${made.action_id}`)).action.complete).toBe(100);
  });

  it('copies under another parent or into another project, renamed, its dates moved to date_start', async () => {
    const { ids } = await plan('Source');
    const target = await plan('Target');
    const later = START + 40 * DAY;
    const made = (await copy(ids.Research, { project_id: target.projectId, parent_action_id: target.ids.Budget, name: 'Research again', date_start: later })).body.response.action;
    expect(made).toMatchObject({ project_id: target.projectId, parent_action_id: target.ids.Budget, name: 'Research again', depth: 3 });
    // Research starts when Interviews does (adjust_date widened it): both move to the new start.
    expect(made.date_start).toBe(iso(later));
    const kids = (await tree(target.projectId)).filter((a) => a.parent_action_id === made.action_id);
    expect(kids.find((a) => a.name === 'Interviews')).toMatchObject({ date_start: iso(later), date_finish: iso(later + 2 * DAY) });
    expect((await get(`actions/${target.ids.Budget}`)).action.level).toBe('group');
    // Sub-actions keep their place below the copy: one level deeper each, access still inherited.
    expect(kids.map((a) => [a.name, a.depth, a.client_access]).sort()).toEqual([['Interviews', 4, 'inherit'], ['Survey', 4, 'inherit']]);
    expect((await get(`projects/${target.projectId}`)).project.actions_count).toBe(8);

    // An action with no start of its own has nothing to move from: its finish stays.
    const undated = (await post('actions', { project_id: target.projectId, name: 'Open-ended', date_finish: START + 9 * DAY })).action;
    expect((await copy(undated.action_id, { date_start: later })).body.response.action).toMatchObject({ date_start: null, date_finish: iso(START + 9 * DAY) });
    expect((await copy(ids.Interviews, { date_start: null })).body.response.action.date_start).toBe(iso(START + DAY));
    // Without date_start the dates stay; with it, every date moves by as far as the start moved.
    expect((await copy(ids.Interviews)).body.response.action.date_start).toBe(iso(START + DAY));
    const moved = (await copy(ids.Interviews, { date_start: later })).body.response.action;
    expect(moved).toMatchObject({ date_start: iso(later), date_finish: iso(later + 2 * DAY), parent_action_id: ids.Research, client_access: 'inherit' });
    // Into another project without a parent: its top level, as a milestone that cannot inherit access.
    const top = (await copy(ids.Research, { project_id: target.projectId })).body.response.action;
    expect(top).toMatchObject({ parent_action_id: 0, level: 'milestone', depth: 1, client_access: 'view' });
    const survey = (await post('actions', { project_id: target.projectId, name: 'Inheriting', parent_action_id: target.ids.Plan })).action;
    expect((await copy(survey.action_id, { parent_action_id: 0 })).body.response.action.client_access).toBe('hidden');
  });

  it('refuses what cannot be copied, and changes nothing', async () => {
    const { projectId, ids } = await plan('Refusals');
    const other = await plan('Elsewhere');
    const archived = (await post('projects', { name: 'Archived', function: 'archive' })).project;
    const count = async () => (await get(`projects/${projectId}`)).project.actions_count;
    const before = await count();
    const refusals: [number, Record<string, unknown>, number, string | null][] = [
      [ids.Research, { parent_action_id: ids.Interviews, name: '' }, 400, 'name'],
      [ids.Research, { parent_action_id: other.ids.Plan }, 400, 'parent_action_id'],
      [ids.Research, { parent_action_id: 999_999 }, 400, 'parent_action_id'],
      [ids.Interviews, { date_start: LAST_DAY }, 400, 'date_start'],
      [ids.Research, { project_id: archived.project_id }, 409, null],
      [ids.Research, { project_id: 999_999 }, 404, null],
      [999_999, {}, 404, null],
    ];
    for (const [id, params, status, param] of refusals) {
      const reply = await copy(id, params);
      expect(reply.status, JSON.stringify(params)).toBe(status);
      if (param) expect(reply.body.response.errors[0].param).toBe(param);
    }
    expect((await copy(ids.Interviews, { date_start: LAST_DAY })).body.response.errors[0].message).toMatch(/out of the range/);
    expect((await copy(999_999)).body.request.message).toMatch(/Action 999999/);
    expect(await count()).toBe(before);
    expect((await tree(projectId)).length).toBe(5);
  });

  it('refuses a copy that would pass max_depth, by the subtree’s height', async () => {
    const { ids } = await plan('Deep');
    const deep = (await post('actions', { project_id: (await get(`actions/${ids.Survey}`)).action.project_id, name: 'Deeper', parent_action_id: ids.Survey })).action;
    // Research spans three levels (Research, Survey, Deeper): under Deeper (depth 4) it would reach depth 7 (max_depth 5).
    const reply = await copy(ids.Research, { parent_action_id: deep.action_id });
    expect(reply.status).toBe(400);
    expect(reply.body.response.errors[0]).toMatchObject({ param: 'parent_action_id', message: expect.stringMatching(/max_depth/) });
  });

  it('copies only for whoever sees the source’s project and may write in the target one', async () => {
    const hidden = await plan('Managed by alice', { admin_access: 'manager', manager_adminid: t.ids.alice });
    const bobs = (await post('projects', { name: 'Bob’s own', admin_access: 'manager' }, 'bob')).project;
    // bob is assigned Research in alice's project: he sees it, but its sub-actions are not his to copy.
    const assigned = await copy(hidden.ids.Research, { project_id: bobs.project_id }, 'bob');
    expect(assigned.status).toBe(403);
    expect(assigned.body.response.errors ?? assigned.body.request.message).toBeTruthy();
    expect((await copy(hidden.ids.Survey, { project_id: bobs.project_id }, 'bob')).status).toBe(404);
    // alice sees her project but not bob's: the target does not exist for her.
    expect((await copy(hidden.ids.Research, { project_id: bobs.project_id }, 'alice')).status).toBe(404);
    expect((await copy(hidden.ids.Research, {}, 'alice')).status).toBe(200);
    expect((await copy(hidden.ids.Research, {}, 'nobody')).status).toBe(403);
    expect((await tree(bobs.project_id)).length).toBe(0);
  });
});
