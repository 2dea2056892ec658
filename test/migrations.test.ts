import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as elapsedRollup from '../src/db/migrations/0005_elapsed_rollup.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/** Migrations that rewrite stored values, run on data as an older TeamPro left it. */
describe.each(testDatabases())('data migrations on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it("0005 makes each action's elapsed count its sub-actions' logs", async () => {
    const made = async (chain: string, params: Record<string, unknown>) => Object.values((await t.api({ chain, method: 'POST', params })).body.response)[0] as Record<string, number>;
    const p = await made('projects', { name: 'Old' });
    const m = await made('actions', { project_id: p.project_id, name: 'M' });
    const g = await made('actions', { project_id: p.project_id, name: 'G', parent_action_id: m.action_id });
    const task = await made('actions', { project_id: p.project_id, name: 'T', parent_action_id: g.action_id });
    await made('timelogs', { project_id: p.project_id, action_id: task.action_id, duration: 300 });
    await made('timelogs', { project_id: p.project_id, action_id: g.action_id, duration: 60 });
    await made('timelogs', { project_id: p.project_id, action_id: task.action_id });
    // As an older TeamPro kept it: each action its own logs only.
    const own = { [m.action_id]: 0, [g.action_id]: 60, [task.action_id]: 300 };
    for (const [id, seconds] of Object.entries(own)) await t.database.db.updateTable('actions').set({ elapsed: seconds }).where('action_id', '=', Number(id)).execute();
    await elapsedRollup.up(t.database.db);
    const rows = await t.database.db.selectFrom('actions').select(['action_id', 'elapsed']).where('project_id', '=', p.project_id).orderBy('action_id').execute();
    expect(rows.map((r) => Number(r.elapsed))).toEqual([360, 360, 300]);
  });
});
