import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/app-config.js';
import { TeamProClient } from '../src/client/index.js';
import { startServer } from '../src/server.js';
import { makeDueOccurrences, type SchedulerDeps } from '../src/recurrences/scheduler.js';
import { SettingsCache } from '../src/settings/settings.js';
import { createTestApp, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/* Recurring actions (docs/resources/recurrences.md): the rule's checks, who may set one, the scheduler's copies (once each, passed over or ended when they cannot be made), and what deletes take with them. */

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Mondays 09:00 UTC, well after any run of these tests. */
const MONDAY = Date.UTC(2027, 0, 4, 9) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000', '');

describe.each(testDatabases())('recurrences on $name', (kind) => {
  let t: TestApp;
  let deps: SchedulerDeps;
  const warnings: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(kind);
    deps = { db: t.database.db, settings: new SettingsCache(), warn: (line) => warnings.push(line) };
  });
  afterAll(() => t.close());

  const api = (chain: string, method = 'GET', params: Record<string, unknown> = {}, as: UserName = 'root') => t.api({ chain, method, params, as });
  const ok = async (chain: string, method = 'GET', params: Record<string, unknown> = {}, as: UserName = 'root') => t.ok({ chain, method, params, as });
  /** The scheduler makes every due occurrence in the database: a test of it starts with none but its own. */
  const onlyOwnRecurrences = () => t.database.db.deleteFrom('recurrences').execute();
  const repeat = (params: Record<string, unknown>, as: UserName = 'root') => api('recurrences', 'POST', params, as);
  const actionsNamed = async (projectId: number, name: string) =>
    ((await ok(`projects/${projectId}/actions`, 'GET', { limit: 200 })).actions as any[]).filter((a) => a.name === name);

  /** A weekly report (Collect, Write) under a milestone, starting the Monday before MONDAY. */
  async function report(projectFields: Record<string, unknown> = {}) {
    const project = (await ok('projects', 'POST', { name: 'Retainer', ...projectFields })).project;
    const milestone = (await ok('actions', 'POST', { project_id: project.project_id, name: 'Reporting' })).action;
    const weekly = (await ok('actions', 'POST', { project_id: project.project_id, parent_action_id: milestone.action_id, name: 'Weekly report', date_start: MONDAY - WEEK, date_finish: MONDAY - WEEK + DAY })).action;
    for (const name of ['Collect', 'Write']) await ok('actions', 'POST', { project_id: project.project_id, parent_action_id: weekly.action_id, name, complete: 100 });
    return { projectId: project.project_id as number, milestoneId: milestone.action_id as number, weeklyId: weekly.action_id as number };
  }

  it('takes a rule anchored at a start, and shows the next occurrences it will make', async () => {
    const { projectId, weeklyId } = await report();
    const reply = await repeat({ action_id: weeklyId, rule: 'freq=weekly;byday=MO', starts: MONDAY });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.response.recurrence).toMatchObject({
      project_id: projectId, action_id: weeklyId, rule: 'FREQ=WEEKLY;BYDAY=MO', starts: iso(MONDAY), next_at: iso(MONDAY),
      upcoming: [iso(MONDAY), iso(MONDAY + WEEK), iso(MONDAY + 2 * WEEK)], occurrences: 0, last_at: null, last_action_id: 0, created_by: t.ids.root,
    });
    // Without a start, the action's own start anchors it; occurrences before now are never made.
    const fromAction = (await repeat({ action_id: weeklyId, rule: 'FREQ=DAILY' })).body.response.recurrence;
    expect(fromAction.starts).toBe(iso(MONDAY - WEEK));
    expect(Date.parse(fromAction.next_at) / 1000).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 1);
    expect(Date.parse(fromAction.next_at) / 1000 - (MONDAY - WEEK)).toBeLessThanOrEqual(0);
  });

  it('refuses rules it cannot keep, naming the rule', async () => {
    const { weeklyId } = await report();
    const refused = [
      'FREQ=MINUTELY', 'FREQ=SECONDLY', 'BYDAY=MO', 'FREQ=WEEKLY;FREQ=DAILY', 'FREQ=DAILY;BYHOUR=9', 'FREQ=DAILY;INTERVAL=0',
      'FREQ=DAILY;INTERVAL=x', 'FREQ=DAILY;COUNT=1;UNTIL=20200101T000000Z', 'DTSTART:20270104T090000Z', 'FREQ=NOPE', '<script>',
    ];
    for (const rule of refused) {
      const reply = await repeat({ action_id: weeklyId, rule, starts: MONDAY });
      expect(reply.status, rule).toBe(400);
      expect(reply.body.response.errors[0].param, rule).toBe('rule');
    }
    const past = await repeat({ action_id: weeklyId, rule: 'FREQ=DAILY;COUNT=2', starts: Date.UTC(2020, 0, 1) / 1000 });
    expect(past.body.response.errors[0]).toMatchObject({ param: 'rule', message: expect.stringMatching(/no occurrence from now on/) });
    expect((await ok('recurrences', 'GET', { action_id: weeklyId })).data.total).toBe(0);
  });

  it('makes each due occurrence once: a fresh copy beside the action, moved to the occurrence', async () => {
    await onlyOwnRecurrences();
    const { projectId, milestoneId, weeklyId } = await report();
    const { recurrence_id: id } = (await ok('recurrences', 'POST', { action_id: weeklyId, rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=2', starts: MONDAY })).recurrence;
    // Two schedulers at once (two workers, two instances): one copy.
    const runs = await Promise.all([makeDueOccurrences(deps, MONDAY + HOUR), makeDueOccurrences(deps, MONDAY + HOUR)]);
    expect(runs.flat().filter((o) => o === 'made')).toHaveLength(1);
    const copies = (await actionsNamed(projectId, 'Weekly report')).filter((a) => a.action_id !== weeklyId);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ parent_action_id: milestoneId, date_start: iso(MONDAY), date_finish: iso(MONDAY + DAY), complete: 0 });
    const kids = (await ok(`projects/${projectId}/actions`, 'GET', { parent_action_id: copies[0].action_id })).actions;
    expect(kids.map((a: any) => [a.name, a.complete])).toEqual([['Collect', 0], ['Write', 0]]);
    expect((await ok(`recurrences/${id}`)).recurrence).toMatchObject({ occurrences: 1, last_at: iso(MONDAY), last_action_id: copies[0].action_id, next_at: iso(MONDAY + WEEK), upcoming: [iso(MONDAY + WEEK)] });
    // Not due again until the next Monday; then the last one, and the rule has no more.
    expect(await makeDueOccurrences(deps, MONDAY + DAY)).toEqual([]);
    expect(await makeDueOccurrences(deps, MONDAY + 3 * WEEK)).toEqual(['made']);
    expect(await makeDueOccurrences(deps, MONDAY + 3 * WEEK)).toEqual([]);
    expect((await ok(`recurrences/${id}`)).recurrence).toMatchObject({ occurrences: 2, next_at: null, upcoming: [] });
    expect((await actionsNamed(projectId, 'Weekly report')).map((a) => a.date_start).sort()).toEqual([iso(MONDAY - WEEK), iso(MONDAY), iso(MONDAY + WEEK)]);
  });

  it('passes over an occurrence it may not make, and ends when its action is gone', async () => {
    await onlyOwnRecurrences();
    const archived = await report();
    const gone = await report();
    const rule = { rule: 'FREQ=DAILY', starts: MONDAY };
    const a = (await ok('recurrences', 'POST', { action_id: archived.weeklyId, ...rule })).recurrence;
    const g = (await ok('recurrences', 'POST', { action_id: gone.weeklyId, ...rule })).recurrence;
    await ok(`projects/${archived.projectId}`, 'PUT', { function: 'archive' });
    // Deleted behind the API's back: deleteAction itself takes the recurrence with it (below).
    await t.database.db.deleteFrom('actions').where('action_id', '=', gone.weeklyId).execute();
    warnings.length = 0;
    const outcomes = await makeDueOccurrences(deps, MONDAY + HOUR);
    expect(outcomes.sort()).toEqual(['ended', 'skipped']);
    expect((await ok(`recurrences/${a.recurrence_id}`)).recurrence).toMatchObject({ next_at: iso(MONDAY + DAY), last_action_id: 0, occurrences: 0, last_at: null });
    expect((await api(`recurrences/${g.recurrence_id}`)).status).toBe(404);
    expect(warnings.join('\n')).toMatch(/passed over .*archived/);
    expect(await actionsNamed(archived.projectId, 'Weekly report')).toHaveLength(1);
  });

  it('goes with its action or project when they are deleted, and a change applies from now', async () => {
    const { projectId, milestoneId, weeklyId } = await report();
    const byAction = (await ok('recurrences', 'POST', { action_id: weeklyId, rule: 'FREQ=WEEKLY', starts: MONDAY })).recurrence;
    const byProject = (await ok('recurrences', 'POST', { action_id: milestoneId, rule: 'FREQ=MONTHLY', starts: MONDAY })).recurrence;
    const changed = (await ok(`recurrences/${byProject.recurrence_id}`, 'PUT', { rule: 'FREQ=YEARLY', starts: MONDAY + DAY })).recurrence;
    expect(changed).toMatchObject({ rule: 'FREQ=YEARLY', next_at: iso(MONDAY + DAY), upcoming: [iso(MONDAY + DAY), iso(MONDAY + DAY + 365 * DAY), expect.any(String)] });
    expect((await api(`recurrences/${byProject.recurrence_id}`, 'PUT', { rule: 'FREQ=MINUTELY' })).status).toBe(400);
    await ok(`actions/${milestoneId}`, 'DELETE');
    expect((await api(`recurrences/${byAction.recurrence_id}`)).status).toBe(404);
    expect((await api(`recurrences/${byProject.recurrence_id}`)).status).toBe(404);
    const again = await report();
    const kept = (await ok('recurrences', 'POST', { action_id: again.weeklyId, rule: 'FREQ=WEEKLY', starts: MONDAY })).recurrence;
    await ok(`projects/${again.projectId}`, 'DELETE');
    expect((await api(`recurrences/${kept.recurrence_id}`)).status).toBe(404);
    expect((await ok('recurrences', 'GET', { project_id: projectId })).data.total).toBe(0);
  });

  it('is seen and set only by whoever sees the project and may write in it', async () => {
    const hidden = await report({ admin_access: 'manager', manager_adminid: t.ids.alice });
    await ok(`actions/${hidden.weeklyId}`, 'PUT', { assigned_adminid: t.ids.bob });
    // bob is assigned the action, but its sub-actions would be copied: he may not repeat it.
    expect((await repeat({ action_id: hidden.weeklyId, rule: 'FREQ=WEEKLY' }, 'bob')).status).toBe(403);
    const own = (await ok('recurrences', 'POST', { action_id: hidden.weeklyId, rule: 'FREQ=WEEKLY', starts: MONDAY }, 'alice')).recurrence;
    expect(own.created_by).toBe(t.ids.alice);
    expect((await api(`recurrences/${own.recurrence_id}`, 'GET', {}, 'bob')).status).toBe(404);
    expect((await ok('recurrences', 'GET', { project_id: hidden.projectId }, 'bob')).data.total).toBe(0);
    expect((await api(`recurrences/${own.recurrence_id}`, 'DELETE', {}, 'bob')).status).toBe(404);
    expect((await repeat({ action_id: 999_999, rule: 'FREQ=WEEKLY' })).status).toBe(404);
    expect((await repeat({ action_id: hidden.weeklyId, rule: 'FREQ=WEEKLY' }, 'nobody')).status).toBe(403);
    await ok(`projects/${hidden.projectId}`, 'PUT', { function: 'archive' });
    expect((await repeat({ action_id: hidden.weeklyId, rule: 'FREQ=WEEKLY' }, 'alice')).status).toBe(409);
    expect((await api(`recurrences/${own.recurrence_id}`, 'DELETE', {}, 'alice')).status).toBe(409);
  });
});

