import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTickets } from '../src/tickets/import.js';
import { createTestApp, type ApiCall, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

type Params = Record<string, unknown>;
type Row = Record<string, unknown>;

/*
 * Moves by a plain admin (bob) who is the assignee of actions in a project he cannot see. Each refused
 * move is read back as the super admin: the record and the projects it touches are as they were.
 */
describe.each(testDatabases())('moving records between places on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await importTickets(t.database.db, [
      { id: 301, tid: 'T-301', title: 'Outage', status: 'Open' },
      { id: 302, tid: 'T-302', title: 'Invoice', status: 'Open' },
    ]);
  });
  afterAll(() => t.close());

  const create = async (resource: string, params: Params): Promise<Row> => {
    const reply = await t.ok({ chain: `${resource}s`, method: 'POST', params });
    return reply[resource];
  };
  const readBack = async (chain: string): Promise<Row> => {
    const reply = await t.ok({ chain });
    return reply[Object.keys(reply)[0]!];
  };
  const asBob = (chain: string, params: Params) => t.api({ chain, method: 'PUT', params, as: 'bob' });

  /** A project bob cannot see (root manages it), with a top-level group and bob's actions below it. */
  async function hiddenProject() {
    const project = await create('project', { name: 'Hidden', admin_access: 'manager' });
    const pid = project.project_id as number;
    const group = await create('action', { project_id: pid, name: 'Group' });
    const under = (parent: Row, name: string, assigned = t.ids.bob) =>
      create('action', { project_id: pid, parent_action_id: parent.action_id, name, assigned_adminid: assigned });
    const mine = await under(group, 'Mine');
    const alsoMine = await under(group, 'Also mine');
    const other = await under(group, 'Not bob', 0);
    return { pid, group, mine, alsoMine, other };
  }
  const bobsProject = async () => (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Bob', admin_access: 'manager' }, as: 'bob' })).project;

  /** Runs `attempt`, expects `status`, and checks the records in `chains` read back unchanged. */
  async function refused(attempt: () => Promise<{ status: number; text: string }>, status: number, chains: string[]) {
    const before = await Promise.all(chains.map(readBack));
    const res = await attempt();
    expect(res.status, res.text).toBe(status);
    expect(await Promise.all(chains.map(readBack))).toEqual(before);
  }

  it('refuses moving a file to the project level or to an action not assigned to the caller', async () => {
    const h = await hiddenProject();
    const content = Buffer.from('plan').toString('base64');
    const file = await create('file', { project_id: h.pid, action_id: h.mine.action_id, name: 'plan.txt', content });
    const chains = [`files/${file.file_id}`, `projects/${h.pid}`];
    await refused(() => asBob(`files/${file.file_id}`, { action_id: 0 }), 404, chains);
    await refused(() => asBob(`files/${file.file_id}`, { action_id: h.other.action_id }), 404, chains);
    // An action assigned to bob in another project is no key to this one.
    const elsewhere = (await hiddenProject()).mine;
    await refused(() => asBob(`files/${file.file_id}`, { action_id: elsewhere.action_id }), 404, chains);
    const moved = await asBob(`files/${file.file_id}`, { action_id: h.alsoMine.action_id });
    expect(moved.status, moved.text).toBe(200);
    expect((await readBack(`files/${file.file_id}`)).action_id).toBe(h.alsoMine.action_id);
  });

  it('refuses making an action a milestone, or moving it away from a parent, in a project the caller cannot see', async () => {
    const h = await hiddenProject();
    const leaf = await create('action', { project_id: h.pid, parent_action_id: h.alsoMine.action_id, name: 'Leaf', assigned_adminid: t.ids.bob });
    const chains = [`actions/${leaf.action_id}`, `actions/${h.mine.action_id}`, `actions/${h.alsoMine.action_id}`, `actions/${h.group.action_id}`, `projects/${h.pid}`];
    // The top level of a project bob cannot see is a place he cannot see.
    await refused(() => asBob(`actions/${leaf.action_id}`, { parent_action_id: 0 }), 404, chains);
    // Moving Mine away takes it out of Group, which is not bob's.
    await refused(() => asBob(`actions/${h.mine.action_id}`, { parent_action_id: h.alsoMine.action_id }), 403, chains);
    await refused(() => asBob(`actions/${h.mine.action_id}`, { parent_action_id: 0 }), 403, chains);
    const moved = await asBob(`actions/${leaf.action_id}`, { parent_action_id: h.mine.action_id });
    expect(moved.status, moved.text).toBe(200);
    expect(await readBack(`actions/${leaf.action_id}`)).toMatchObject({ parent_action_id: h.mine.action_id, depth: 3 });
  });

  it('refuses moving a topic thread to the project level or to an action not assigned to the caller', async () => {
    const h = await hiddenProject();
    const topic = await create('topic', { project_id: h.pid, action_id: h.mine.action_id, title: 'Plan', body: 'x' });
    const chains = [`topics/${topic.topic_id}`, `projects/${h.pid}`];
    await refused(() => asBob(`topics/${topic.topic_id}`, { action_id: 0 }), 404, chains);
    await refused(() => asBob(`topics/${topic.topic_id}`, { action_id: h.other.action_id }), 404, chains);
    const moved = await asBob(`topics/${topic.topic_id}`, { action_id: h.alsoMine.action_id });
    expect(moved.status, moved.text).toBe(200);
  });

  it('refuses moving a ticket link within, out of or into a project the caller cannot see', async () => {
    const h = await hiddenProject();
    const own = await bobsProject();
    const xref = await create('ticketxref', { ticket_id: 301, project_id: h.pid, action_id: h.mine.action_id });
    const bobs = (await t.ok({ chain: 'ticketxrefs', method: 'POST', params: { ticket_id: 302, project_id: own.project_id }, as: 'bob' })).ticketxref;
    const chains = [`ticketxrefs/${xref.xref_id}`, `ticketxrefs/${bobs.xref_id}`, `projects/${h.pid}`, `projects/${own.project_id}`];
    await refused(() => asBob(`ticketxrefs/${xref.xref_id}`, { action_id: 0 }), 404, chains);
    await refused(() => asBob(`ticketxrefs/${xref.xref_id}`, { action_id: h.other.action_id }), 404, chains);
    await refused(() => asBob(`ticketxrefs/${xref.xref_id}`, { project_id: own.project_id }), 403, chains);
    await refused(() => asBob(`ticketxrefs/${bobs.xref_id}`, { project_id: h.pid, action_id: h.alsoMine.action_id }), 404, chains);
  });

  describe('time logs', () => {
    const logAs = async (as: 'root' | 'bob', params: Params) =>
      (await t.ok({ chain: 'timelogs', method: 'POST', params: { duration: 600, ...params }, as })).timelog;

    it('refuses moving a log to the project level or to an action not assigned to the caller', async () => {
      const h = await hiddenProject();
      const entry = await logAs('bob', { project_id: h.pid, action_id: h.mine.action_id });
      const chains = [`timelogs/${entry.timelog_id}`, `projects/${h.pid}`, `actions/${h.mine.action_id}`, `actions/${h.other.action_id}`];
      await refused(() => asBob(`timelogs/${entry.timelog_id}`, { action_id: 0 }), 404, chains);
      await refused(() => asBob(`timelogs/${entry.timelog_id}`, { action_id: h.other.action_id }), 404, chains);
    });

    it('refuses moving another admin\'s log out of a project the caller cannot see, even into their own', async () => {
      const h = await hiddenProject();
      const own = await bobsProject();
      const entry = await logAs('root', { project_id: h.pid, action_id: h.mine.action_id });
      const chains = [`timelogs/${entry.timelog_id}`, `projects/${h.pid}`, `projects/${own.project_id}`, `actions/${h.mine.action_id}`];
      await refused(() => asBob(`timelogs/${entry.timelog_id}`, { project_id: own.project_id, action_id: 0 }), 403, chains);
    });

    it('refuses moving a log into a project the caller cannot see (404) or into an archived one (409)', async () => {
      const h = await hiddenProject();
      const own = await bobsProject();
      const archived = await create('project', { name: 'Old', admin_access: 'all' });
      await t.ok({ chain: `projects/${archived.project_id}`, method: 'PUT', params: { function: 'archive' } });
      const entry = await logAs('bob', { project_id: own.project_id });
      const chains = [`timelogs/${entry.timelog_id}`, `projects/${own.project_id}`, `projects/${h.pid}`, `projects/${archived.project_id}`];
      await refused(() => asBob(`timelogs/${entry.timelog_id}`, { project_id: h.pid, action_id: h.mine.action_id }), 404, chains);
      await refused(() => asBob(`timelogs/${entry.timelog_id}`, { project_id: h.pid, action_id: 0 }), 404, chains);
      await refused(() => asBob(`timelogs/${entry.timelog_id}`, { project_id: archived.project_id }), 409, chains);
    });

    it('refuses moving a log out of an archived project with 409', async () => {
      const p = await create('project', { name: 'Closing', admin_access: 'all' });
      const own = await bobsProject();
      const entry = await logAs('bob', { project_id: p.project_id });
      await t.ok({ chain: `projects/${p.project_id}`, method: 'PUT', params: { function: 'archive' } });
      const chains = [`timelogs/${entry.timelog_id}`, `projects/${p.project_id}`, `projects/${own.project_id}`];
      await refused(() => asBob(`timelogs/${entry.timelog_id}`, { project_id: own.project_id }), 409, chains);
    });

    it('lets the assignee move their log between their own actions of a project they cannot see', async () => {
      const h = await hiddenProject();
      const entry = await logAs('bob', { project_id: h.pid, action_id: h.mine.action_id });
      const moved = await asBob(`timelogs/${entry.timelog_id}`, { action_id: h.alsoMine.action_id });
      expect(moved.status, moved.text).toBe(200);
      expect((await readBack(`actions/${h.alsoMine.action_id}`)).elapsed).toBe(600);
      expect((await readBack(`actions/${h.mine.action_id}`)).elapsed).toBe(0);
    });
  });
});
