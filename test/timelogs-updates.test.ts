import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type ApiCall, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/* updateTimelog's rules beyond test/timelogs.test.ts: billable kept or set, a move with the log's action, the param a bad type is named by. */

const START = 1_800_000_000;

describe.each(testDatabases())('time log updates on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const project = async () => (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Timed' } })).project.project_id as number;
  const log = async (params: Record<string, unknown>) => (await t.ok({ chain: 'timelogs', method: 'POST', params: { date_start: START, duration: 600, ...params } })).timelog;
  const update = (id: number, params: Record<string, unknown>) => t.api({ chain: `timelogs/${id}`, method: 'PUT', params });

  it('sets billable when given, and keeps it when not', async () => {
    const entry = await log({ project_id: await project(), billable: false });
    expect((await update(entry.timelog_id, { billable: true })).body.response.timelog.billable).toBe(true);
    expect((await update(entry.timelog_id, { note: 'kept' })).body.response.timelog.billable).toBe(true);
    expect((await update(entry.timelog_id, { billable: false })).body.response.timelog.billable).toBe(false);
    expect((await update(entry.timelog_id, { note: 'still' })).body.response.timelog.billable).toBe(false);
  });

  it('refuses to move a log on an action to a project that action is not in, and moves it with an action there', async () => {
    const from = await project();
    const to = await project();
    const task = (await t.ok({ chain: 'actions', method: 'POST', params: { project_id: from, name: 'Task' } })).action.action_id;
    const entry = await log({ project_id: from, action_id: task });
    const refused = await update(entry.timelog_id, { project_id: to });
    expect(refused.status).toBe(400);
    expect(refused.body.response.errors[0]).toMatchObject({ param: 'action_id' });
    expect((await t.ok({ chain: `timelogs/${entry.timelog_id}` })).timelog).toMatchObject({ project_id: from, action_id: task });
    const moved = await update(entry.timelog_id, { project_id: to, action_id: 0 });
    expect(moved.body.response.timelog).toMatchObject({ project_id: to, action_id: 0 });
  });

  it('names type as the param whose value is not a configured time log type', async () => {
    const projectId = await project();
    const created = await t.api({ chain: 'timelogs', method: 'POST', params: { project_id: projectId, date_start: START, duration: 60, type: 'Nope' } });
    expect(created.body.response.errors).toEqual([{ param: 'type', message: expect.any(String) }]);
    const entry = await log({ project_id: projectId });
    const updated = await update(entry.timelog_id, { type: 'Nope' });
    expect(updated.body.response.errors).toEqual([{ param: 'type', message: expect.any(String) }]);
  });
});
