import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTickets } from '../src/tickets/import.js';
import { createTestApp, type ApiCall, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/*
 * Rules of docs/api.md and docs/resources/*.md that cut across resources or are easy to break
 * without another test noticing. Each assertion is one a broken rule would fail: counts are read from
 * the tables themselves, and `activity` is set to an old value first so "bumped" cannot pass by
 * falling in the same second.
 */

type Params = Record<string, unknown>;

const TICKET_ID = 701;
const CONFIG_RATE = 80;
const OLD_ACTIVITY = 1000;
const OWNED_TABLES = ['actions', 'topics', 'files', 'timelogs', 'ticketxrefs'] as const;

describe.each(testDatabases())('documented rules on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // Before the first request, so the app's settings cache starts with this rate.
    await t.database.db.insertInto('settings').values({ name: 'hourly_rate', value: String(CONFIG_RATE) }).execute();
    await importTickets(t.database.db, [{ id: TICKET_ID, tid: 'R-701', title: 'Needs a project', status: 'Open' }]);
  });
  afterAll(() => t.close());

  const create = async (chain: string, params: Params, as: UserName = 'root') => (await t.ok({ chain, method: 'POST', params, as }))[chain.replace(/s$/, '')];
  const project = (params: Params = {}, as: UserName = 'root') => create('projects', { name: 'Ruled', ...params }, as);
  const action = (projectId: number, params: Params = {}) => create('actions', { project_id: projectId, name: 'Task', ...params });
  const getProject = async (id: number) => (await t.ok({ chain: `projects/${id}` })).project;

  /** One of each kind of record that belongs to a project, a reply and a second file version included. */
  async function populate(projectId: number) {
    const task = await action(projectId);
    const thread = await create('topics', { project_id: projectId, action_id: task.action_id, title: 'Plan', body: 'First' });
    await create('topics', { project_id: projectId, thread_id: thread.topic_id, body: 'Reply' });
    const file = await create('files', { project_id: projectId, action_id: task.action_id, name: 'a.txt', content: Buffer.from('one').toString('base64') });
    await create('files', { thread_id: file.file_id, name: 'a.txt', content: Buffer.from('two').toString('base64') });
    await create('timelogs', { project_id: projectId, action_id: task.action_id, date_start: 1_700_000_000, duration: 600 });
    await create('ticketxrefs', { ticket_id: TICKET_ID, project_id: projectId, action_id: task.action_id });
  }

  async function rowsOwnedBy(projectId: number): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of OWNED_TABLES) {
      const rows = await t.database.db.selectFrom(table).select('project_id').where('project_id', '=', projectId).execute();
      counts[table] = rows.length;
    }
    return counts;
  }

  async function setOldActivity(...projectIds: number[]) {
    await t.database.db.updateTable('projects').set({ activity: OLD_ACTIVITY }).where('project_id', 'in', projectIds).execute();
  }
  /** Seconds since the epoch of the project's `activity`, as the API shows it. */
  const activityOf = async (id: number) => Date.parse((await getProject(id)).activity) / 1000;

  describe('projects', () => {
    it('deletes everything that belongs to a deleted project, and nothing of another project', async () => {
      const doomed = await project();
      const kept = await project();
      await populate(doomed.project_id);
      await populate(kept.project_id);
      const full = { actions: 1, topics: 2, files: 2, timelogs: 1, ticketxrefs: 1 };
      expect(await rowsOwnedBy(doomed.project_id)).toEqual(full);

      await t.ok({ chain: `projects/${doomed.project_id}`, method: 'DELETE' });
      expect(await rowsOwnedBy(doomed.project_id)).toEqual({ actions: 0, topics: 0, files: 0, timelogs: 0, ticketxrefs: 0 });
      expect(await rowsOwnedBy(kept.project_id)).toEqual(full);
      expect(await t.database.db.selectFrom('projects').select('project_id').where('project_id', '=', doomed.project_id).execute()).toEqual([]);
    });

    it('answers a writer with the record even when the write hides the project from them', async () => {
      const created = await project({ admin_access: 'manager', manager_adminid: t.ids.bob }, 'alice');
      expect(created).toMatchObject({ owner_adminid: t.ids.alice, manager_adminid: t.ids.bob, admin_access: 'manager' });
      expect((await t.api({ chain: `projects/${created.project_id}`, as: 'alice' })).status).toBe(404);

      const own = await project({ admin_access: 'manager' }, 'alice');
      const hidden = await t.ok({ chain: `projects/${own.project_id}`, method: 'PUT', params: { manager_adminid: t.ids.bob, name: 'Handed over' }, as: 'alice' });
      expect(hidden.project).toMatchObject({ project_id: own.project_id, name: 'Handed over', manager_adminid: t.ids.bob });
      expect((await t.api({ chain: `projects/${own.project_id}`, as: 'alice' })).status).toBe(404);
    });

    it('un-archives to template as well as to default, changing other fields in the same update', async () => {
      const archived = await project({ function: 'archive', name: 'Shelved' });
      const chain = `projects/${archived.project_id}`;
      expect((await t.api({ chain, method: 'PUT', params: { name: 'Still shelved' } })).status).toBe(409);
      const template = await t.ok({ chain, method: 'PUT', params: { function: 'template', name: 'Blueprint' } });
      expect(template.project).toMatchObject({ function: 'template', name: 'Blueprint' });
      expect(await action(archived.project_id)).toMatchObject({ project_id: archived.project_id });
    });
  });

  describe('activity', () => {
    it('is set on both projects when a time log moves from one to the other', async () => {
      const from = await project();
      const to = await project();
      const entry = await create('timelogs', { project_id: from.project_id, date_start: 1_700_000_000, duration: 300 });
      await setOldActivity(from.project_id, to.project_id);
      await t.ok({ chain: `timelogs/${entry.timelog_id}`, method: 'PUT', params: { project_id: to.project_id } });
      expect(await activityOf(from.project_id)).toBeGreaterThan(OLD_ACTIVITY);
      expect(await activityOf(to.project_id)).toBeGreaterThan(OLD_ACTIVITY);
    });

    it('is set by a file upload and by a new file version', async () => {
      const p = await project();
      await setOldActivity(p.project_id);
      const file = await create('files', { project_id: p.project_id, name: 'b.txt', content: Buffer.from('b').toString('base64') });
      expect(await activityOf(p.project_id)).toBeGreaterThan(OLD_ACTIVITY);
      await setOldActivity(p.project_id);
      await create('files', { thread_id: file.file_id, name: 'b.txt', content: Buffer.from('bb').toString('base64') });
      expect(await activityOf(p.project_id)).toBeGreaterThan(OLD_ACTIVITY);
    });

    it('is set by linking a ticket, moving the link (on both projects) and unlinking it', async () => {
      const first = await project();
      const second = await project();
      await setOldActivity(first.project_id);
      const link = await create('ticketxrefs', { ticket_id: TICKET_ID, project_id: first.project_id });
      expect(await activityOf(first.project_id)).toBeGreaterThan(OLD_ACTIVITY);
      await setOldActivity(first.project_id, second.project_id);
      await t.ok({ chain: `ticketxrefs/${link.xref_id}`, method: 'PUT', params: { project_id: second.project_id } });
      expect(await activityOf(first.project_id)).toBeGreaterThan(OLD_ACTIVITY);
      expect(await activityOf(second.project_id)).toBeGreaterThan(OLD_ACTIVITY);
      await setOldActivity(second.project_id);
      await t.ok({ chain: `ticketxrefs/${link.xref_id}`, method: 'DELETE' });
      expect(await activityOf(second.project_id)).toBeGreaterThan(OLD_ACTIVITY);
    });
  });

  describe('action dates only widen', () => {
    const day = (date: string) => `${date}T00:00:00Z`;

    it('keeps the parent and project range when the widest sub-action is deleted', async () => {
      const p = await project();
      const milestone = await action(p.project_id);
      const wide = await action(p.project_id, { parent_action_id: milestone.action_id, date_start: '2026-01-01', date_finish: '2026-12-31' });
      await action(p.project_id, { parent_action_id: milestone.action_id, date_start: '2026-05-01', date_finish: '2026-05-31' });
      await t.ok({ chain: `actions/${wide.action_id}`, method: 'DELETE' });
      expect((await t.ok({ chain: `actions/${milestone.action_id}` })).action).toMatchObject({ date_start: day('2026-01-01'), date_finish: day('2026-12-31') });
      expect(await getProject(p.project_id)).toMatchObject({ date_start: day('2026-01-01'), date_finish: day('2026-12-31') });
    });

    it('keeps the parent and project range when a sub-action is narrowed', async () => {
      const p = await project();
      const milestone = await action(p.project_id);
      const child = await action(p.project_id, { parent_action_id: milestone.action_id, date_start: '2026-02-01', date_finish: '2026-09-30' });
      await action(p.project_id, { parent_action_id: milestone.action_id, date_start: '2026-04-01', date_finish: '2026-04-30' });
      const narrowed = await t.ok({ chain: `actions/${child.action_id}`, method: 'PUT', params: { date_start: '2026-03-01', date_finish: '2026-03-15' } });
      expect(narrowed.action).toMatchObject({ date_start: day('2026-03-01'), date_finish: day('2026-03-15') });
      expect((await t.ok({ chain: `actions/${milestone.action_id}` })).action).toMatchObject({ date_start: day('2026-02-01'), date_finish: day('2026-09-30') });
      expect(await getProject(p.project_id)).toMatchObject({ date_start: day('2026-02-01'), date_finish: day('2026-09-30') });
    });

    it('keeps the project range when its widest milestone is deleted or a milestone is narrowed', async () => {
      const p = await project();
      const wide = await action(p.project_id, { date_start: '2026-01-01', date_finish: '2026-12-31' });
      const narrow = await action(p.project_id, { date_start: '2026-06-01', date_finish: '2026-06-30' });
      await t.ok({ chain: `actions/${wide.action_id}`, method: 'DELETE' });
      expect(await getProject(p.project_id)).toMatchObject({ date_start: day('2026-01-01'), date_finish: day('2026-12-31') });
      await t.ok({ chain: `actions/${narrow.action_id}`, method: 'PUT', params: { date_start: '2026-06-10', date_finish: '2026-06-11' } });
      expect(await getProject(p.project_id)).toMatchObject({ date_start: day('2026-01-01'), date_finish: day('2026-12-31') });
    });
  });

  describe('time logs', () => {
    const timelog = async (id: number) => (await t.ok({ chain: `timelogs/${id}` })).timelog;

    it('turns a complete log back into a running timer when date_stop and duration are cleared', async () => {
      const p = await project({ hourly_rate: 60 });
      const entry = await create('timelogs', { project_id: p.project_id, date_start: 1_700_000_000, date_stop: 1_700_003_600 });
      expect(entry).toMatchObject({ status: 'complete', duration: 3600, amount: 60 });
      expect((await getProject(p.project_id)).elapsed).toBe(3600);

      const running = await t.ok({ chain: `timelogs/${entry.timelog_id}`, method: 'PUT', params: { date_stop: null, duration: null } });
      expect(running.timelog).toMatchObject({ status: 'active', date_stop: null, duration: null, amount: 0 });
      expect((await getProject(p.project_id)).elapsed).toBe(0);
      expect(await timelog(entry.timelog_id)).toMatchObject({ status: 'active', date_stop: null, duration: null });
      const stopped = await t.ok({ chain: `timelogs/${entry.timelog_id}`, method: 'PUT', params: { stop: true, date_stop: 1_700_001_800 } });
      expect(stopped.timelog).toMatchObject({ status: 'complete', duration: 1800 });
    });

    it("re-prices a project's logs and totals when its hourly_rate changes, and falls back to config hourly_rate", async () => {
      const p = await project({ hourly_rate: 100, billable: true });
      const entry = await create('timelogs', { project_id: p.project_id, date_start: 1_700_000_000, duration: 5400 });
      expect(entry).toMatchObject({ rate: 100, amount: 150 });
      const chain = `projects/${p.project_id}`;

      await t.ok({ chain, method: 'PUT', params: { hourly_rate: 60 } });
      expect(await timelog(entry.timelog_id)).toMatchObject({ rate: 60, amount: 90 });
      expect((await t.ok({ chain: 'timelogs', params: { project_id: p.project_id } })).data.totals.amount).toBe(90);

      await t.ok({ chain, method: 'PUT', params: { hourly_rate: null } });
      expect(await timelog(entry.timelog_id)).toMatchObject({ rate: CONFIG_RATE, amount: 120 });
      expect((await t.ok({ chain: `${chain}/timelogs` })).data.totals.amount).toBe(120);
    });
  });

  describe('topics', () => {
    it("refuses a reply whose action_id is not its thread's with 400 naming action_id, and writes nothing", async () => {
      const p = await project();
      const [first, second] = [await action(p.project_id), await action(p.project_id)];
      const thread = await create('topics', { project_id: p.project_id, action_id: first.action_id, title: 'Tied', body: 'On the first action' });
      for (const actionId of [second.action_id, 0]) {
        const reply = await t.api({ chain: 'topics', method: 'POST', params: { project_id: p.project_id, thread_id: thread.topic_id, action_id: actionId, body: 'Elsewhere' } });
        expect(reply.status, reply.text).toBe(400);
        expect(reply.body.response.errors).toEqual([expect.objectContaining({ param: 'action_id' })]);
      }
      expect((await t.ok({ chain: 'topics', params: { thread_id: thread.topic_id } })).data.total).toBe(1);
      const same = await create('topics', { project_id: p.project_id, thread_id: thread.topic_id, action_id: first.action_id, body: 'Here' });
      expect(same).toMatchObject({ thread_id: thread.topic_id, action_id: first.action_id });
    });
  });

  describe('lists', () => {
    it('breaks ties by id, so pages over a sort with ties neither overlap nor skip', async () => {
      const created: number[] = [];
      for (let i = 0; i < 9; i++) created.push((await project({ name: 'Tied name', status: 'Active', client_userid: 4242 })).project_id);
      for (const sort of ['name', '-name', 'status', '-status', '-complete,name']) {
        const seen: number[] = [];
        for (let page = 1; page <= 5; page++) {
          const reply = await t.ok({ chain: 'projects', params: { client_userid: 4242, sort, limit: 2, page } });
          seen.push(...reply.projects.map((p: { project_id: number }) => p.project_id));
        }
        expect(seen, `sort=${sort}`).toEqual(created);
      }
    });
  });
});
