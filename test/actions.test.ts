import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabaseKind } from './helpers/databases.js';
import { createTestApp, type ApiCall, type TestApp, type UserName } from './helpers/app.js';

type Params = Record<string, unknown>;

/** Small helpers over one test app: each call must succeed unless the test says otherwise. */
function helpers(t: () => TestApp) {
  const ok = (call: ApiCall) => t().ok(call);
  return {
    ok,
    project: async (params: Params = {}) => (await ok({ chain: 'projects', method: 'POST', params: { name: 'P', ...params } })).project,
    create: async (params: Params, as: UserName = 'root') => (await ok({ chain: 'actions', method: 'POST', params: { name: 'A', ...params }, as })).action,
    update: async (id: number, params: Params) => (await ok({ chain: `actions/${id}`, method: 'PUT', params })).action,
    get: async (id: number) => (await ok({ chain: `actions/${id}` })).action,
    getProject: async (id: number) => (await ok({ chain: `projects/${id}` })).project,
  };
}

async function withSettings(kind: TestDatabaseKind, settings: Params): Promise<TestApp> {
  const app = await createTestApp(kind);
  // Written before the first request, so the app's settings cache starts with them.
  for (const [name, value] of Object.entries(settings)) {
    await app.database.db.insertInto('settings').values({ name, value: JSON.stringify(value) }).execute();
  }
  return app;
}

