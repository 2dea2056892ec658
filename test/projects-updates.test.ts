import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/* updateProject's rules beyond test/projects.test.ts: flags, archiving again, dates against the stored ones, the list a bad value is checked against. */

describe.each(testDatabases())('project updates on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const create = async (params: Record<string, unknown>) => (await t.ok({ chain: 'projects', method: 'POST', params })).project;
  const update = (id: number, params: Record<string, unknown>) => t.api({ chain: `projects/${id}`, method: 'PUT', params });

  it('sets billable when given, and keeps it when not', async () => {
    const { project_id: id } = await create({ name: 'Flags' });
    expect((await update(id, { billable: true })).body.response.project.billable).toBe(true);
    expect((await update(id, { name: 'Flags 2' })).body.response.project.billable).toBe(true);
    expect((await update(id, { billable: false })).body.response.project.billable).toBe(false);
    expect((await update(id, { name: 'Flags 3' })).body.response.project.billable).toBe(false);
  });

  it('keeps an archived project read-only when an update archives it again', async () => {
    const { project_id: id } = await create({ name: 'Archived', function: 'archive' });
    expect((await update(id, { function: 'archive', name: 'Renamed' })).status).toBe(409);
    expect((await t.api({ chain: `projects/${id}` })).body.response.project.name).toBe('Archived');
  });

  it('checks a new start or finish against the stored other one', async () => {
    const { project_id: id } = await create({ name: 'Dates', date_start: '2026-03-01', date_finish: '2026-03-31' });
    const early = await update(id, { date_finish: '2026-02-01' });
    expect(early.status).toBe(400);
    expect(early.body.response.errors[0]).toMatchObject({ param: 'date_finish' });
    expect((await update(id, { date_start: '2026-04-01' })).status).toBe(400);
    expect((await update(id, { date_start: '2026-03-15' })).body.response.project.date_start).toBe('2026-03-15T00:00:00Z');
    expect((await update(id, { date_start: '2026-05-01', date_finish: '2026-05-31' })).status).toBe(200);
    expect((await update(id, { date_start: null, date_finish: '2026-01-01' })).status).toBe(200);
  });

  it('names the param whose value is not in its configured list', async () => {
    const { project_id: id } = await create({ name: 'Lists' });
    const type = await update(id, { type: 'Nope' });
    expect(type.status).toBe(400);
    expect(type.body.response.errors).toEqual([{ param: 'type', message: expect.any(String) }]);
    const created = await t.api({ chain: 'projects', method: 'POST', params: { name: 'x', type: 'Nope' } });
    expect(created.body.response.errors).toEqual([{ param: 'type', message: expect.any(String) }]);
  });
});
