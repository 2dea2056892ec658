import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTickets } from '../src/tickets/import.js';
import { createTestApp, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

describe.each(testDatabases())('ticketxrefs on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await importTickets(t.database.db, [
      { id: 101, tid: 'T-101', title: 'Login fails', status: 'Open' },
      { id: 102, tid: 'T-102', title: 'Slow pages', status: 'Open' },
      { id: 103, tid: 'T-103', title: 'Refund', status: 'Closed' },
    ]);
  });
  afterAll(() => t.close());

  const project = async (params: Record<string, unknown> = {}) =>
    (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Links', ...params } })).project;
  const action = async (projectId: number, params: Record<string, unknown> = {}) =>
    (await t.ok({ chain: 'actions', method: 'POST', params: { project_id: projectId, name: 'Task', ...params } })).action;
  const link = (params: Record<string, unknown>, as: UserName = 'root') => t.api({ chain: 'ticketxrefs', method: 'POST', params, as });
  const linksOf = async (projectId: number) => (await t.ok({ chain: 'ticketxrefs', params: { project_id: projectId } })).data.total as number;

  it('links a ticket to several projects and refuses the same (ticket, project, action) twice with 409', async () => {
    const p1 = await project();
    const p2 = await project();
    const task = await action(p1.project_id);
    const first = await link({ ticket_id: 101, project_id: p1.project_id });
    expect(first.status, first.text).toBe(200);
    expect(first.body.response.ticketxref).toMatchObject({ ticket_id: 101, project_id: p1.project_id, action_id: 0, created_by: t.ids.root });
    expect(first.body.response.ticketxref.created).toMatch(/Z$/);
    expect((await link({ ticket_id: 101, project_id: p2.project_id })).status).toBe(200);
    expect((await link({ ticket_id: 101, project_id: p1.project_id, action_id: task.action_id })).status).toBe(200);
    const duplicate = await link({ ticket_id: '101', project_id: String(p1.project_id), action_id: 0 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.request.message).toBe(`Ticket 101 is already linked to project ${p1.project_id}`);
    const byTicket = await t.ok({ chain: 'ticketxrefs', params: { ticket_id: 101, sort: '-xref_id' } });
    expect(byTicket.data.total).toBe(3);
    expect(byTicket.ticketxrefs[0].action_id).toBe(task.action_id);
  });

  it('makes exactly one link out of 80 parallel identical creates', async () => {
    const p = await project();
    const results = await Promise.all(Array.from({ length: 80 }, () => link({ ticket_id: 102, project_id: p.project_id })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(79);
    expect(await linksOf(p.project_id)).toBe(1);
  });

  it('refuses a link to a missing ticket, project or action, or to an action of another project, writing nothing', async () => {
    const p = await project();
    const other = await project();
    const foreign = await action(other.project_id);
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ ticket_id: 999, project_id: p.project_id }, 404, /WHMCS ticket 999 not found/],
      [{ ticket_id: 101, project_id: 999999 }, 404, /Project 999999 not found/],
      [{ ticket_id: 101, project_id: p.project_id, action_id: 999999 }, 400, /action_id/],
      [{ ticket_id: 101, project_id: p.project_id, action_id: foreign.action_id }, 400, /not an action of project/],
      [{ project_id: p.project_id }, 400, /ticket_id is required/],
      [{ ticket_id: 0, project_id: p.project_id }, 400, /ticket_id/],
      [{ ticket_id: 101, project_id: p.project_id, created_by: 5 }, 400, /created_by is not a known parameter/],
    ];
    for (const [params, status, message] of cases) {
      const res = await link(params);
      expect(res.status, JSON.stringify(params)).toBe(status);
      expect(res.body.request.message).toMatch(message);
    }
    expect(await linksOf(p.project_id)).toBe(0);
    expect((await t.api({ chain: 'ticketxrefs', params: { q: 'login' } })).status).toBe(400);
  });

  it('moves a link to another action, ticket or project, keeps it unique, and deletes it', async () => {
    const p = await project();
    const q = await project();
    const task = await action(p.project_id);
    const a = (await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 101, project_id: p.project_id } })).ticketxref;
    const b = (await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 103, project_id: p.project_id, action_id: task.action_id } })).ticketxref;
    const moved = await t.ok({ chain: `ticketxrefs/${a.xref_id}`, method: 'PUT', params: { action_id: task.action_id } });
    expect(moved.ticketxref).toMatchObject({ xref_id: a.xref_id, ticket_id: 101, action_id: task.action_id, created: a.created });
    const clash = await t.api({ chain: `ticketxrefs/${a.xref_id}`, method: 'PUT', params: { ticket_id: 103 } });
    expect(clash.status).toBe(409);
    expect((await t.api({ chain: `ticketxrefs/${a.xref_id}`, method: 'PUT', params: { ticket_id: 999 } })).status).toBe(404);
    const toOther = await t.ok({ chain: `ticketxrefs/${b.xref_id}`, method: 'PUT', params: { project_id: q.project_id } });
    expect(toOther.ticketxref).toMatchObject({ project_id: q.project_id, action_id: 0 });
    const deleted = await t.ok({ chain: `ticketxrefs/${a.xref_id}`, method: 'DELETE' });
    expect(deleted.ticketxref).toEqual(moved.ticketxref);
    expect((await t.api({ chain: `ticketxrefs/${a.xref_id}` })).status).toBe(404);
    expect((await t.ok({ chain: 'whmcstickets/101' })).whmcsticket.id).toBe(101);
  });

  it('refuses link writes in an archived project', async () => {
    const p = await project();
    const xref = (await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 101, project_id: p.project_id } })).ticketxref;
    await t.ok({ chain: `projects/${p.project_id}`, method: 'PUT', params: { function: 'archive' } });
    expect((await link({ ticket_id: 102, project_id: p.project_id })).status).toBe(409);
    expect((await t.api({ chain: `ticketxrefs/${xref.xref_id}`, method: 'DELETE' })).status).toBe(409);
    expect(await linksOf(p.project_id)).toBe(1);
  });

  it('shows a plain admin only links of projects they see or of actions assigned to them', async () => {
    const hidden = await project({ admin_access: 'manager' });
    const mine = await action(hidden.project_id, { assigned_adminid: t.ids.alice });
    const secret = (await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 101, project_id: hidden.project_id } })).ticketxref;
    const assigned = (await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 102, project_id: hidden.project_id, action_id: mine.action_id } })).ticketxref;
    const asRoot = await t.ok({ chain: 'ticketxrefs' });
    const asAlice = await t.ok({ chain: 'ticketxrefs', as: 'alice' });
    const asBob = await t.ok({ chain: 'ticketxrefs', as: 'bob' });
    expect(asAlice.data.total).toBe(asRoot.data.total - 1);
    expect(asBob.data.total).toBe(asRoot.data.total - 2);
    expect((await t.api({ chain: `ticketxrefs/${secret.xref_id}`, as: 'alice' })).status).toBe(404);
    expect((await t.api({ chain: `ticketxrefs/${secret.xref_id}`, method: 'DELETE', as: 'alice' })).status).toBe(404);
    expect((await t.api({ chain: `ticketxrefs/${assigned.xref_id}`, as: 'alice' })).status).toBe(200);
    const inAction = await t.ok({ chain: `actions/${mine.action_id}/whmcstickets`, as: 'alice' });
    expect(inAction.whmcstickets.map((x: { id: number }) => x.id)).toEqual([102]);
    expect((await link({ ticket_id: 103, project_id: hidden.project_id }, 'bob')).status).toBe(404);
    expect((await link({ ticket_id: 103, project_id: hidden.project_id, action_id: mine.action_id }, 'alice')).status).toBe(200);
  });
});
