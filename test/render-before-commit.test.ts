import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/** A reply that mentions this cannot be rendered: it stands for any value the renderer fails on. */
const UNRENDERABLE = 'cannot-be-rendered';

vi.mock('../src/engine/render.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/engine/render.js')>();
  return {
    ...actual,
    renderEnvelope: (envelope: Parameters<typeof actual.renderEnvelope>[0], format: Parameters<typeof actual.renderEnvelope>[1]) => {
      if (JSON.stringify(envelope.response).includes(UNRENDERABLE)) throw new Error('the renderer failed');
      return actual.renderEnvelope(envelope, format);
    },
  };
});

// Action writes open their own transaction and make their reply record inside it: a record that cannot be shown undoes them too.
vi.mock('../src/actions/schemas.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/actions/schemas.js')>();
  return {
    ...actual,
    presentAction: (row: Parameters<typeof actual.presentAction>[0]) => {
      if (row.name === UNRENDERABLE) throw new Error('the record cannot be shown');
      return actual.presentAction(row);
    },
  };
});

/** A request that answers an error has changed nothing, even when it fails only as its reply is made. */
describe.each(testDatabases())('replies made before the commit on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const create = async (chain: string, params: Record<string, unknown>) => Object.values(await t.ok({ chain, method: 'POST', params }))[0] as Record<string, any>;

  it('undoes a write whose reply cannot be rendered, in JSON and in XML', async () => {
    const project = await create('projects', { name: 'Kept' });
    const topic = await create('topics', { project_id: project.project_id, title: 'Kept', body: 'Text' });
    for (const format of ['json', 'xml'] as const) {
      const created = await t.api({ chain: 'projects', method: 'POST', params: { name: UNRENDERABLE }, format });
      expect(created.status).toBe(500);
      const renamed = await t.api({ chain: `topics/${topic.topic_id}`, method: 'PUT', params: { title: UNRENDERABLE }, format });
      expect(renamed.status).toBe(500);
    }
    expect(await t.database.db.selectFrom('projects').select('name').where('name', '=', UNRENDERABLE).execute()).toEqual([]);
    const stored = await t.database.db.selectFrom('topics').select('title').where('topic_id', '=', topic.topic_id).executeTakeFirstOrThrow();
    expect(stored.title).toBe('Kept');
  });

  it('undoes an action write (its own transaction) whose action cannot be shown', async () => {
    const project = await create('projects', { name: 'Plan' });
    const action = await create('actions', { project_id: project.project_id, name: 'Before' });
    const renamed = await t.api({ chain: `actions/${action.action_id}`, method: 'PUT', params: { name: UNRENDERABLE } });
    expect(renamed.status).toBe(500);
    const stored = await t.database.db.selectFrom('actions').select('name').where('action_id', '=', action.action_id).executeTakeFirstOrThrow();
    expect(stored.name).toBe('Before');
    const created = await t.api({ chain: 'actions', method: 'POST', params: { project_id: project.project_id, name: UNRENDERABLE } });
    expect(created.status).toBe(500);
    expect(await t.database.db.selectFrom('actions').select('name').where('name', '=', UNRENDERABLE).execute()).toEqual([]);
  });
});
