import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type ApiCall, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const HOUR = 3600;
const CONFIG_RATE = 80;
const TICKET_ID = 501;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe.each(testDatabases())('timelogs on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    // Before the first request, so the app's settings cache starts with this rate.
    await t.database.db.insertInto('settings').values({ name: 'hourly_rate', value: String(CONFIG_RATE) }).execute();
    await t.database.db
      .insertInto('tickets')
      .values({ id: TICKET_ID, tid: 'ABC-501', did: 0, userid: 1, contactid: 0, name: 'Client', email: 'c@example.com', date: nowSeconds(),
        title: 'Broken', message: 'Help', status: 'Open', urgency: 'High', admin: '', lastreply: null, flag: 0, service: '' })
      .execute();
  });
  afterAll(() => t.close());

  const project = async (params: Record<string, unknown> = {}) =>
    (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Timed', ...params } })).project;
  const action = async (projectId: number, params: Record<string, unknown> = {}) =>
    (await t.ok({ chain: 'actions', method: 'POST', params: { project_id: projectId, name: 'Task', ...params } })).action;
  const log = async (params: Record<string, unknown>, as: UserName = 'root') =>
    (await t.ok({ chain: 'timelogs', method: 'POST', params, as })).timelog;
  const update = async (id: number, params: Record<string, unknown>, as: UserName = 'root') =>
    (await t.ok({ chain: `timelogs/${id}`, method: 'PUT', params, as })).timelog;
  const list = (params: Record<string, unknown>, as: UserName = 'root') => t.ok({ chain: 'timelogs', params, as });
  const ids = (reply: { timelogs: { timelog_id: number }[] }) => reply.timelogs.map((l) => l.timelog_id);
  const elapsedOf = async (chain: string) => {
    const reply = await t.ok({ chain });
    return (reply.project ?? reply.action).elapsed as number;
  };
  /** A complete log of `seconds` on the project, started at `start`. */
  const span = (projectId: number, start: number, seconds: number, extra: Record<string, unknown> = {}) =>
    log({ project_id: projectId, date_start: start, duration: seconds, ...extra });

  describe('timers', () => {
    it('starts a timer without date_stop and duration, and stops it with stop: true', async () => {
      const p = await project();
      const started = nowSeconds() - HOUR;
      const timer = await log({ project_id: p.project_id, date_start: started, note: 'Fixing' });
      expect(timer).toMatchObject({
        project_id: p.project_id, action_id: 0, ticket_id: 0, adminid: t.ids.root, type: 'Standard', note: 'Fixing',
        date_start: iso(started), date_stop: null, duration: null, status: 'active', invoice_id: 0, amount: 0,
      });
      const stopped = await update(timer.timelog_id, { stop: true });
      expect(stopped.status).toBe('complete');
      const stop = Date.parse(stopped.date_stop) / 1000;
      expect(Math.abs(stop - nowSeconds())).toBeLessThan(5);
      expect(stopped.duration).toBe(stop - started);
    });

    it('refuses to stop a timer that is not running with 409, and leaves it as it was', async () => {
      const p = await project();
      const done = await span(p.project_id, nowSeconds() - 2 * HOUR, 600);
      const res = await t.api({ chain: `timelogs/${done.timelog_id}`, method: 'PUT', params: { stop: true } });
      expect(res.status).toBe(409);
      expect(res.body.request.message).toMatch(/not running/);
      expect((await t.ok({ chain: `timelogs/${done.timelog_id}` })).timelog).toEqual(done);
    });

    it('starts a timer with date_start defaulting to now, and stops it at a given date_stop', async () => {
      const p = await project();
      const timer = await log({ project_id: p.project_id });
      expect(Math.abs(Date.parse(timer.date_start) / 1000 - nowSeconds())).toBeLessThan(5);
      const stop = Date.parse(timer.date_start) / 1000 + 900;
      const stopped = await update(timer.timelog_id, { stop: true, date_stop: stop });
      expect(stopped).toMatchObject({ status: 'complete', duration: 900, date_stop: iso(stop) });
    });
  });

  describe('durations', () => {
    it('derives the duration from start and stop, keeps a given one, and derives stop from a duration', async () => {
      const p = await project();
      const start = Date.UTC(2026, 10, 2, 9) / 1000;
      const spanned = await log({ project_id: p.project_id, date_start: '2026-11-02T09:00:00Z', date_stop: '2026-11-02 10:30:00' });
      expect(spanned).toMatchObject({ duration: 5400, status: 'complete', date_stop: iso(start + 5400) });
      const withBreak = await log({ project_id: p.project_id, date_start: start, date_stop: start + 5400, duration: 3600 });
      expect(withBreak.duration).toBe(3600);
      const onlyDuration = await log({ project_id: p.project_id, date_start: '2026-11-02', duration: 1800 });
      expect(onlyDuration).toMatchObject({ date_start: '2026-11-02T00:00:00Z', date_stop: '2026-11-02T00:30:00Z', duration: 1800 });
    });

    it('refuses a date_stop before date_start with 400 and writes nothing', async () => {
      const p = await project();
      const res = await t.api({ chain: 'timelogs', method: 'POST', params: { project_id: p.project_id, date_start: '2026-11-02', date_stop: '2026-11-01' } });
      expect(res.status).toBe(400);
      expect(res.body.response.errors[0].param).toBe('date_stop');
      expect((await list({ project_id: p.project_id })).data.total).toBe(0);
    });

    it('recomputes the duration when start or stop moves, and keeps it on other changes', async () => {
      const p = await project();
      const start = Date.UTC(2026, 10, 3, 9) / 1000;
      const entry = await log({ project_id: p.project_id, date_start: start, date_stop: start + 3600, duration: 3000 });
      expect((await update(entry.timelog_id, { note: 'lunch break' })).duration).toBe(3000);
      expect((await update(entry.timelog_id, { date_stop: start + 7200 })).duration).toBe(7200);
      expect((await update(entry.timelog_id, { date_start: start + 1800, duration: 600 })).duration).toBe(600);
      const bad = await t.api({ chain: `timelogs/${entry.timelog_id}`, method: 'PUT', params: { date_start: start + 8000 } });
      expect(bad.status).toBe(400);
    });
  });

  describe('billing', () => {
    it('defaults billable from the project, or from the action the log is on', async () => {
      const billable = await project({ billable: true });
      const plain = await project({ billable: false });
      expect((await span(billable.project_id, nowSeconds(), 60)).billable).toBe(true);
      expect((await span(plain.project_id, nowSeconds(), 60)).billable).toBe(false);
      expect((await span(plain.project_id, nowSeconds(), 60, { billable: true })).billable).toBe(true);
      const freeTask = await action(billable.project_id, { billable: false });
      expect((await span(billable.project_id, nowSeconds(), 60, { action_id: freeTask.action_id })).billable).toBe(false);
    });

    it("takes the rate from the project, else from config hourly_rate, and rounds the amount to cents", async () => {
      const priced = await project({ hourly_rate: 100 });
      const unpriced = await project();
      expect(await span(priced.project_id, nowSeconds(), 5400)).toMatchObject({ rate: 100, amount: 150 });
      expect(await span(unpriced.project_id, nowSeconds(), 1800)).toMatchObject({ rate: CONFIG_RATE, amount: 40 });
      const cents = await project({ hourly_rate: 72.35 });
      expect(await span(cents.project_id, nowSeconds(), 360)).toMatchObject({ rate: 72.35, amount: 7.24 });
      expect(await log({ project_id: priced.project_id })).toMatchObject({ rate: 100, amount: 0, status: 'active' });
    });
  });

  describe('totals', () => {
    it('adds duration, billable, billed, unbilled and amount over all matching records, not just the page', async () => {
      const p = await project({ hourly_rate: 60, billable: true });
      const start = nowSeconds() - 10 * HOUR;
      await span(p.project_id, start, HOUR);
      await span(p.project_id, start, 2 * HOUR, { invoice_id: 7 });
      await span(p.project_id, start, 30 * 60, { billable: false });
      await span(p.project_id, start, 15 * 60, { billable: false, invoice_id: 8 });
      await log({ project_id: p.project_id });
      const reply = await list({ project_id: p.project_id, limit: 2 });
      expect(reply.timelogs).toHaveLength(2);
      expect(reply.data).toMatchObject({ total: 5, pages: 3 });
      expect(reply.data.totals).toEqual({ duration: 13500, billable: 10800, billed: 8100, unbilled: 3600, amount: 180 });
    });

    it('counts only the records the caller may see: a plain admin and a super admin get different totals', async () => {
      const open = await project({ admin_access: 'all', hourly_rate: 100, billable: true, name: 'Shared totals' });
      const closed = await project({ admin_access: 'manager', hourly_rate: 100, billable: true, name: 'Hidden totals' });
      const mine = await action(closed.project_id, { assigned_adminid: t.ids.alice });
      const start = Date.UTC(2031, 0, 5, 9) / 1000;
      const a = await span(open.project_id, start, HOUR);
      const b = await span(closed.project_id, start, 2 * HOUR);
      const c = await span(closed.project_id, start, 3 * HOUR, { action_id: mine.action_id });
      const filter = { date_from: '2031-01-05', date_to: '2031-01-05' };
      const asRoot = await list(filter);
      expect(ids(asRoot)).toEqual([a.timelog_id, b.timelog_id, c.timelog_id]);
      expect(asRoot.data.totals).toMatchObject({ duration: 6 * HOUR, amount: 600 });
      const asAlice = await list(filter, 'alice');
      expect(ids(asAlice)).toEqual([a.timelog_id, c.timelog_id]);
      expect(asAlice.data).toMatchObject({ total: 2, totals: { duration: 4 * HOUR, billable: 4 * HOUR, amount: 400 } });
      const asBob = await list(filter, 'bob');
      expect(asBob.data).toMatchObject({ total: 1, totals: { duration: HOUR, amount: 100 } });
    });
  });

  describe('filters and sorting', () => {
    it('filters by project, action, ticket, admin, status, billable, invoiced and type', async () => {
      const p = await project({ billable: true });
      const task = await action(p.project_id);
      const start = nowSeconds() - HOUR;
      const plain = await span(p.project_id, start, 60);
      const onTask = await span(p.project_id, start, 60, { action_id: task.action_id, ticket_id: TICKET_ID });
      const byAlice = await span(p.project_id, start, 60, { adminid: t.ids.alice, billable: false, type: 'Rush' });
      const invoiced = await span(p.project_id, start, 60, { invoice_id: 42 });
      const running = await log({ project_id: p.project_id });
      const only = async (filter: Record<string, unknown>) => ids(await list({ project_id: p.project_id, ...filter }));
      expect(await only({})).toEqual([plain, onTask, byAlice, invoiced, running].map((l) => l.timelog_id));
      expect(await only({ action_id: task.action_id })).toEqual([onTask.timelog_id]);
      expect(await only({ ticket_id: TICKET_ID })).toEqual([onTask.timelog_id]);
      expect(await only({ adminid: t.ids.alice })).toEqual([byAlice.timelog_id]);
      expect(await only({ status: 'active' })).toEqual([running.timelog_id]);
      expect(await only({ billable: 'false' })).toEqual([byAlice.timelog_id]);
      expect(await only({ invoiced: true })).toEqual([invoiced.timelog_id]);
      expect(await only({ invoiced: false, status: 'complete', action_id: 0, type: 'Standard' })).toEqual([plain.timelog_id]);
      expect(await only({ type: 'Rush' })).toEqual([byAlice.timelog_id]);
      const echoed = await list({ project_id: p.project_id, invoiced: '1', q: 'x' });
      expect(echoed.data.filters).toEqual({ project_id: p.project_id, invoiced: true, q: 'x' });
    });

    it('filters by a date range on date_start; a bare date_to covers that whole day', async () => {
      const p = await project();
      const day = (d: number, h: number) => Date.UTC(2030, 5, d, h) / 1000;
      const before = await span(p.project_id, day(9, 23), 60);
      const first = await span(p.project_id, day(10, 0), 60);
      const late = await span(p.project_id, day(12, 22), 60);
      const after = await span(p.project_id, day(13, 0), 60);
      const range = async (filter: Record<string, unknown>) => ids(await list({ project_id: p.project_id, ...filter }));
      expect(await range({ date_from: '2030-06-10', date_to: '2030-06-12' })).toEqual([first.timelog_id, late.timelog_id]);
      expect(await range({ date_from: '2030-06-12T00:00:00Z' })).toEqual([late.timelog_id, after.timelog_id]);
      expect(await range({ date_to: day(10, 0) - 1 })).toEqual([before.timelog_id]);
      const bad = await t.api({ chain: 'timelogs', params: { date_from: 'June' } });
      expect(bad.status).toBe(400);
    });

    it('searches notes, sorts by the documented fields and refuses others', async () => {
      const p = await project();
      const long = await span(p.project_id, nowSeconds() - 3 * HOUR, 900, { note: 'Database MIGRATION' });
      const short = await span(p.project_id, nowSeconds() - HOUR, 300, { note: 'Call' });
      expect(ids(await list({ project_id: p.project_id, q: 'migra' }))).toEqual([long.timelog_id]);
      expect(ids(await list({ project_id: p.project_id, sort: 'duration' }))).toEqual([short.timelog_id, long.timelog_id]);
      expect(ids(await list({ project_id: p.project_id, sort: '-date_start' }))).toEqual([short.timelog_id, long.timelog_id]);
      const refused = await t.api({ chain: 'timelogs', params: { sort: 'note' } });
      expect(refused.status).toBe(400);
    });
  });

  describe('elapsed', () => {
    it('keeps project and action elapsed equal to the logged seconds through create, stop, update, move and delete', async () => {
      const p = await project();
      const [a, b] = [await action(p.project_id), await action(p.project_id)];
      const expectElapsed = async (projectSeconds: number, aSeconds: number, bSeconds: number) => {
        expect(await elapsedOf(`projects/${p.project_id}`)).toBe(projectSeconds);
        expect(await elapsedOf(`actions/${a.action_id}`)).toBe(aSeconds);
        expect(await elapsedOf(`actions/${b.action_id}`)).toBe(bSeconds);
      };
      const first = await span(p.project_id, nowSeconds() - HOUR, 600, { action_id: a.action_id });
      const loose = await span(p.project_id, nowSeconds() - HOUR, 100);
      await expectElapsed(700, 600, 0);
      const timer = await log({ project_id: p.project_id, action_id: b.action_id, date_start: nowSeconds() - 50 });
      await expectElapsed(700, 600, 0);
      const stopped = await update(timer.timelog_id, { stop: true, duration: 50 });
      await expectElapsed(750, 600, 50);
      await update(first.timelog_id, { duration: 1200 });
      await expectElapsed(1350, 1200, 50);
      await update(first.timelog_id, { action_id: b.action_id });
      await expectElapsed(1350, 0, 1250);
      await t.ok({ chain: `timelogs/${stopped.timelog_id}`, method: 'DELETE' });
      await t.ok({ chain: `timelogs/${loose.timelog_id}`, method: 'DELETE' });
      await expectElapsed(1200, 0, 1200);
    });

    it("rolls each action's elapsed up its tree: a milestone counts its groups' and tasks' logs, through log moves, action moves and deletes", async () => {
      const p = await project();
      const [m1, m2] = [await action(p.project_id, { name: 'M1' }), await action(p.project_id, { name: 'M2' })];
      const group = await action(p.project_id, { name: 'G', parent_action_id: m1.action_id });
      const task = await action(p.project_id, { name: 'T', parent_action_id: group.action_id });
      const expectTree = async (expected: Record<string, number>) => {
        const named = { project: `projects/${p.project_id}`, M1: `actions/${m1.action_id}`, M2: `actions/${m2.action_id}`, G: `actions/${group.action_id}`, T: `actions/${task.action_id}` };
        const actual: Record<string, number> = {};
        for (const [name, chain] of Object.entries(named)) if (name in expected) actual[name] = await elapsedOf(chain);
        expect(actual).toEqual(expected);
      };
      const onTask = await span(p.project_id, nowSeconds() - HOUR, 600, { action_id: task.action_id });
      await span(p.project_id, nowSeconds() - HOUR, 100, { action_id: group.action_id });
      await expectTree({ project: 700, M1: 700, G: 700, T: 600, M2: 0 });
      // A log moved from the task to the other milestone.
      await update(onTask.timelog_id, { action_id: m2.action_id });
      await expectTree({ project: 700, M1: 100, G: 100, T: 0, M2: 600 });
      await update(onTask.timelog_id, { action_id: task.action_id });
      // The group, with its task, moved under the other milestone: their time goes with them.
      await t.ok({ chain: `actions/${group.action_id}`, method: 'PUT', params: { parent_action_id: m2.action_id } });
      await expectTree({ project: 700, M1: 0, M2: 700, G: 700, T: 600 });
      // Deleting the group leaves its logs on the project, no longer under the milestone.
      await t.ok({ chain: `actions/${group.action_id}`, method: 'DELETE' });
      await expectTree({ project: 700, M1: 0, M2: 0 });
    });

    it('moves elapsed between projects when a log changes project, and touches the activity', async () => {
      const from = await project();
      const to = await project();
      const entry = await span(from.project_id, nowSeconds() - HOUR, 500);
      expect(await elapsedOf(`projects/${from.project_id}`)).toBe(500);
      await update(entry.timelog_id, { project_id: to.project_id });
      expect(await elapsedOf(`projects/${from.project_id}`)).toBe(0);
      expect(await elapsedOf(`projects/${to.project_id}`)).toBe(500);
      const task = await action(from.project_id);
      const wrongAction = await t.api({ chain: `timelogs/${entry.timelog_id}`, method: 'PUT', params: { action_id: task.action_id } });
      expect(wrongAction.status).toBe(400);
      const refreshed = (await t.ok({ chain: `projects/${to.project_id}` })).project;
      expect(Date.parse(refreshed.activity)).toBeGreaterThanOrEqual(Date.parse(to.activity));
    });

    it('stays right under concurrent writes to one project', async () => {
      const p = await project();
      await Promise.all(Array.from({ length: 8 }, (_, i) => span(p.project_id, nowSeconds(), 10 * (i + 1))));
      expect(await elapsedOf(`projects/${p.project_id}`)).toBe(360);
      const timer = await log({ project_id: p.project_id, date_start: nowSeconds() - 100 });
      const stops = await Promise.all([1, 2, 3].map(() => t.api({ chain: `timelogs/${timer.timelog_id}`, method: 'PUT', params: { stop: true, duration: 100 } })));
      expect(stops.map((s) => s.status).sort()).toEqual([200, 409, 409]);
      expect(await elapsedOf(`projects/${p.project_id}`)).toBe(460);
    });
  });

  describe('access and errors', () => {
    it('refuses writes in an archived project with 409 and writes nothing', async () => {
      const p = await project();
      const entry = await span(p.project_id, nowSeconds() - HOUR, 300);
      await t.ok({ chain: `projects/${p.project_id}`, method: 'PUT', params: { function: 'archive' } });
      const attempts: ApiCall[] = [
        { chain: 'timelogs', method: 'POST', params: { project_id: p.project_id, duration: 60 } },
        { chain: `timelogs/${entry.timelog_id}`, method: 'PUT', params: { note: 'late edit' } },
        { chain: `timelogs/${entry.timelog_id}`, method: 'DELETE' },
      ];
      for (const call of attempts) expect((await t.api(call)).status, call.chain).toBe(409);
      const after = await list({ project_id: p.project_id });
      expect(after.timelogs).toEqual([entry]);
      expect(await elapsedOf(`projects/${p.project_id}`)).toBe(300);
    });

    it('answers 404 for absent logs and for logs a plain admin may not see', async () => {
      const hidden = await project({ admin_access: 'manager' });
      const secret = await span(hidden.project_id, nowSeconds(), 60);
      expect((await t.api({ chain: 'timelogs/999999' })).status).toBe(404);
      for (const call of [
        { chain: `timelogs/${secret.timelog_id}` },
        { chain: `timelogs/${secret.timelog_id}`, method: 'PUT', params: { note: 'x' } },
        { chain: `timelogs/${secret.timelog_id}`, method: 'DELETE' },
        { chain: 'timelogs', method: 'POST', params: { project_id: hidden.project_id, duration: 60 } },
        { chain: `projects/${hidden.project_id}/timelogs` },
      ]) {
        expect((await t.api({ ...call, as: 'alice' })).status, JSON.stringify(call)).toBe(404);
      }
      expect((await t.ok({ chain: `timelogs/${secret.timelog_id}` })).timelog.note).toBe('');
    });

    it('lets a plain admin log and edit time on an action assigned to them in a project they cannot see', async () => {
      const hidden = await project({ admin_access: 'manager' });
      const mine = await action(hidden.project_id, { assigned_adminid: t.ids.bob });
      const other = await action(hidden.project_id);
      const entry = await log({ project_id: hidden.project_id, action_id: mine.action_id, duration: 120 }, 'bob');
      expect(entry.adminid).toBe(t.ids.bob);
      expect((await update(entry.timelog_id, { note: 'done' }, 'bob')).note).toBe('done');
      const escape = await t.api({ chain: `timelogs/${entry.timelog_id}`, method: 'PUT', params: { action_id: other.action_id }, as: 'bob' });
      expect(escape.status).toBe(404);
      const reply = await t.ok({ chain: `actions/${mine.action_id}/timelogs`, as: 'bob' });
      expect(ids(reply)).toEqual([entry.timelog_id]);
    });

    it('refuses unknown params, wrong types and missing references with a 4xx naming them, and writes nothing', async () => {
      const p = await project();
      const elsewhere = await action((await project()).project_id);
      const cases: [Record<string, unknown>, number, string][] = [
        [{ project_id: p.project_id, colour: 'red' }, 400, 'colour'],
        [{ project_id: p.project_id, duration: 'long' }, 400, 'duration'],
        [{ project_id: p.project_id, duration: -5 }, 400, 'duration'],
        [{ project_id: p.project_id, date_start: 'yesterday' }, 400, 'date_start'],
        [{ project_id: p.project_id, type: 'Leisure' }, 400, 'type'],
        [{ project_id: p.project_id, action_id: elsewhere.action_id }, 400, 'action_id'],
        [{ project_id: p.project_id, ticket_id: 999999 }, 400, 'ticket_id'],
        [{ project_id: p.project_id, adminid: 999999 }, 400, 'adminid'],
        [{ duration: 60 }, 400, 'project_id'],
        [{ project_id: 999999 }, 404, ''],
      ];
      for (const [params, status, param] of cases) {
        const res = await t.api({ chain: 'timelogs', method: 'POST', params });
        expect(res.status, JSON.stringify(params)).toBe(status);
        expect(res.body.request.code).toBe(status);
        if (param) expect(res.body.response.errors.map((e: { param: string }) => e.param)).toContain(param);
        else expect(res.body.request.message).toMatch(/Project 999999/);
      }
      expect((await list({ project_id: p.project_id })).data.total).toBe(0);
      expect(await elapsedOf(`projects/${p.project_id}`)).toBe(0);
    });
  });

  describe('combined requests', () => {
    it('answers projects/{id}/timelogs and actions/{id}/timelogs with data (and totals), the parent and the list', async () => {
      const p = await project({ hourly_rate: 90, billable: true });
      const task = await action(p.project_id);
      const onTask = await span(p.project_id, nowSeconds() - HOUR, HOUR, { action_id: task.action_id });
      const loose = await span(p.project_id, nowSeconds() - HOUR, 1800);
      const byProject = await t.ok({ chain: `projects/${p.project_id}/timelogs`, params: { sort: '-timelog_id' } });
      expect(Object.keys(byProject).sort()).toEqual(['data', 'project', 'timelogs']);
      expect(byProject.project).toMatchObject({ project_id: p.project_id, elapsed: 5400 });
      expect(ids(byProject)).toEqual([loose.timelog_id, onTask.timelog_id]);
      expect(byProject.data).toMatchObject({ total: 2, filters: { project_id: p.project_id } });
      expect(byProject.data.totals).toEqual({ duration: 5400, billable: 5400, billed: 0, unbilled: 5400, amount: 135 });
      const byAction = await t.ok({ chain: `actions/${task.action_id}/timelogs` });
      expect(byAction.action).toMatchObject({ action_id: task.action_id, elapsed: HOUR });
      expect(byAction.timelogs).toEqual([onTask]);
      expect(byAction.data.totals).toMatchObject({ duration: HOUR, amount: 90 });
      expect((await t.api({ chain: 'projects/999999/timelogs' })).status).toBe(404);
      const xml = await t.api({ chain: `projects/${p.project_id}/timelogs`, format: 'xml' });
      expect(xml.text).toContain('<totals><duration>5400</duration>');
      expect(xml.text).toContain(`<timelogs><timelog><timelog_id>${onTask.timelog_id}</timelog_id>`);
    });
  });
});
