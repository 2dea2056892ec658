import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainMemo } from '../src/engine/chain-memo.js';
import { MethodRegistry } from '../src/engine/registry.js';
import { allMethods } from '../src/method-list.js';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const registry = new MethodRegistry(allMethods());

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('not refused');
};

describe('chain memo', () => {
  it('reads a chain text once and answers it from memory after that', () => {
    const memo = new ChainMemo(registry);
    const first = memo.read('v1/projects/42/json');
    expect(first.chain).toEqual({ version: 'v1', segments: ['projects', '42'], format: 'json', action: 'projects/42' });
    expect(memo.read('v1/projects/42/json')).toBe(first);
    // Another spelling of the same chain is another text.
    expect(memo.read('v1.projects.42.json')).not.toBe(first);
  });

  it('remembers the method and frozen params of a chain sent without params, per operation', () => {
    const memo = new ChainMemo(registry);
    const read = memo.read('v1/projects/42/json');
    const get = memo.resolve(read, 'GET', {});
    expect(get.method.name).toBe('getProject');
    expect(get.params).toEqual({ project_id: 42 });
    expect(Object.isFrozen(get.params)).toBe(true);
    expect(memo.resolve(read, 'GET', {})).toBe(get);
    expect(memo.resolve(read, 'DELETE', {}).method.name).toBe('deleteProject');
  });

  it('validates params sent with a chain on every request, and shares nothing of them', () => {
    const memo = new ChainMemo(registry);
    const read = memo.read('v1/projects/42/json');
    const updated = memo.resolve(read, 'PUT', { name: 'Website' });
    expect(updated.params).toEqual({ project_id: 42, name: 'Website' });
    expect(memo.resolve(read, 'PUT', { name: 'Shop' }).params).toEqual({ project_id: 42, name: 'Shop' });
    expect(refusal(() => memo.resolve(read, 'PUT', { nope: 1 })).code).toBe('VALIDATION');
    // An id in params still picks the longer route.
    expect(memo.resolve(memo.read('v1/projects/json'), 'GET', { project_id: 42 }).method.name).toBe('getProject');
  });

  it('works a refusal out again each time', () => {
    const memo = new ChainMemo(registry);
    const read = memo.read('v1/nothing/json');
    expect(refusal(() => memo.resolve(read, 'GET', {})).code).toBe('UNKNOWN_ACTION');
    expect(refusal(() => memo.resolve(read, 'GET', {})).code).toBe('UNKNOWN_ACTION');
    expect(read.bare.size).toBe(0);
    expect(refusal(() => memo.resolve(memo.read('v1/config/json'), 'DELETE', {})).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('keeps at most its limit of texts, dropping the oldest, and never a long one', () => {
    const memo = new ChainMemo(registry, 3);
    const first = memo.read('v1/projects/1/json');
    for (const id of [2, 3, 4]) memo.read(`v1/projects/${id}/json`);
    expect(memo.read('v1/projects/1/json')).not.toBe(first);
    const fourth = memo.read('v1/projects/4/json');
    expect(memo.read('v1/projects/4/json')).toBe(fourth);
    const long = `v1/projects/${' '.repeat(300)}1/json`;
    expect(memo.read(long)).not.toBe(memo.read(long));
  });
});

describe('chain memo in the engine', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(testDatabases()[0]);
  });
  afterAll(() => t.close());

  it('answers a chain asked again from the database, not from what it answered before', async () => {
    const created = await t.api({ chain: 'projects', method: 'POST', params: { name: 'Memo' } });
    const id = created.body.response.project.project_id;
    expect((await t.api({ chain: `projects/${id}` })).body.response.project.name).toBe('Memo');
    await t.api({ chain: `projects/${id}`, method: 'PUT', params: { name: 'Memo 2' } });
    expect((await t.api({ chain: `projects/${id}` })).body.response.project.name).toBe('Memo 2');
    expect((await t.api({ chain: `projects/${id}`, format: 'xml' })).text).toContain('<name>Memo 2</name>');
    // The same text under another operation is another method.
    expect((await t.api({ chain: `projects/${id}`, method: 'DELETE' })).status).toBe(200);
    expect((await t.api({ chain: `projects/${id}` })).status).toBe(404);
    expect((await t.api({ chain: `projects/${id}` })).status).toBe(404);
  });

  it('refuses a bad chain with its own message every time it is asked', async () => {
    for (let i = 0; i < 2; i += 1) {
      const reply = await t.api({ chain: 'projects/abc' });
      expect(reply.status).toBe(400);
      expect(reply.body.request.message).toContain('"abc" is not a valid project_id');
      expect((await t.api({ chain: 'config', method: 'DELETE' })).status).toBe(405);
      const version = await t.app.inject({ url: '/api.php/v2/projects/json', query: credentials('root') });
      expect(version.json().request).toMatchObject({ code: 404, message: expect.stringContaining('Unsupported API version "v2"') });
    }
  });
});
