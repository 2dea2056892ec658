import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from './helpers/databases.js';
import { createTestApp, type TestApp } from './helpers/app.js';

describe.each(testDatabases())('smoke on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('creates, reads and lists a project', async () => {
    const created = await t.api({ chain: 'projects', method: 'POST', params: { name: 'Website', billable: '1' } });
    expect(created.status, created.text).toBe(200);
    const id = created.body.response.project.project_id;
    const got = await t.api({ chain: `projects/${id}` });
    expect(got.body.response.project.name).toBe('Website');
    const list = await t.api({ chain: 'projects', params: { q: 'web' } });
    expect(list.body.response.data.total).toBe(1);
    const xml = await t.api({ chain: `projects/${id}`, format: 'xml' });
    expect(xml.text).toContain('<name>Website</name>');
  });
});
