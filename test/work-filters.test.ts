import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const DAY = 86_400;
const today = Math.floor(Date.now() / 1000 / DAY) * DAY;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/** The list filters beyond equality, on actions (and the same on projects). */
describe.each(testDatabases())('work filters on $name', (kind) => {
  let t: TestApp;
  let projectId: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    projectId = (await t.api({ chain: 'projects', method: 'POST', params: { name: 'Filters' } })).body.response.project.project_id;
    const make = (name: string, params: Record<string, unknown>) => t.ok({ chain: 'actions', method: 'POST', params: { project_id: projectId, name, ...params } });
    await make('Late', { date_start: iso(today - 10 * DAY), date_finish: iso(today - 2 * DAY), complete: 40 });
    await make('Late but done', { date_start: iso(today - 10 * DAY), date_finish: iso(today - 2 * DAY), complete: 100, status: 'Complete' });
    await make('Due soon', { date_start: iso(today), date_finish: iso(today + 3 * DAY), complete: 0 });
    await make('Due later', { date_start: iso(today + 5 * DAY), date_finish: iso(today + 30 * DAY), complete: 10, status: 'Closed' });
    await make('Undated', { complete: 0 });
    // Due at midnight today: the whole of today to finish it, so not late yet.
    await make('Due today', { date_start: iso(today), date_finish: iso(today), complete: 0 });
  });
  afterAll(() => t.close());

  const names = async (params: Record<string, unknown>, chain = 'actions') => {
    const res = await t.api({ chain, params: { project_id: projectId, sort: 'action_id', ...params } });
    expect(res.status, res.text).toBe(200);
    return res.body.response.actions.map((a: { name: string }) => a.name);
  };

  it('overdue: past their finish and not complete; false is everything else', async () => {
    expect(await names({ overdue: true })).toEqual(['Late']);
    expect(await names({ overdue: false })).toEqual(['Late but done', 'Due soon', 'Due later', 'Undated', 'Due today']);
  });

  it('due_within days: not complete and due from now to then', async () => {
    expect(await names({ due_within: 0 })).toEqual(['Due today']);
    expect(await names({ due_within: 7 })).toEqual(['Due soon', 'Due today']);
    expect(await names({ due_within: 60 })).toEqual(['Due soon', 'Due later', 'Due today']);
  });

  it('date ranges, a day given as "before" taking in that whole day', async () => {
    expect(await names({ date_finish_before: iso(today + 3 * DAY) })).toEqual(['Late', 'Late but done', 'Due soon', 'Due today']);
    expect(await names({ date_finish_after: iso(today), date_finish_before: iso(today + 10 * DAY) })).toEqual(['Due soon', 'Due today']);
    expect(await names({ date_start_after: iso(today + DAY) })).toEqual(['Due later']);
    expect(await names({ date_start_before: iso(today - DAY) })).toEqual(['Late', 'Late but done']);
  });

  it('status_not and complete_below leave out what is finished', async () => {
    expect(await names({ status_not: 'Complete, Closed' })).toEqual(['Late', 'Due soon', 'Undated', 'Due today']);
    expect(await names({ complete_below: 100 })).toEqual(['Late', 'Due soon', 'Due later', 'Undated', 'Due today']);
    expect(await names({ complete_below: 10 })).toEqual(['Due soon', 'Undated', 'Due today']);
    expect(await names({ status_not: 'Closed', q: 'due' })).toEqual(['Due soon', 'Due today']);
  });

  it('work the same on a project\'s combined list and on projects', async () => {
    expect(await names({ overdue: true }, `projects/${projectId}/actions`)).toEqual(['Late']);
    const projects = await t.api({ chain: 'projects', params: { overdue: false, status_not: 'Closed' } });
    expect(projects.status).toBe(200);
    const bad = await t.api({ chain: 'actions', params: { due_within: -1, complete_below: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.response.errors.map((e: { param: string }) => e.param).sort()).toEqual(['complete_below', 'due_within']);
  });
});