describe.each(testDatabases())('actions on $name', (kind) => {
  let t: TestApp;
  const h = helpers(() => t);
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('creates with defaults and keeps levels right as children come and go', async () => {
    const p = await h.project({ billable: true });
    const m = await h.create({ project_id: p.project_id, name: 'Milestone' });
    expect(m).toMatchObject({ level: 'milestone', depth: 1, parent_action_id: 0, client_access: 'hidden', priority: 2, complete: 0,
      billable: true, type: 'Planning', status: 'Active', sort_order: 1, elapsed: 0, duration: null, date_start: null });
    const g = await h.create({ project_id: p.project_id, parent_action_id: m.action_id, name: 'Group' });
    expect(g).toMatchObject({ level: 'task', depth: 2, client_access: 'inherit', sort_order: 1 });
    const task = await h.create({ project_id: p.project_id, parent_action_id: g.action_id, billable: false, priority: '3' });
    expect(task).toMatchObject({ level: 'task', depth: 3, billable: false, priority: 3 });
    expect((await h.get(g.action_id)).level).toBe('group');
    expect((await h.get(m.action_id)).level).toBe('milestone');
    expect((await h.create({ project_id: p.project_id })).sort_order).toBe(2);
    await h.ok({ chain: `actions/${task.action_id}`, method: 'DELETE' });
    expect((await h.get(g.action_id)).level).toBe('task');
    expect((await h.getProject(p.project_id)).actions_count).toBe(3);
  });

  it('refuses bad input with a 4xx naming the problem and writes nothing', async () => {
    const p = await h.project();
    const other = await h.project();
    const foreign = await h.create({ project_id: other.project_id });
    const bad: [Params, number, string][] = [
      [{ project_id: p.project_id, name: undefined }, 400, 'name'],
      [{ project_id: p.project_id, colour: 'red' }, 400, 'colour'],
      [{ project_id: p.project_id, priority: 5 }, 400, 'priority'],
      [{ project_id: p.project_id, complete: 101 }, 400, 'complete'],
      [{ project_id: p.project_id, complete: 'lots' }, 400, 'complete'],
      [{ project_id: p.project_id, type: 'Nope' }, 400, 'type'],
      [{ project_id: p.project_id, status: 'Nope' }, 400, 'status'],
      [{ project_id: p.project_id, client_access: 'inherit' }, 400, 'client_access'],
      [{ project_id: p.project_id, assigned_adminid: 9999 }, 400, 'assigned_adminid'],
      [{ project_id: p.project_id, date_start: '2026-05-02', date_finish: '2026-05-01' }, 400, 'date_finish'],
      [{ project_id: p.project_id, parent_action_id: 999999 }, 400, 'parent_action_id'],
      [{ project_id: p.project_id, parent_action_id: foreign.action_id }, 400, 'parent_action_id'],
      [{ project_id: 999999 }, 404, 'Project 999999'],
    ];
    for (const [params, status, named] of bad) {
      const reply = await t.api({ chain: 'actions', method: 'POST', params: { name: 'X', ...params } });
      expect(reply.status, JSON.stringify(params)).toBe(status);
      expect(reply.body.request.message).toContain(named);
    }
    expect((await h.getProject(p.project_id)).actions_count).toBe(0);
    const update = await t.api({ chain: `actions/${foreign.action_id}`, method: 'PUT', params: { project_id: p.project_id } });
    expect(update.status).toBe(400);
    expect(update.body.response.errors[0].param).toBe('project_id');
    expect((await h.update(foreign.action_id, { project_id: other.project_id, name: 'same project is fine' })).name).toBe('same project is fine');
    expect((await t.api({ chain: 'actions/999999' })).status).toBe(404);
    expect((await t.api({ chain: 'actions/999999', method: 'PUT', params: { name: 'x' } })).status).toBe(404);
    expect((await t.api({ chain: 'actions/999999', method: 'DELETE' })).status).toBe(404);
  });

  it('rolls completion up through a deep tree to the project, also after delete and move', async () => {
    const p = await h.project();
    const m1 = await h.create({ project_id: p.project_id });
    const m2 = await h.create({ project_id: p.project_id, complete: 20 });
    const g = await h.create({ project_id: p.project_id, parent_action_id: m1.action_id });
    const t1 = await h.create({ project_id: p.project_id, parent_action_id: g.action_id, complete: 50 });
    const t2 = await h.create({ project_id: p.project_id, parent_action_id: g.action_id, complete: 0 });
    const t3 = await h.create({ project_id: p.project_id, parent_action_id: m1.action_id, complete: 100 });
    // g = mean(50, 0) = 25; m1 = mean(25, 100) = 62.5 → 63; project = mean(63, 20) = 41.5 → 42
    expect((await h.get(g.action_id)).complete).toBe(25);
    expect((await h.get(m1.action_id)).complete).toBe(63);
    let project = await h.getProject(p.project_id);
    expect(project).toMatchObject({ complete: 42, actions_count: 6 });

    await h.update(t2.action_id, { complete: 30 }); // g = 40, m1 = 70, project = 45
    expect((await h.get(m1.action_id)).complete).toBe(70);
    expect((await h.getProject(p.project_id)).complete).toBe(45);

    await h.ok({ chain: `actions/${t1.action_id}`, method: 'DELETE' }); // g = 30, m1 = 65, project = 43 (42.5)
    expect((await h.get(g.action_id)).complete).toBe(30);
    expect((await h.get(m1.action_id)).complete).toBe(65);
    expect((await h.getProject(p.project_id)).complete).toBe(43);

    await h.update(t3.action_id, { parent_action_id: m2.action_id }); // m1 = g = 30; m2 = 100; project = 65
    expect((await h.get(m1.action_id)).complete).toBe(30);
    expect((await h.get(m2.action_id)).complete).toBe(100);
    project = await h.getProject(p.project_id);
    expect(project).toMatchObject({ complete: 65, actions_count: 5 });
  });

  it('refuses a client-set complete on a parent unless it is the computed value', async () => {
    const p = await h.project();
    const m = await h.create({ project_id: p.project_id });
    await h.create({ project_id: p.project_id, parent_action_id: m.action_id, complete: 40 });
    const refused = await t.api({ chain: `actions/${m.action_id}`, method: 'PUT', params: { complete: 90 } });
    expect(refused.status).toBe(400);
    expect(refused.body.response.errors[0]).toMatchObject({ param: 'complete' });
    expect((await h.update(m.action_id, { complete: 40, name: 'round trip' })).complete).toBe(40);
  });

  it('sets status_oncomplete on reaching 100, on the action and on parents that roll up to 100', async () => {
    const p = await h.project();
    const m = await h.create({ project_id: p.project_id });
    const a = await h.create({ project_id: p.project_id, parent_action_id: m.action_id });
    const b = await h.create({ project_id: p.project_id, parent_action_id: m.action_id, status: 'Progress' });
    expect((await h.update(a.action_id, { complete: 100 })).status).toBe('Complete');
    expect((await h.get(m.action_id)).status).toBe('Active');
    expect((await h.update(b.action_id, { complete: 100, status: 'Closed' })).status).toBe('Closed');
    expect(await h.get(m.action_id)).toMatchObject({ complete: 100, status: 'Complete' });
    expect((await h.create({ project_id: p.project_id, complete: 100 })).status).toBe('Complete');
    expect((await h.getProject(p.project_id)).complete).toBe(100);
  });

  it('widens parent and project dates to cover their children (adjust_date on by default)', async () => {
    const p = await h.project({ date_start: '2026-03-01', date_finish: '2026-03-31' });
    const m = await h.create({ project_id: p.project_id, date_start: '2026-03-10', date_finish: '2026-03-20' });
    const g = await h.create({ project_id: p.project_id, parent_action_id: m.action_id });
    await h.create({ project_id: p.project_id, parent_action_id: g.action_id, date_start: '2026-02-15', date_finish: '2026-03-12' });
    await h.create({ project_id: p.project_id, parent_action_id: g.action_id, date_start: '2026-03-15', date_finish: '2026-04-30' });
    expect(await h.get(g.action_id)).toMatchObject({ date_start: '2026-02-15T00:00:00Z', date_finish: '2026-04-30T00:00:00Z' });
    expect(await h.get(m.action_id)).toMatchObject({ date_start: '2026-02-15T00:00:00Z', date_finish: '2026-04-30T00:00:00Z' });
    expect(await h.getProject(p.project_id)).toMatchObject({ date_start: '2026-02-15T00:00:00Z', date_finish: '2026-04-30T00:00:00Z' });
    // A parent narrowed by hand is widened again.
    expect((await h.update(m.action_id, { date_finish: '2026-04-01' })).date_finish).toBe('2026-04-30T00:00:00Z');
  });

  it('keeps the depth within max_depth, for new actions and for moved subtrees', async () => {
    const p = await h.project();
    let parent = 0;
    const chain: number[] = [];
    for (let depth = 1; depth <= 5; depth++) {
      const a = await h.create({ project_id: p.project_id, parent_action_id: parent });
      expect(a.depth).toBe(depth);
      chain.push((parent = a.action_id));
    }
    const tooDeep = await t.api({ chain: 'actions', method: 'POST', params: { project_id: p.project_id, name: 'six', parent_action_id: parent } });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.request.message).toContain('max_depth');
    // A two-level subtree fits under depth 3 but not under depth 4.
    const top = await h.create({ project_id: p.project_id });
    const below = await h.create({ project_id: p.project_id, parent_action_id: top.action_id });
    const moveTooDeep = await t.api({ chain: `actions/${top.action_id}`, method: 'PUT', params: { parent_action_id: chain[3] } });
    expect(moveTooDeep.status).toBe(400);
    expect(moveTooDeep.body.request.message).toContain('max_depth');
    const moved = await h.update(top.action_id, { parent_action_id: chain[2] });
    expect(moved).toMatchObject({ depth: 4, level: 'group', client_access: 'hidden' });
    expect(await h.get(below.action_id)).toMatchObject({ depth: 5, level: 'task' });
    // Back to the top level: a milestone again, depths shifted back.
    await h.update(top.action_id, { parent_action_id: 0 });
    expect(await h.get(top.action_id)).toMatchObject({ depth: 1, level: 'milestone' });
    expect((await h.get(below.action_id)).depth).toBe(2);
  });

  it('refuses cycles and a parent in another project', async () => {
    const p = await h.project();
    const a = await h.create({ project_id: p.project_id });
    const b = await h.create({ project_id: p.project_id, parent_action_id: a.action_id });
    const c = await h.create({ project_id: p.project_id, parent_action_id: b.action_id });
    for (const target of [c.action_id, b.action_id, a.action_id]) {
      const reply = await t.api({ chain: `actions/${a.action_id}`, method: 'PUT', params: { parent_action_id: target } });
      expect(reply.status).toBe(400);
      expect(reply.body.request.message).toMatch(/cycle|own parent/);
    }
    const other = await h.create({ project_id: (await h.project()).project_id });
    const cross = await t.api({ chain: `actions/${c.action_id}`, method: 'PUT', params: { parent_action_id: other.action_id } });
    expect(cross.status).toBe(400);
    expect(cross.body.request.message).toContain('same project');
    expect((await h.get(c.action_id)).parent_action_id).toBe(b.action_id);
  });

  it('makes a sub-action moved to the top level hidden instead of inherit', async () => {
    const p = await h.project();
    const m = await h.create({ project_id: p.project_id });
    const sub = await h.create({ project_id: p.project_id, parent_action_id: m.action_id });
    expect((await h.update(sub.action_id, { parent_action_id: 0 })).client_access).toBe('hidden');
    const refused = await t.api({ chain: `actions/${sub.action_id}`, method: 'PUT', params: { client_access: 'inherit' } });
    expect(refused.status).toBe(400);
  });

  it('deletes sub-actions with the action and keeps their records on the project with action_id 0', async () => {
    const p = await h.project();
    const m = await h.create({ project_id: p.project_id });
    const g = await h.create({ project_id: p.project_id, parent_action_id: m.action_id });
    const leaf = await h.create({ project_id: p.project_id, parent_action_id: g.action_id });
    const keep = await h.create({ project_id: p.project_id });
    const db = t.database.db;
    const now = 1_790_000_000;
    const pid = p.project_id;
    for (const action_id of [g.action_id, leaf.action_id, keep.action_id]) {
      await db.insertInto('topics').values({ thread_id: 0, project_id: pid, action_id, title: 'T', body: 'b', status: 'open', client_access: 'hidden', author_adminid: 1, created: now, modified: now }).execute();
      await db.insertInto('timelogs').values({ project_id: pid, action_id, ticket_id: 0, adminid: 1, type: 'Standard', note: '', date_start: now, date_stop: now + 60, duration: 60, status: 'complete', billable: 0, invoice_id: 0, created: now, modified: now }).execute();
      await db.insertInto('files').values({ thread_id: 0, project_id: pid, action_id, label: '', name: 'f.txt', detail: '', version: 1, mime: 'text/plain', size: 1, sha256: '', blob_key: `k${action_id}`, status: 'Active', client_access: 'hidden', uploader_adminid: 1, created: now, modified: now }).execute();
    }
    // Ticket 7 is linked to the project and to both doomed actions: one project-level link remains.
    for (const action_id of [0, g.action_id, leaf.action_id]) await db.insertInto('ticketxrefs').values({ ticket_id: 7, project_id: pid, action_id, created: now, created_by: 1 }).execute();
    await db.insertInto('ticketxrefs').values({ ticket_id: 8, project_id: pid, action_id: leaf.action_id, created: now, created_by: 1 }).execute();

    const deleted = await h.ok({ chain: `actions/${m.action_id}`, method: 'DELETE' });
    expect(deleted.action).toMatchObject({ action_id: m.action_id, level: 'milestone' });
    for (const id of [m.action_id, g.action_id, leaf.action_id]) expect((await t.api({ chain: `actions/${id}` })).status).toBe(404);
    for (const table of ['topics', 'timelogs', 'files'] as const) {
      const rows = await db.selectFrom(table).select('action_id').where('project_id', '=', pid).orderBy('action_id').execute();
      expect(rows.map((r) => r.action_id), table).toEqual([0, 0, keep.action_id]);
    }
    const links = await db.selectFrom('ticketxrefs').select(['ticket_id', 'action_id']).where('project_id', '=', pid).orderBy('ticket_id').execute();
    expect(links).toEqual([{ ticket_id: 7, action_id: 0 }, { ticket_id: 8, action_id: 0 }]);
    expect((await h.getProject(pid)).actions_count).toBe(1);
  });

  it('refuses writes inside an archived project with 409 and still reads them', async () => {
    const p = await h.project();
    const a = await h.create({ project_id: p.project_id });
    await h.ok({ chain: `projects/${p.project_id}`, method: 'PUT', params: { function: 'archive' } });
    const writes: ApiCall[] = [
      { chain: 'actions', method: 'POST', params: { project_id: p.project_id, name: 'x' } },
      { chain: `actions/${a.action_id}`, method: 'PUT', params: { name: 'x' } },
      { chain: `actions/${a.action_id}`, method: 'DELETE' },
    ];
    for (const call of writes) {
      const reply = await t.api(call);
      expect(reply.status, call.method).toBe(409);
      expect(reply.body.request.message).toContain('archived');
    }
    expect((await h.get(a.action_id)).name).toBe('A');
  });

  it('touches the project activity on every write', async () => {
    const p = await h.project();
    await t.database.db.updateTable('projects').set({ activity: 1000 }).where('project_id', '=', p.project_id).execute();
    const a = await h.create({ project_id: p.project_id });
    expect(Date.parse((await h.getProject(p.project_id)).activity)).toBeGreaterThan(1_000_000);
    for (const call of [{ chain: `actions/${a.action_id}`, method: 'PUT', params: { name: 'b' } }, { chain: `actions/${a.action_id}`, method: 'DELETE' }]) {
      await t.database.db.updateTable('projects').set({ activity: 1000 }).where('project_id', '=', p.project_id).execute();
      await h.ok(call);
      expect(Date.parse((await h.getProject(p.project_id)).activity)).toBeGreaterThan(1_000_000);
    }
  });

  it('shows a plain admin the actions of visible projects plus those assigned to them', async () => {
    const open = await h.project({ name: 'Open', admin_access: 'all' });
    const closed = await h.project({ name: 'Closed', admin_access: 'manager' });
    const inOpen = await h.create({ project_id: open.project_id, name: 'visible' });
    const hidden = await h.create({ project_id: closed.project_id, name: 'hidden' });
    const mine = await h.create({ project_id: closed.project_id, parent_action_id: hidden.action_id, name: 'mine', assigned_adminid: t.ids.alice });
    const asAlice = (call: ApiCall) => t.api({ ...call, as: 'alice' });

    expect((await asAlice({ chain: `actions/${mine.action_id}` })).body.response.action.name).toBe('mine');
    expect((await asAlice({ chain: `actions/${inOpen.action_id}` })).status).toBe(200);
    expect((await asAlice({ chain: `actions/${hidden.action_id}` })).status).toBe(404);
    expect((await t.api({ chain: `actions/${mine.action_id}`, as: 'bob' })).status).toBe(404);

    const list = (await asAlice({ chain: 'actions', params: { project_id: closed.project_id } })).body.response;
    expect(list.data.total).toBe(1);
    expect(list.actions.map((a: { name: string }) => a.name)).toEqual(['mine']);
    const bobs = (await t.api({ chain: 'actions', params: { project_id: closed.project_id }, as: 'bob' })).body.response;
    expect(bobs.data.total).toBe(0);
    expect((await asAlice({ chain: `projects/${closed.project_id}/actions` })).status).toBe(404);

    // The assignee may work on their action, but not delete it (its sub-actions would go too) nor add to the project.
    const updated = await asAlice({ chain: `actions/${mine.action_id}`, method: 'PUT', params: { complete: 60 } });
    expect(updated.status, updated.text).toBe(200);
    expect((await h.get(hidden.action_id)).complete).toBe(60);
    expect((await asAlice({ chain: `actions/${mine.action_id}`, method: 'DELETE' })).status).toBe(403);
    expect((await asAlice({ chain: 'actions', method: 'POST', params: { project_id: closed.project_id, name: 'x' } })).status).toBe(404);
    expect((await asAlice({ chain: `actions/${hidden.action_id}`, method: 'PUT', params: { name: 'x' } })).status).toBe(404);
    expect((await t.api({ chain: `actions/${mine.action_id}`, method: 'DELETE', as: 'bob' })).status).toBe(404);
    expect((await asAlice({ chain: `actions/${inOpen.action_id}`, method: 'DELETE' })).status).toBe(200);
  });

  it('answers projects/{id}/actions with the project and the list, list params applied', async () => {
    const p = await h.project({ name: 'Combined' });
    const m = await h.create({ project_id: p.project_id, name: 'Beta' });
    await h.create({ project_id: p.project_id, name: 'Alpha' });
    await h.create({ project_id: p.project_id, parent_action_id: m.action_id, name: 'Gamma' });
    await h.create({ project_id: (await h.project()).project_id, name: 'Elsewhere' });
    const reply = await h.ok({ chain: `projects/${p.project_id}/actions`, params: { level: 'milestone', sort: '-name', limit: 1 } });
    expect(Object.keys(reply).sort()).toEqual(['actions', 'data', 'project']);
    expect(reply.project).toMatchObject({ project_id: p.project_id, name: 'Combined', actions_count: 3 });
    expect(reply.data).toMatchObject({ total: 2, limit: 1, pages: 2, page: 1, filters: { project_id: p.project_id, level: 'milestone' } });
    expect(reply.actions.map((a: { name: string }) => a.name)).toEqual(['Beta']);
    const xml = await t.api({ chain: `projects/${p.project_id}/actions`, format: 'xml' });
    expect(xml.text).toContain('<actions><action><action_id>');
    expect((await t.api({ chain: 'projects/999999/actions' })).status).toBe(404);
  });

  it('filters, sorts and searches findActions', async () => {
    const p = await h.project();
    const pid = p.project_id;
    await h.create({ project_id: pid, name: 'Design review', priority: 3, type: 'Review', billable: true });
    await h.create({ project_id: pid, name: 'Build', priority: 1, status: 'Progress', assigned_adminid: t.ids.bob, manager_adminid: t.ids.alice });
    await h.create({ project_id: pid, name: 'Code REVIEW', priority: 3 });
    const names = async (params: Params) => (await h.ok({ chain: 'actions', params: { project_id: pid, ...params } })).actions.map((a: { name: string }) => a.name);
    expect(await names({ q: 'review', sort: 'name' })).toEqual(['Code REVIEW', 'Design review']);
    expect(await names({ priority: 3, sort: '-action_id' })).toEqual(['Code REVIEW', 'Design review']);
    expect(await names({ status: 'Progress' })).toEqual(['Build']);
    expect(await names({ type: 'Review' })).toEqual(['Design review']);
    expect(await names({ assigned_adminid: t.ids.bob })).toEqual(['Build']);
    expect(await names({ manager_adminid: t.ids.alice })).toEqual(['Build']);
    expect(await names({ billable: 'true' })).toEqual(['Design review']);
    expect(await names({ parent_action_id: 0, sort: 'priority,name' })).toEqual(['Build', 'Code REVIEW', 'Design review']);
    expect((await t.api({ chain: 'actions', params: { sort: 'elapsed' } })).status).toBe(400);
    expect((await t.api({ chain: 'actions', params: { level: 'epic' } })).status).toBe(400);
    expect((await t.api({ chain: 'actions', params: { colour: 'red' } })).status).toBe(400);
  });

  it('routes an action_id given in params like one in the chain, and answers in XML', async () => {
    const a = await h.create({ project_id: (await h.project()).project_id, name: 'Routed & <escaped>' });
    expect((await h.ok({ chain: 'actions', params: { action_id: a.action_id } })).action.action_id).toBe(a.action_id);
    expect((await h.ok({ chain: 'actions', method: 'PUT', params: { action_id: a.action_id, priority: 1 } })).action.priority).toBe(1);
    const xml = await t.api({ chain: `actions/${a.action_id}`, format: 'xml' });
    expect(xml.text).toContain('<name>Routed &amp; &lt;escaped&gt;</name>');
    expect(xml.text).toContain('<level>milestone</level>');
  });

  it('keeps the parent complete right under 20 parallel sibling updates', async () => {
    const p = await h.project();
    const m = await h.create({ project_id: p.project_id });
    const siblings = [];
    for (let i = 0; i < 20; i++) siblings.push(await h.create({ project_id: p.project_id, parent_action_id: m.action_id }));
    const values = siblings.map((_, i) => (i * 37) % 101);
    const replies = await Promise.all(siblings.map((s, i) => t.api({ chain: `actions/${s.action_id}`, method: 'PUT', params: { complete: values[i] } })));
    for (const reply of replies) expect(reply.status, reply.text).toBe(200);
    const expected = Math.round(values.reduce((a, b) => a + b, 0) / values.length);
    expect((await h.get(m.action_id)).complete).toBe(expected);
    expect((await h.getProject(p.project_id)).complete).toBe(expected);
  });
});

