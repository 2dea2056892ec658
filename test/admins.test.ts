import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

describe.each(testDatabases())('admins on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.database.db.updateTable('admins').set({ name: 'Alice Jones', email: 'alice@example.com' }).where('username', '=', 'alice').execute();
  });
  afterAll(() => t.close());

  it('getMe tells the caller who they are and what their role grants', async () => {
    const root = await t.api({ chain: 'admins/me' });
    expect(root.status).toBe(200);
    expect(root.body.response.admin).toEqual({ admin_id: t.ids.root, username: 'root', name: '', role: 'Super Admin', access: 'super', disabled: false });
    const alice = await t.api({ chain: 'admins/me', as: 'alice', format: 'xml' });
    expect(alice.status).toBe(200);
    expect(alice.text).toContain('<name>Alice Jones</name>');
    expect(alice.text).toContain('<access>admin</access>');
    expect((await t.api({ chain: 'admins/me', as: 'nobody' })).status).toBe(403);
  });

  it('findAdmins lists every admin with name and role for any signed-in admin, and never an e-mail or a hash', async () => {
    const res = await t.api({ chain: 'admins', as: 'bob' });
    expect(res.status).toBe(200);
    const admins = res.body.response.admins;
    expect(admins.map((a: { username: string }) => a.username)).toEqual(['root', 'alice', 'bob', 'nobody']);
    expect(admins[1]).toEqual({ admin_id: t.ids.alice, username: 'alice', name: 'Alice Jones', role: 'Admin', access: 'admin', disabled: false });
    expect(res.text).not.toMatch(/example\.com|password|hash/);
    expect(res.body.response.data.total).toBe(4);
  });

  it('filters by access, by disabled and by text in the username or name, and sorts by name', async () => {
    const names = async (params: Record<string, unknown>) =>
      (await t.api({ chain: 'admins', params })).body.response.admins.map((a: { username: string }) => a.username);
    expect(await names({ access: 'none' })).toEqual(['nobody']);
    expect(await names({ access: 'admin' })).toEqual(['alice', 'bob']);
    expect(await names({ q: 'jones' })).toEqual(['alice']);
    expect(await names({ sort: '-username', limit: 2 })).toEqual(['root', 'nobody']);
    await t.database.db.updateTable('admins').set({ disabled: 1 }).where('username', '=', 'nobody').execute();
    expect(await names({ disabled: true })).toEqual(['nobody']);
    expect(await names({ disabled: false })).toEqual(['root', 'alice', 'bob']);
    expect((await t.api({ chain: 'admins', params: { access: 'owner' } })).status).toBe(400);
  });

  it('takes "me" for the caller in admin filters: my time logs, my running timers, the actions assigned to me', async () => {
    const project = (await t.api({ chain: 'projects', method: 'POST', params: { name: 'Mine', admin_access: 'all' } })).body.response.project;
    const task = (await t.api({ chain: 'actions', method: 'POST', params: { project_id: project.project_id, name: 'Hers', assigned_adminid: t.ids.alice } })).body.response.action;
    await t.api({ chain: 'actions', method: 'POST', params: { project_id: project.project_id, name: 'His', assigned_adminid: t.ids.bob } });
    for (const as of ['alice', 'bob'] as const) {
      expect((await t.api({ chain: 'timelogs', method: 'POST', params: { project_id: project.project_id, duration: 60 }, as })).status).toBe(200);
      expect((await t.api({ chain: 'timelogs', method: 'POST', params: { project_id: project.project_id }, as })).status).toBe(200);
    }
    const mine = (await t.api({ chain: 'timelogs', params: { adminid: 'me', project_id: project.project_id }, as: 'alice' })).body.response.timelogs;
    expect(mine.map((log: { adminid: number }) => log.adminid)).toEqual([t.ids.alice, t.ids.alice]);
    const running = (await t.api({ chain: 'timelogs', params: { adminid: 'me', status: 'active' }, as: 'bob' })).body.response.timelogs;
    expect(running.map((log: { adminid: number; status: string }) => [log.adminid, log.status])).toEqual([[t.ids.bob, 'active']]);
    const assigned = (await t.api({ chain: `projects/${project.project_id}/actions`, params: { assigned_adminid: 'me' }, as: 'alice' })).body.response.actions;
    expect(assigned.map((a: { action_id: number }) => a.action_id)).toEqual([task.action_id]);
    const refused = await t.api({ chain: 'timelogs', params: { adminid: 'someone' } });
    expect(refused.status).toBe(400);
    expect(refused.body.response.errors[0].param).toBe('adminid');
  });
});
