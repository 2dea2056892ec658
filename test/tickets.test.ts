import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTickets, importTicketsFile, TicketImportError } from '../src/tickets/import.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/** tbltickets-shaped rows, as a WHMCS export gives them (strings for numbers, zero dates, extra columns). */
const EXPORT = [
  {
    id: '2038', tid: '718293', did: '1', userid: '7', contactid: '0', name: 'Ada Client', email: 'ada@example.com', cc: '', c: 'abc123',
    date: '2026-11-20 09:30:00', title: 'Website down', message: 'The site returns 502', status: 'Open', urgency: 'High',
    admin: '', attachment: '', lastreply: '2026-11-21 10:00:00', flag: '0', clientunread: '1', adminunread: '', replyingadmin: '0',
    replyingtime: '0000-00-00 00:00:00', service: 'S12', editor: 'plain', deptname: 'Support',
  },
  {
    id: 2039, tid: '551234', did: 2, userid: 7, contactid: 3, name: 'Ada Client', email: 'ada@example.com',
    date: '2026-11-22 08:00:00', title: 'Invoice question', message: 'Why two invoices?', status: 'Answered', urgency: 'Low',
    admin: 'root', lastreply: '0000-00-00 00:00:00', flag: 0, service: '', deptname: 'Billing',
  },
  { id: 2040, tid: '998877', did: 1, userid: 9, title: 'SSL renewal', message: 'Certificate expires soon', status: 'Closed', date: 1795564800 },
];