describe('the running server’s scheduler', () => {
  it('makes a due occurrence by itself, every TEAMPRO_RECURRENCE_SECONDS', { timeout: 30_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-recurrences-'));
    const config = loadConfig({ TEAMPRO_DATA_DIR: dataDir, TEAMPRO_ADMIN_USER: 'root', TEAMPRO_ADMIN_PASSWORD: 'root-secret', HOST: '127.0.0.1', PORT: '0', TEAMPRO_LOG_LEVEL: 'silent', TEAMPRO_RECURRENCE_SECONDS: '1' });
    const server = await startServer(config, () => {});
    const client = new TeamProClient({ url: `${server.url}/api.php`, username: 'root', password: 'root-secret' });
    try {
      const project = await client.projects.create({ name: 'Scheduled' });
      const action = await client.actions.create({ project_id: project.project_id, name: 'Heartbeat' });
      // Hourly from the next whole second: due within a second or two.
      const starts = Math.floor(Date.now() / 1000) + 1;
      const recurrence = await client.recurrences.create({ action_id: action.action_id, rule: 'FREQ=HOURLY', starts });
      await expect.poll(async () => (await client.recurrences.get(recurrence.recurrence_id)).occurrences, { timeout: 15_000, interval: 250 }).toBe(1);
      const copies = (await client.projects.actions(project.project_id)).actions.filter((a) => a.name === 'Heartbeat');
      expect(copies).toHaveLength(2);
    } finally {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
