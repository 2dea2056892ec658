import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validParent } from '../src/actions/tree.js';
import type { CallContext } from '../src/engine/method.js';
import { DEFAULT_SETTINGS } from '../src/settings/settings.js';
import { importTickets } from '../src/tickets/import.js';
import { testDatabases } from './helpers/databases.js';
import { createTestApp, type ApiCall, type TestApp } from './helpers/app.js';

type Params = Record<string, unknown>;
const MAX_INT = 2_147_483_647;

/** Edges of the actions service and repository the broader suites leave open (docs/testing.md, mutation scores). */
describe.each(testDatabases())('action edges on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const project = async (params: Params = {}) => (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'P', ...params } })).project;
  const create = async (params: Params) => (await t.ok({ chain: 'actions', method: 'POST', params: { name: 'A', ...params } })).action;
  const get = async (id: number) => (await t.ok({ chain: `actions/${id}` })).action;
  const setElapsed = (ids: number[], seconds: number) =>
    t.database.db.updateTable('actions').set({ elapsed: seconds }).where('action_id', 'in', ids).execute();

  it('takes the logged time of a deleted sub-action off its ancestors only', async () => {
    const p = await project();
    const m = await create({ project_id: p.project_id });
    const g = await create({ project_id: p.project_id, parent_action_id: m.action_id });
    const leaf = await create({ project_id: p.project_id, parent_action_id: g.action_id });
    const sibling = await create({ project_id: p.project_id, parent_action_id: g.action_id });
    const other = await create({ project_id: p.project_id });
    // 600 s logged on the leaf and 100 s on its sibling: each ancestor counts both.
    await setElapsed([leaf.action_id], 600);
    await setElapsed([sibling.action_id], 100);
    await setElapsed([g.action_id, m.action_id], 700);
    await setElapsed([other.action_id], 50);
    const deleted = await t.ok({ chain: `actions/${leaf.action_id}`, method: 'DELETE' });
    expect(deleted.action).toMatchObject({ action_id: leaf.action_id, elapsed: 600, parent_action_id: g.action_id });
    expect((await get(g.action_id)).elapsed).toBe(100);
    expect((await get(m.action_id)).elapsed).toBe(100);
    expect((await get(sibling.action_id)).elapsed).toBe(100);
    expect((await get(other.action_id)).elapsed).toBe(50);
  });

  it('moves the logged time of a moved subtree from the old ancestors to the new ones', async () => {
    const p = await project();
    const from = await create({ project_id: p.project_id });
    const to = await create({ project_id: p.project_id });
    const moving = await create({ project_id: p.project_id, parent_action_id: from.action_id });
    await setElapsed([moving.action_id, from.action_id], 300);
    await t.ok({ chain: `actions/${moving.action_id}`, method: 'PUT', params: { parent_action_id: to.action_id } });
    expect((await get(from.action_id)).elapsed).toBe(0);
    expect((await get(to.action_id)).elapsed).toBe(300);
    expect((await get(moving.action_id)).elapsed).toBe(300);
  });

  it('places a new action after its last sibling, at most at the largest integer', async () => {
    const p = await project();
    const m = await create({ project_id: p.project_id });
    expect(m.sort_order).toBe(1);
    const first = await create({ project_id: p.project_id, parent_action_id: m.action_id });
    await t.database.db.updateTable('actions').set({ sort_order: 41 }).where('action_id', '=', first.action_id).execute();
    expect((await create({ project_id: p.project_id, parent_action_id: m.action_id })).sort_order).toBe(42);
    // The top level is its own sibling list: still after m.
    expect((await create({ project_id: p.project_id })).sort_order).toBe(2);
    await t.database.db.updateTable('actions').set({ sort_order: MAX_INT }).where('action_id', '=', first.action_id).execute();
    expect((await create({ project_id: p.project_id, parent_action_id: m.action_id })).sort_order).toBe(MAX_INT);
  });

  it('refuses an unknown manager as it refuses an unknown assignee, on create and on update', async () => {
    const p = await project();
    const refused = await t.api({ chain: 'actions', method: 'POST', params: { project_id: p.project_id, name: 'x', manager_adminid: 987_654 } });
    expect(refused.status).toBe(400);
    expect(refused.body.response.errors).toEqual([{ param: 'manager_adminid', message: 'admin 987654 does not exist' }]);
    const a = await create({ project_id: p.project_id, manager_adminid: t.ids.alice, assigned_adminid: t.ids.bob });
    expect(a).toMatchObject({ manager_adminid: t.ids.alice, assigned_adminid: t.ids.bob });
    const update = await t.api({ chain: `actions/${a.action_id}`, method: 'PUT', params: { assigned_adminid: 987_655 } });
    expect(update.status).toBe(400);
    expect(update.body.response.errors).toEqual([{ param: 'assigned_adminid', message: 'admin 987655 does not exist' }]);
    expect((await get(a.action_id)).assigned_adminid).toBe(t.ids.bob);
  });

  it('takes billable from the project unless sent, and stores a sent billable on update', async () => {
    const p = await project({ billable: false });
    const a = await create({ project_id: p.project_id });
    expect(a.billable).toBe(false);
    expect((await t.ok({ chain: `actions/${a.action_id}`, method: 'PUT', params: { billable: true } })).action.billable).toBe(true);
    expect((await t.ok({ chain: `actions/${a.action_id}`, method: 'PUT', params: { name: 'renamed' } })).action.billable).toBe(true);
    expect((await create({ project_id: p.project_id, billable: true })).billable).toBe(true);
  });

  it('checks the date order of an update against the stored end it leaves alone', async () => {
    const p = await project();
    const a = await create({ project_id: p.project_id, date_start: '2026-05-10', date_finish: '2026-05-20' });
    expect((await t.api({ chain: `actions/${a.action_id}`, method: 'PUT', params: { date_start: '2026-05-21' } })).status).toBe(400);
    expect((await t.api({ chain: `actions/${a.action_id}`, method: 'PUT', params: { date_finish: '2026-05-09' } })).status).toBe(400);
    expect((await t.ok({ chain: `actions/${a.action_id}`, method: 'PUT', params: { date_start: '2026-05-12' } })).action.date_start).toBe('2026-05-12T00:00:00Z');
  });

  it('keeps a sub-action moved to the top level that is not inheriting as it is', async () => {
    const p = await project();
    const m = await create({ project_id: p.project_id });
    const sub = await create({ project_id: p.project_id, parent_action_id: m.action_id, client_access: 'view' });
    expect((await t.ok({ chain: `actions/${sub.action_id}`, method: 'PUT', params: { parent_action_id: 0 } })).action.client_access).toBe('view');
    const other = await create({ project_id: p.project_id, parent_action_id: m.action_id });
    const moved = await t.ok({ chain: `actions/${other.action_id}`, method: 'PUT', params: { parent_action_id: 0, client_access: 'modify' } });
    expect(moved.action.client_access).toBe('modify');
  });

  it('counts a narrowed list of a project and reads the kept count for the whole project', async () => {
    const p = await project();
    await create({ project_id: p.project_id, priority: 1 });
    await create({ project_id: p.project_id, priority: 3 });
    await create({ project_id: p.project_id, priority: 3 });
    const total = async (params: Params) => (await t.ok({ chain: 'actions', params: { project_id: p.project_id, ...params } })).data.total;
    expect(await total({})).toBe(3);
    expect(await total({ priority: 3 })).toBe(2);
    expect(await total({ limit: 1, sort: 'name' })).toBe(3);
    // The whole project's list reads the kept count (not a count of rows); a narrowed one counts.
    await t.database.db.updateTable('projects').set({ actions_count: 7 }).where('project_id', '=', p.project_id).execute();
    expect(await total({})).toBe(7);
    expect(await total({ priority: 1 })).toBe(1);
  });

  it('reports a parent in another project and a too deep top level by name', async () => {
    const p = await project();
    const q = await project();
    const foreign = await create({ project_id: q.project_id });
    const reply = await t.api({ chain: 'actions', method: 'POST', params: { project_id: p.project_id, name: 'x', parent_action_id: foreign.action_id } });
    expect(reply.status).toBe(400);
    expect(reply.body.response.errors[0]).toMatchObject({ param: 'parent_action_id' });
    expect(reply.body.response.errors[0].message).toContain(`in project ${q.project_id}, not in project ${p.project_id}`);
  });
  it('moves a parent\'s kept completion by the difference when a child with some completion changes it', async () => {
    const p = await project();
    const m = await create({ project_id: p.project_id });
    const a = await create({ project_id: p.project_id, parent_action_id: m.action_id, complete: 40 });
    await create({ project_id: p.project_id, parent_action_id: m.action_id, complete: 0 });
    expect((await get(m.action_id)).complete).toBe(20);
    await t.ok({ chain: `actions/${a.action_id}`, method: 'PUT', params: { complete: 60 } });
    expect((await get(m.action_id)).complete).toBe(30);
    await t.ok({ chain: `actions/${a.action_id}`, method: 'PUT', params: { complete: 10 } });
    expect((await get(m.action_id)).complete).toBe(5);
  });

  it('creates an action with empty details and notes when none are sent', async () => {
    const a = await create({ project_id: (await project()).project_id });
    expect(a).toMatchObject({ details: '', action_notes: '' });
  });

  it('moves and deletes a subtree of more actions than one statement takes (ids go 500 at a time)', async () => {
    const p = await project();
    const m = await create({ project_id: p.project_id, name: 'Milestone' });
    const g = await create({ project_id: p.project_id, parent_action_id: m.action_id, name: 'Group' });
    const tasks: number[] = [];
    for (let i = 0; i < 520; i += 1) tasks.push((await create({ project_id: p.project_id, parent_action_id: g.action_id, name: `Task ${i}` })).action_id);
    const last = tasks[tasks.length - 1]!;
    await importTickets(t.database.db, [{ id: 77, tid: 'T-77', title: 'Linked to the last task', status: 'Open' }]);
    await t.ok({ chain: 'timelogs', method: 'POST', params: { project_id: p.project_id, action_id: last, date_start: 1_800_000_000, duration: 60 } });
    await t.ok({ chain: 'topics', method: 'POST', params: { project_id: p.project_id, action_id: last, title: 'On the last task', body: 'x' } });
    await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 77, project_id: p.project_id, action_id: last } });
    const depths = async () => {
      const rows = await t.database.db.selectFrom('actions').select('depth').where('project_id', '=', p.project_id).where('parent_action_id', '=', g.action_id).execute();
      return [...new Set(rows.map((row) => Number(row.depth)))];
    };
    expect(await depths()).toEqual([3]);

    await t.ok({ chain: `actions/${g.action_id}`, method: 'PUT', params: { parent_action_id: 0 } });
    expect(await depths()).toEqual([2]);

    await t.ok({ chain: `actions/${g.action_id}`, method: 'DELETE' });
    const left = await t.database.db.selectFrom('actions').select('action_id').where('project_id', '=', p.project_id).execute();
    expect(left.map((row) => row.action_id)).toEqual([m.action_id]);
    for (const table of ['timelogs', 'topics', 'ticketxrefs'] as const) {
      const rows = await t.database.db.selectFrom(table).select('action_id').where('project_id', '=', p.project_id).execute();
      expect(rows.map((row) => row.action_id), table).toEqual([0]);
    }
    const kept = await t.database.db.selectFrom('action_children').select('parent_action_id').where('project_id', '=', p.project_id).where('children', '>', 0).execute();
    expect(kept.map((row) => row.parent_action_id)).toEqual([0]);
    expect((await t.ok({ chain: `projects/${p.project_id}` })).project.actions_count).toBe(1);
  }, 120_000);

  it('says why a parent is refused: missing, its own, too deep for an action or for a subtree', async () => {
    const p = await project();
    const chainOf = [await create({ project_id: p.project_id })];
    for (let depth = 2; depth <= 5; depth += 1) chainOf.push(await create({ project_id: p.project_id, parent_action_id: chainOf[chainOf.length - 1]!.action_id }));
    const errorOf = async (call: ApiCall) => {
      const reply = await t.api(call);
      expect(reply.status, reply.text).toBe(400);
      return reply.body.response.errors;
    };
    const deepest = chainOf[4]!.action_id;
    expect(await errorOf({ chain: 'actions', method: 'POST', params: { project_id: p.project_id, name: 'x', parent_action_id: 987_654 } })).toEqual([
      { param: 'parent_action_id', message: 'action 987654 does not exist' },
    ]);
    expect(await errorOf({ chain: 'actions', method: 'POST', params: { project_id: p.project_id, name: 'x', parent_action_id: deepest } })).toEqual([
      { param: 'parent_action_id', message: `action ${deepest} is at depth 5; a sub-action under it would pass config max_depth 5` },
    ]);
    const top = await create({ project_id: p.project_id });
    await create({ project_id: p.project_id, parent_action_id: top.action_id });
    const third = chainOf[3]!.action_id;
    expect(await errorOf({ chain: `actions/${top.action_id}`, method: 'PUT', params: { parent_action_id: third } })).toEqual([
      { param: 'parent_action_id', message: `action ${third} is at depth 4; an action with 1 level(s) below it under it would pass config max_depth 5` },
    ]);
    expect(await errorOf({ chain: `actions/${top.action_id}`, method: 'PUT', params: { parent_action_id: top.action_id } })).toEqual([
      { param: 'parent_action_id', message: `action ${top.action_id} cannot be its own parent` },
    ]);
    // The top level has room for max_depth levels: a subtree taller than that (config lowered since) is refused there too.
    const ctx = { db: t.database.db, caller: { id: t.ids.root, username: 'root', access: 'super' }, settings: { ...DEFAULT_SETTINGS, max_depth: 3 } } as unknown as CallContext;
    expect(await validParent(ctx, p.project_id, 0, 2)).toBeNull();
    await expect(validParent(ctx, p.project_id, 0, 3)).rejects.toMatchObject({
      errors: [{ param: 'parent_action_id', message: 'the subtree has 4 levels; config max_depth allows 3' }],
    });
  });

  it('rolls a move up deepest first, so an ancestor reads children already brought up to date', async () => {
    const p = await project();
    const m = await create({ project_id: p.project_id, name: 'M' });
    const g1 = await create({ project_id: p.project_id, parent_action_id: m.action_id, name: 'G1' });
    const g2 = await create({ project_id: p.project_id, parent_action_id: g1.action_id, name: 'G2' });
    const done = await create({ project_id: p.project_id, parent_action_id: g2.action_id, name: 'Done', complete: 100 });
    await create({ project_id: p.project_id, parent_action_id: g2.action_id, name: 'Open', complete: 0 });
    expect((await get(m.action_id)).complete).toBe(50);
    // Moved up beside G1: G2 and G1 drop to 0, and M is the mean of G1 (0) and the moved task (100).
    await t.ok({ chain: `actions/${done.action_id}`, method: 'PUT', params: { parent_action_id: m.action_id } });
    expect([(await get(g2.action_id)).complete, (await get(g1.action_id)).complete, (await get(m.action_id)).complete]).toEqual([0, 0, 50]);
    expect((await t.ok({ chain: `projects/${p.project_id}` })).project.complete).toBe(50);
  });

  it("leaves an ancestor's row alone, its modified time included, when a change below does not move its roll-up", async () => {
    const p = await project();
    const m = await create({ project_id: p.project_id, name: 'M' });
    const task = await create({ project_id: p.project_id, parent_action_id: m.action_id, name: 'Task', complete: 40 });
    await t.database.db.updateTable('actions').set({ modified: 1_500_000_000 }).where('action_id', '=', m.action_id).execute();
    await t.ok({ chain: `actions/${task.action_id}`, method: 'PUT', params: { name: 'Task renamed' } });
    expect(Date.parse((await get(m.action_id)).modified) / 1000).toBe(1_500_000_000);
    await t.ok({ chain: `actions/${task.action_id}`, method: 'PUT', params: { complete: 60 } });
    expect(Date.parse((await get(m.action_id)).modified) / 1000).toBeGreaterThan(1_500_000_000);
  });
});