describe.each(testDatabases())('whmcstickets on $name', (kind) => {
  let t: TestApp;
  let tmp: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-tickets-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const ticketCount = async () => (await t.ok({ chain: 'whmcstickets', params: { limit: 1 } })).data.total as number;
  const writeFile = (name: string, content: unknown) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('imports a tbltickets export from a file, then upserts by id with counts', async () => {
    const first = await importTicketsFile(t.database.db, writeFile('export.json', EXPORT));
    expect(first).toEqual({ inserted: 3, updated: 0, total: 3 });
    const again = await importTicketsFile(
      t.database.db,
      writeFile('again.json', [{ ...EXPORT[2], status: 'Open' }, { id: 2041, tid: '100001', title: 'New one', did: 2, date: '2026-11-01' }]),
    );
    expect(again).toEqual({ inserted: 1, updated: 1, total: 2 });
    const ticket = (await t.ok({ chain: 'whmcstickets/2038' })).whmcsticket;
    expect(ticket).toEqual({
      id: 2038, tid: '718293', did: 1, userid: 7, contactid: 0, name: 'Ada Client', email: 'ada@example.com',
      date: '2026-11-20T09:30:00Z', title: 'Website down', message: 'The site returns 502', status: 'Open', urgency: 'High',
      admin: '', lastreply: '2026-11-21T10:00:00Z', flag: 0, service: 'S12', deptname: 'Support',
    });
    const other = (await t.ok({ chain: 'whmcstickets/2039' })).whmcsticket;
    expect(other).toMatchObject({ lastreply: null, deptname: 'Billing', contactid: 3 });
    expect((await t.ok({ chain: 'whmcstickets/2040' })).whmcsticket).toMatchObject({ status: 'Open', deptname: 'Support', urgency: 'Medium' });
    expect((await t.ok({ chain: 'whmcstickets/2041' })).whmcsticket).toMatchObject({ deptname: 'Billing', date: '2026-11-01T00:00:00Z' });
  });

  it('tells its progress in rows written, new rows first, up to the whole file', async () => {
    const rows = Array.from({ length: 450 }, (_, i) => ({ id: 5001 + i, tid: `BULK-${i}`, title: `Bulk ${i}` }));
    const steps: [number, number][] = [];
    await importTickets(t.database.db, rows.slice(0, 250), (written, total) => steps.push([written, total]));
    expect(steps).toEqual([[0, 250], [200, 250], [250, 250]]);
    steps.length = 0;
    // 250 known rows (updated) and 200 new ones (inserted first).
    const result = await importTickets(t.database.db, rows, (written, total) => steps.push([written, total]));
    expect(result).toEqual({ inserted: 200, updated: 250, total: 450 });
    expect(steps).toEqual([[0, 450], [200, 450], [400, 450], [450, 450]]);
    await t.database.db.deleteFrom('tickets').where('id', '>', 5000).execute();
  });

  it('refuses a malformed file naming the row and field, and imports nothing from it', async () => {
    const before = await ticketCount();
    const bad = [
      { id: 3001, tid: 'ok', title: 'A valid row that must not be imported' },
      { id: 3002, tid: 'x', title: 'Bad date', date: 'yesterday' },
      { id: 3003, title: 'No tid' },
      { id: 3004, tid: 'y', title: 'Typo', stauts: 'Open' },
      { id: 3001, tid: 'dup', title: 'Same id again' },
      'not an object',
    ];
    const error = await importTicketsFile(t.database.db, writeFile('bad.json', bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TicketImportError);
    const message = (error as Error).message;
    expect(message).toMatch(/Nothing imported/);
    expect(message).toContain('row 2 (id 3002): "date" must be a date');
    expect(message).toContain('row 3 (id 3003): "tid" is required');
    expect(message).toContain('row 4 (id 3004): "stauts" is not a tbltickets column');
    expect(message).toContain('row 5 (id 3001): "id" 3001 is also used by row 1 (id 3001)');
    expect(message).toContain('row 6: must be an object');
    expect(await ticketCount()).toBe(before);
    expect((await t.api({ chain: 'whmcstickets/3001' })).status).toBe(404);
    await expect(importTicketsFile(t.database.db, writeFile('broken.json', '[{"id": 1,'))).rejects.toThrow(/not valid JSON/);
    await expect(importTicketsFile(t.database.db, writeFile('object.json', { id: 1 }))).rejects.toThrow(/JSON array/);
    await expect(importTicketsFile(t.database.db, path.join(tmp, 'missing.json'))).rejects.toThrow(/Cannot read/);
    await expect(importTickets(t.database.db, [{ id: 1, tid: 'a', title: 't'.repeat(256) }])).rejects.toThrow(/"title" is longer than 255/);
    expect(await ticketCount()).toBe(before);
  });

  it('lists tickets with filters, search, sort and paging, readable by every admin with API access', async () => {
    const all = await t.ok({ chain: 'whmcstickets', params: { sort: '-date', limit: 2 } });
    expect(all.data).toMatchObject({ total: 4, limit: 2, offset: 0, page: 1, pages: 2, filters: {} });
    expect(all.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2040, 2039]);
    const open = await t.ok({ chain: 'whmcstickets', params: { status: 'Open', userid: '7' } });
    expect(open.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2038]);
    expect(open.data.filters).toEqual({ status: 'Open', userid: 7 });
    const search = await t.ok({ chain: 'whmcstickets', params: { q: 'INVOICE' } });
    expect(search.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2039]);
    const byTid = await t.ok({ chain: 'whmcstickets', params: { q: '9988' } });
    expect(byTid.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2040]);
    const recent = await t.ok({ chain: 'whmcstickets', params: { modified_since: '2026-11-21' } });
    expect(recent.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2038]);
    const asAlice = await t.ok({ chain: 'whmcstickets', as: 'alice' });
    expect(asAlice.data.total).toBe(4);
    expect((await t.api({ chain: 'whmcstickets', params: { sort: 'message' } })).status).toBe(400);
    expect((await t.api({ chain: 'whmcstickets', params: { colour: 'red' } })).status).toBe(400);
    expect((await t.api({ chain: 'whmcstickets/999999' })).status).toBe(404);
    expect((await t.api({ chain: 'whmcstickets', method: 'POST', params: { id: 1 } })).status).toBe(405);
    expect((await t.api({ chain: 'whmcstickets', as: 'nobody' })).status).toBe(403);
  });

  it('answers projects/{id}/whmcstickets in the shape of the reference example, each ticket with its ticketxref', async () => {
    const project = (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Tickets project' } })).project;
    const xref = (await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 2038, project_id: project.project_id } })).ticketxref;
    const res = await t.api({ chain: `projects/${project.project_id}/whmcstickets` });
    expect(res.body.request).toEqual({ action: `projects/${project.project_id}/whmcstickets`, method: 'GET', format: 'json', code: 200, message: 'Success' });
    const response = res.body.response;
    expect(Object.keys(response)).toEqual(['data', 'project', 'whmcstickets']);
    expect(response.data).toEqual({ total: 1, page: 1, pages: 1, limit: 50, offset: 0, filters: { project_id: project.project_id } });
    expect(response.project.project_id).toBe(project.project_id);
    expect(response.whmcstickets).toHaveLength(1);
    expect(response.whmcstickets[0]).toMatchObject({ id: 2038, tid: '718293', title: 'Website down', deptname: 'Support' });
    expect(response.whmcstickets[0].ticketxref).toEqual(xref);
    const xml = await t.api({ chain: `projects/${project.project_id}/whmcstickets`, format: 'xml' });
    expect(xml.text).toMatch(/<whmcstickets><whmcsticket><id>2038<\/id>.*<ticketxref><xref_id>\d+<\/xref_id>.*<\/ticketxref><\/whmcsticket><\/whmcstickets>/s);
  });

  it('lists tickets of an action, one entry per link, with filters and sorts in context', async () => {
    const project = (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Context' } })).project;
    const task = (await t.ok({ chain: 'actions', method: 'POST', params: { project_id: project.project_id, name: 'Fix' } })).action;
    const link = (ticket_id: number, action_id = 0) =>
      t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id, project_id: project.project_id, action_id } });
    await link(2039);
    await link(2038);
    const onTask = (await link(2038, task.action_id)).ticketxref;
    await link(2040, task.action_id);
    const inProject = await t.ok({ chain: `projects/${project.project_id}/whmcstickets` });
    expect(inProject.data.total).toBe(4);
    expect(inProject.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2039, 2038, 2038, 2040]);
    const sorted = await t.ok({ chain: `projects/${project.project_id}/whmcstickets`, params: { sort: '-date', status: 'Open' } });
    expect(sorted.whmcstickets.map((x: { id: number }) => x.id)).toEqual([2040, 2038, 2038]);
    const inAction = await t.ok({ chain: `actions/${task.action_id}/whmcstickets`, params: { sort: 'id' } });
    expect(inAction.action.action_id).toBe(task.action_id);
    expect(inAction.data).toMatchObject({ total: 2, filters: { action_id: task.action_id } });
    expect(inAction.whmcstickets[0]).toMatchObject({ id: 2038, ticketxref: onTask });
    const viaFind = await t.ok({ chain: 'whmcstickets', params: { project_id: project.project_id, action_id: 0 } });
    expect(viaFind.whmcstickets.map((x: { id: number; ticketxref: { action_id: number } }) => [x.id, x.ticketxref.action_id])).toEqual([[2039, 0], [2038, 0]]);
  });

  it('shows ticket links only in projects the caller may see', async () => {
    const hidden = (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Hidden', admin_access: 'manager' } })).project;
    await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 2039, project_id: hidden.project_id } });
    expect((await t.api({ chain: `projects/${hidden.project_id}/whmcstickets`, as: 'alice' })).status).toBe(404);
    const asAlice = await t.ok({ chain: 'whmcstickets', params: { project_id: hidden.project_id }, as: 'alice' });
    const asRoot = await t.ok({ chain: 'whmcstickets', params: { project_id: hidden.project_id } });
    expect([asRoot.data.total, asAlice.data.total]).toEqual([1, 0]);
    expect((await t.api({ chain: 'whmcstickets/2039', as: 'alice' })).status).toBe(200);
  });
});
