import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { importTickets } from '../../src/tickets/import.js';
import { testDatabases, type TestDatabase } from '../helpers/databases.js';
import { callApi, killAllServerProcesses, startServerProcess, tempDataDir, type HttpCall, type ServerProcess } from '../helpers/server-process.js';

/**
 * Concurrency over real HTTP against two worker processes (TEAMPRO_WORKERS=2) sharing one database,
 * on each database. The in-process suites (auth, ticketxrefs, actions) race requests through one
 * connection pool; here the racing writers are separate processes, as behind a load balancer.
 */
describe.each(testDatabases())('parallel requests to two worker processes on $name', (kind) => {
  let server: ServerProcess;
  let dataDir: string;
  let database: TestDatabase | null = null;
  let handle: DatabaseHandle;

  beforeAll(async () => {
    dataDir = tempDataDir();
    // SQLite: a file both workers open (the helper's SQLite is in memory, private to one process).
    const url = kind.name === 'sqlite' ? `sqlite://${path.join(dataDir, 'teampro.db')}` : (database = await kind.create()).url;
    server = await startServerProcess({ DATABASE_URL: url, TEAMPRO_DATA_DIR: dataDir, TEAMPRO_WORKERS: '2', TEAMPRO_TRUST_PROXY: '127.0.0.1' });
    handle = database ?? openDatabase(url);
    await importTickets(handle.db, [{ id: 501, tid: 'T-501', title: 'Parallel', status: 'Open' }]);
  });

  afterAll(async () => {
    await killAllServerProcesses();
    if (database) await database.drop();
    else await handle?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const parallel = (count: number, call: (i: number) => HttpCall) => Promise.all(Array.from({ length: count }, (_, i) => callApi(server.url, { timeoutMs: 30_000, ...call(i) })));
  const ok = async (call: HttpCall) => {
    const reply = await callApi(server.url, call);
    expect(reply.status, reply.text).toBe(200);
    return reply.body.response;
  };

  it('50 parallel failed logins from one address end with it banned', async () => {
    const ip = '198.51.100.50';
    const replies = await parallel(50, () => ({ chain: 'projects', password: 'wrong', forwardedFor: ip }));
    for (const reply of replies) expect([401, 403], reply.text).toContain(reply.status);
    const after = await callApi(server.url, { chain: 'projects', forwardedFor: ip });
    expect(after.status).toBe(403);
    expect(after.body.request.message).toBe('IP address banned');
  });

  it('100 parallel creates of the same ticket link make exactly one', async () => {
    const { project } = await ok({ chain: 'projects', method: 'POST', params: { name: 'Links' } });
    const replies = await parallel(100, () => ({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 501, project_id: project.project_id } }));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200), replies.find((r) => r.status !== 200 && r.status !== 409)?.text).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    const links = await ok({ chain: 'ticketxrefs', params: { project_id: project.project_id } });
    expect(links.data.total).toBe(1);
  });

  it('parallel updates of sibling actions leave the parent and project completion right', async () => {
    const { project } = await ok({ chain: 'projects', method: 'POST', params: { name: 'Siblings' } });
    const { action: parent } = await ok({ chain: 'actions', method: 'POST', params: { project_id: project.project_id, name: 'Milestone' } });
    const siblings = await parallel(20, (i) => ({ chain: 'actions', method: 'POST', params: { project_id: project.project_id, parent_action_id: parent.action_id, name: `Task ${i}` } }));
    for (const reply of siblings) expect(reply.status, reply.text).toBe(200);
    const values = siblings.map((_, i) => (i * 37) % 101);
    const updates = await parallel(20, (i) => ({ chain: `actions/${siblings[i]!.body.response.action.action_id}`, method: 'PUT', params: { complete: values[i] } }));
    for (const reply of updates) expect(reply.status, reply.text).toBe(200);
    const expected = Math.round(values.reduce((a, b) => a + b, 0) / values.length);
    expect((await ok({ chain: `actions/${parent.action_id}` })).action.complete).toBe(expected);
    const stored = (await ok({ chain: `projects/${project.project_id}` })).project;
    expect(stored).toMatchObject({ complete: expected, actions_count: 21 });
  });
});