describe.each(testDatabases())('action settings on $name', (kind) => {
  let t: TestApp;
  const h = helpers(() => t);
  beforeAll(async () => {
    t = await withSettings(kind, { adjust_date: false, max_depth: 2, status_oncomplete: '' });
  });
  afterAll(() => t.close());

  it('leaves dates alone with adjust_date off, honours max_depth and an empty status_oncomplete', async () => {
    const p = await h.project({ date_start: '2026-03-01', date_finish: '2026-03-31' });
    const m = await h.create({ project_id: p.project_id, date_start: '2026-03-10', date_finish: '2026-03-20' });
    const task = await h.create({ project_id: p.project_id, parent_action_id: m.action_id, date_start: '2026-01-01', date_finish: '2026-06-30' });
    expect(await h.get(m.action_id)).toMatchObject({ date_start: '2026-03-10T00:00:00Z', date_finish: '2026-03-20T00:00:00Z' });
    expect(await h.getProject(p.project_id)).toMatchObject({ date_start: '2026-03-01T00:00:00Z', date_finish: '2026-03-31T00:00:00Z' });
    const third = await t.api({ chain: 'actions', method: 'POST', params: { project_id: p.project_id, name: 'x', parent_action_id: task.action_id } });
    expect(third.status).toBe(400);
    expect((await h.update(task.action_id, { complete: 100 })).status).toBe('Active');
    expect(await h.get(m.action_id)).toMatchObject({ complete: 100, status: 'Active' });
  });
});
