import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

describe.each(testDatabases())('topics on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const project = async (params: Record<string, unknown> = {}) =>
    (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Topics project', ...params } })).project;
  const action = async (projectId: number, params: Record<string, unknown> = {}) =>
    (await t.ok({ chain: 'actions', method: 'POST', params: { project_id: projectId, name: 'Task', ...params } })).action;
  const post = async (params: Record<string, unknown>, as: UserName = 'root') =>
    (await t.ok({ chain: 'topics', method: 'POST', params, as })).topic;
  const countTopics = async (projectId: number) =>
    (await t.ok({ chain: 'topics', params: { project_id: projectId } })).data.total as number;

  it('starts a thread whose first post is its own thread, and replies that take the thread title', async () => {
    const p = await project();
    const first = await post({ project_id: p.project_id, title: 'Kick-off', body: 'Agenda?' });
    expect(first).toMatchObject({
      thread_id: first.topic_id, project_id: p.project_id, action_id: 0, title: 'Kick-off', body: 'Agenda?',
      status: 'open', client_access: 'hidden', author_adminid: t.ids.root,
    });
    expect(first.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const reply = await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'Scope first' }, 'alice');
    expect(reply).toMatchObject({ thread_id: first.topic_id, title: 'Kick-off', author_adminid: t.ids.alice, status: 'open' });
    const titled = await post({ project_id: p.project_id, thread_id: first.topic_id, title: 'Re: scope', body: 'Agreed' });
    expect(titled.title).toBe('Re: scope');
    const thread = await t.ok({ chain: 'topics', params: { thread_id: first.topic_id, sort: 'topic_id' } });
    expect(thread.topics.map((x: { topic_id: number }) => x.topic_id)).toEqual([first.topic_id, reply.topic_id, titled.topic_id]);
  });

  it('refuses bad posts with a 4xx naming the problem and writes nothing', async () => {
    const p = await project();
    const first = await post({ project_id: p.project_id, title: 'T', body: 'B' });
    const reply = await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'R' });
    const other = await project();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ project_id: p.project_id, body: 'no title' }, 400, 'title'],
      [{ project_id: p.project_id, title: 'no body' }, 400, 'body'],
      [{ project_id: p.project_id, title: '', body: 'blank title' }, 400, 'title'],
      [{ project_id: p.project_id, title: 'x', body: 'y', status: 'archived' }, 400, 'status'],
      [{ project_id: p.project_id, title: 'x', body: 'y', colour: 'red' }, 400, 'colour'],
      [{ project_id: other.project_id, thread_id: first.topic_id, body: 'wrong project' }, 400, 'project_id'],
      [{ project_id: p.project_id, thread_id: reply.topic_id, body: 'reply to a reply' }, 400, 'thread_id'],
      [{ project_id: p.project_id, thread_id: 999999, body: 'no thread' }, 404, ''],
      [{ project_id: 999999, title: 'x', body: 'no project' }, 404, ''],
    ];
    for (const [params, status, param] of cases) {
      const res = await t.api({ chain: 'topics', method: 'POST', params });
      expect(res.status, JSON.stringify(params)).toBe(status);
      expect(res.body.request.code).toBe(status);
      if (param) expect(res.body.response.errors.map((e: { param: string }) => e.param)).toContain(param);
    }
    expect(await countTopics(p.project_id)).toBe(2);
    expect(await countTopics(other.project_id)).toBe(0);
  });

  it('lists threads with their post count and last post time', async () => {
    const p = await project();
    const a = await post({ project_id: p.project_id, title: 'Alpha', body: 'a' });
    const b = await post({ project_id: p.project_id, title: 'Beta', body: 'b' });
    await post({ project_id: p.project_id, thread_id: a.topic_id, body: 'a2' });
    const last = await post({ project_id: p.project_id, thread_id: a.topic_id, body: 'a3' });
    const threads = await t.ok({ chain: 'topics/bythread', params: { project_id: p.project_id, sort: 'title' } });
    expect(threads.data.total).toBe(2);
    expect(threads.topics.map((x: { topic_id: number }) => x.topic_id)).toEqual([a.topic_id, b.topic_id]);
    expect(threads.topics[0]).toMatchObject({ title: 'Alpha', posts: 3, last_post: last.created });
    expect(threads.topics[1]).toMatchObject({ title: 'Beta', posts: 1, last_post: b.created });
    const searched = await t.ok({ chain: 'topics/bythread', params: { project_id: p.project_id, q: 'BET' } });
    expect(searched.topics.map((x: { title: string }) => x.title)).toEqual(['Beta']);
    const badSort = await t.api({ chain: 'topics/bythread', params: { sort: 'posts' } });
    expect(badSort.status).toBe(400);
  });

  it('keeps status and client access on the thread: closing a reply closes the thread, and a closed thread takes no reply', async () => {
    const p = await project();
    const first = await post({ project_id: p.project_id, title: 'Decision', body: 'Vote' });
    const reply = await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'Yes' });
    const closed = await t.ok({ chain: `topics/${reply.topic_id}`, method: 'PUT', params: { status: 'closed', client_access: 'view' } });
    expect(closed.topic).toMatchObject({ status: 'closed', client_access: 'view' });
    expect((await t.ok({ chain: `topics/${first.topic_id}` })).topic).toMatchObject({ status: 'closed', client_access: 'view' });
    const refused = await t.api({ chain: 'topics', method: 'POST', params: { project_id: p.project_id, thread_id: first.topic_id, body: 'Late' } });
    expect(refused.status).toBe(409);
    expect(refused.body.request.message).toMatch(/closed/);
    expect(await countTopics(p.project_id)).toBe(2);
    await t.ok({ chain: `topics/${first.topic_id}`, method: 'PUT', params: { status: 'open' } });
    const late = await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'Late but welcome', status: 'closed' });
    expect(late.status).toBe('closed');
    const statuses = await t.ok({ chain: 'topics', params: { thread_id: first.topic_id } });
    expect(statuses.topics.map((x: { status: string }) => x.status)).toEqual(['closed', 'closed', 'closed']);
  });

  it('edits a post, and deleting the first post deletes the thread while deleting a reply deletes only it', async () => {
    const p = await project();
    const first = await post({ project_id: p.project_id, title: 'Old', body: 'Text' });
    const r1 = await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'r1' });
    await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'r2' });
    const edited = await t.ok({ chain: `topics/${first.topic_id}`, method: 'PUT', params: { title: 'New', body: 'Better' } });
    expect(edited.topic).toMatchObject({ title: 'New', body: 'Better' });
    const notMovable = await t.api({ chain: `topics/${r1.topic_id}`, method: 'PUT', params: { thread_id: 5 } });
    expect(notMovable.status).toBe(400);
    const deletedReply = await t.ok({ chain: `topics/${r1.topic_id}`, method: 'DELETE' });
    expect(deletedReply.topic).toMatchObject({ topic_id: r1.topic_id, body: 'r1' });
    expect(await countTopics(p.project_id)).toBe(2);
    const deletedThread = await t.ok({ chain: `topics/${first.topic_id}`, method: 'DELETE' });
    expect(deletedThread.topic).toMatchObject({ topic_id: first.topic_id, title: 'New' });
    expect(await countTopics(p.project_id)).toBe(0);
    expect((await t.api({ chain: `topics/${first.topic_id}` })).status).toBe(404);
  });

  it('answers projects/{id}/topics and actions/{id}/topics with the parent and the list', async () => {
    const p = await project();
    const task = await action(p.project_id);
    await post({ project_id: p.project_id, title: 'General', body: 'x' });
    const onTask = await post({ project_id: p.project_id, action_id: task.action_id, title: 'On the task', body: 'y' });
    const byProject = await t.ok({ chain: `projects/${p.project_id}/topics` });
    expect(byProject.project.project_id).toBe(p.project_id);
    expect(byProject.data).toMatchObject({ total: 2, filters: { project_id: p.project_id } });
    const byAction = await t.ok({ chain: `actions/${task.action_id}/topics` });
    expect(byAction.action.action_id).toBe(task.action_id);
    expect(byAction.data.total).toBe(1);
    expect(byAction.topics[0].topic_id).toBe(onTask.topic_id);
    const limited = await t.ok({ chain: `projects/${p.project_id}/topics`, params: { limit: 1, sort: '-topic_id' } });
    expect(limited.topics).toHaveLength(1);
    expect(limited.topics[0].topic_id).toBe(onTask.topic_id);
    expect((await t.api({ chain: 'projects/999999/topics' })).status).toBe(404);
  });

  it('requires the action to be in the project; moving a thread to an action moves all its posts', async () => {
    const p = await project();
    const other = await project();
    const foreign = await action(other.project_id);
    const res = await t.api({ chain: 'topics', method: 'POST', params: { project_id: p.project_id, action_id: foreign.action_id, title: 'x', body: 'y' } });
    expect(res.status).toBe(400);
    expect(res.body.response.errors[0].param).toBe('action_id');
    const task = await action(p.project_id);
    const first = await post({ project_id: p.project_id, title: 'Move me', body: 'x' });
    const reply = await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'me too' });
    await t.ok({ chain: `topics/${reply.topic_id}`, method: 'PUT', params: { action_id: task.action_id } });
    const onTask = await t.ok({ chain: `actions/${task.action_id}/topics` });
    expect(onTask.data.total).toBe(2);
  });

  it('refuses writes in an archived project and touches project activity on writes', async () => {
    const p = await project();
    const first = await post({ project_id: p.project_id, title: 'Before', body: 'x' });
    await t.database.db.updateTable('projects').set({ activity: 1000 }).where('project_id', '=', p.project_id).execute();
    await post({ project_id: p.project_id, thread_id: first.topic_id, body: 'bump' });
    expect((await t.ok({ chain: `projects/${p.project_id}` })).project.activity).not.toBe('1970-01-01T00:16:40Z');
    await t.ok({ chain: `projects/${p.project_id}`, method: 'PUT', params: { function: 'archive' } });
    const create = await t.api({ chain: 'topics', method: 'POST', params: { project_id: p.project_id, title: 'x', body: 'y' } });
    const update = await t.api({ chain: `topics/${first.topic_id}`, method: 'PUT', params: { body: 'z' } });
    const remove = await t.api({ chain: `topics/${first.topic_id}`, method: 'DELETE' });
    expect([create.status, update.status, remove.status]).toEqual([409, 409, 409]);
    expect(await countTopics(p.project_id)).toBe(2);
  });

  it('shows a plain admin only topics of projects they see or of actions assigned to them', async () => {
    const hidden = await project({ name: 'Private', admin_access: 'manager' });
    const visible = await project({ name: 'Open' });
    const mine = await action(hidden.project_id, { assigned_adminid: t.ids.alice });
    const secret = await post({ project_id: hidden.project_id, title: 'Secret', body: 'x' });
    const assigned = await post({ project_id: hidden.project_id, action_id: mine.action_id, title: 'For alice', body: 'x' });
    await post({ project_id: visible.project_id, title: 'Public', body: 'x' });
    const asRoot = await t.ok({ chain: 'topics' });
    const asAlice = await t.ok({ chain: 'topics', as: 'alice' });
    const asBob = await t.ok({ chain: 'topics', as: 'bob' });
    expect(asAlice.data.total).toBe(asRoot.data.total - 1);
    expect(asBob.data.total).toBe(asRoot.data.total - 2);
    expect((await t.api({ chain: `topics/${secret.topic_id}`, as: 'alice' })).status).toBe(404);
    expect((await t.api({ chain: `topics/${secret.topic_id}`, method: 'PUT', params: { body: 'hacked' }, as: 'alice' })).status).toBe(404);
    expect((await t.api({ chain: `topics/${assigned.topic_id}`, as: 'alice' })).status).toBe(200);
    expect((await t.api({ chain: `topics/${assigned.topic_id}`, as: 'bob' })).status).toBe(404);
    const reply = await post({ project_id: hidden.project_id, thread_id: assigned.topic_id, body: 'on it' }, 'alice');
    expect(reply.thread_id).toBe(assigned.topic_id);
    const threads = await t.ok({ chain: 'topics/bythread', params: { project_id: hidden.project_id }, as: 'alice' });
    expect(threads.topics.map((x: { topic_id: number; posts: number }) => [x.topic_id, x.posts])).toEqual([[assigned.topic_id, 2]]);
    expect((await t.api({ chain: 'topics', method: 'POST', params: { project_id: hidden.project_id, title: 'x', body: 'y' }, as: 'bob' })).status).toBe(404);
  });
});
