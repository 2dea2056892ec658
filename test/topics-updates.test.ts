import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/* Topic updates and replies one field at a time: what test/topics.test.ts changes only together. */

describe.each(testDatabases())('topic updates on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const project = async () => (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Updates project' } })).project;
  const post = async (params: Record<string, unknown>) => (await t.ok({ chain: 'topics', method: 'POST', params })).topic;

  it('changes the title alone or the body alone, keeping the other', async () => {
    const p = await project();
    const first = await post({ project_id: p.project_id, title: 'Title', body: 'Body' });
    expect((await t.ok({ chain: `topics/${first.topic_id}`, method: 'PUT', params: { title: 'Renamed' } })).topic).toMatchObject({ title: 'Renamed', body: 'Body' });
    expect((await t.ok({ chain: `topics/${first.topic_id}`, method: 'PUT', params: { body: 'Rewritten' } })).topic).toMatchObject({ title: 'Renamed', body: 'Rewritten' });
    expect((await t.ok({ chain: `topics/${first.topic_id}` })).topic).toMatchObject({ title: 'Renamed', body: 'Rewritten' });
  });

  it("refuses a reply that names another action than its thread's, and writes nothing", async () => {
    const p = await project();
    const task = (await t.ok({ chain: 'actions', method: 'POST', params: { project_id: p.project_id, name: 'Task' } })).action;
    const first = await post({ project_id: p.project_id, title: 'T', body: 'B' });
    const refused = await t.api({ chain: 'topics', method: 'POST', params: { project_id: p.project_id, thread_id: first.topic_id, action_id: task.action_id, body: 'R' } });
    expect(refused.status).toBe(400);
    expect(refused.body.response.errors[0].param).toBe('action_id');
    expect((await t.ok({ chain: 'topics', params: { project_id: p.project_id } })).data.total).toBe(1);
    // Naming the thread's own action is allowed.
    expect((await post({ project_id: p.project_id, thread_id: first.topic_id, action_id: 0, body: 'R' })).thread_id).toBe(first.topic_id);
  });

  it('gives a thread the time of its latest post, wherever that post is in the thread', async () => {
    const p = await project();
    const first = await post({ project_id: p.project_id, title: 'T', body: 'B' });
    const reply = await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'R' });
    await t.database.db.updateTable('topics').set({ created: 2_000_000_000 }).where('topic_id', '=', first.topic_id).execute();
    await t.database.db.updateTable('topics').set({ created: 1_000_000_000 }).where('topic_id', '=', reply.topic_id).execute();
    const threads = await t.ok({ chain: 'topics/bythread', params: { project_id: p.project_id } });
    expect(threads.topics[0]).toMatchObject({ topic_id: first.topic_id, posts: 2, last_post: '2033-05-18T03:33:20Z' });
  });
});
