import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/** Limits on what a request may carry, and on how much of it a refusal repeats. */
const auth = credentials('root');
const authQuery = `username=${auth.username}&password=${auth.password}`;
const MiB = 1024 * 1024;

describe.each(testDatabases())('list numbers and chain ids on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const list = (query: string) => t.app.inject({ url: `/api/v1/projects/json?${authQuery}&${query}` });

  it.each([
    ['offset=99999999999999999999', 'offset'],
    ['offset=2147483648', 'offset'],
    ['limit=99999999999999999999', 'limit'],
    ['limit=1e400', 'limit'],
    ['page=99999999999999999999', 'page'],
    ['page=9999999999999999', 'page'],
    ['page=42949674', 'page'],
    ['page=4294969&limit=500', 'page'],
    ['page=1.5', 'page'],
  ])('refuses %s with a 400 naming %s', async (query, param) => {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    expect(res.json().response.errors[0].param).toBe(param);
    expect(res.json().request.message).toContain(param);
  });

  it('accepts the largest offset and page every database takes, exactly', async () => {
    const byOffset = await list('offset=2147483647');
    expect(byOffset.statusCode).toBe(200);
    expect(byOffset.json().response.data).toMatchObject({ offset: 2147483647, limit: 50 });
    const byPage = await list('page=42949673');
    expect(byPage.statusCode).toBe(200);
    expect(byPage.json().response.data).toMatchObject({ offset: 2147483600, page: 42949673 });
  });

  it('refuses a chain id past 2147483647 with a 400 naming it, and looks up the largest', async () => {
    for (const chain of ['projects/2147483648', 'projects/99999999999999999999', 'projects/2147483648/actions']) {
      const res = await t.app.inject({ url: `/api/v1/${chain}/json?${authQuery}` });
      expect(res.statusCode, chain).toBe(400);
      expect(res.json().request.message).toMatch(/is not a valid project_id/);
    }
    expect((await t.app.inject({ url: `/api/v1/projects/2147483647/json?${authQuery}` })).statusCode).toBe(404);
  });
});

describe.each(testDatabases().slice(0, 1))('request bodies and echoes on $name', (kind) => {
  let t: TestApp;
  let projectId: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    projectId = (await t.api({ chain: 'projects', method: 'POST', params: { name: 'Limits' } })).body.response.project.project_id;
  });
  afterAll(() => t.close());

  const post = (payload: string | Buffer, contentType: string, chain = 'projects') =>
    t.app.inject({ method: 'POST', url: `/api/v1/${chain}/json?${authQuery}`, headers: { 'content-type': contentType }, payload });
  const fileCount = async () => (await t.api({ chain: 'files', params: { project_id: projectId } })).body.response.data.total;
  const projectCount = async () => (await t.api({ chain: 'projects' })).body.response.data.total;

  describe('echoes', () => {
    it('repeats at most 100 characters of a parameter name, however long', async () => {
      const res = await post('x'.repeat(900_000), 'application/x-www-form-urlencoded');
      expect(res.statusCode).toBe(400);
      expect(res.body.length).toBeLessThan(1000);
      expect(res.json().response.errors).toContainEqual({ param: `${'x'.repeat(100)}…`, message: 'is not a known parameter' });
    });

    it('lists at most 20 parameter errors, and says how many more there are', async () => {
      const params = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`unknown_${i}`, i]));
      const res = await post(JSON.stringify({ name: 'x', ...params }), 'application/json');
      expect(res.statusCode).toBe(400);
      expect(res.json().response.errors).toHaveLength(20);
      expect(res.json().request.message).toMatch(/; and 4980 more$/);
      expect(res.body.length).toBeLessThan(4000);
    });

    it.each([
      ['a long method override', `/api/v1/projects/json?${authQuery}&method=${'P'.repeat(5000)}`, {}],
      ['a long chain', `/api.php?action=v1.${'projects.'.repeat(2000)}json&${authQuery}`, {}],
      ['a long version', `/api/v${'9'.repeat(5000)}/projects/json?${authQuery}`, {}],
      ['a long unknown path', `/${'n'.repeat(5000)}?${authQuery}`, {}],
      ['a long content type', `/api/v1/projects/json?${authQuery}`, { method: 'POST', headers: { 'content-type': `text/${'t'.repeat(8000)}` }, payload: 'x' }],
      ['a long repeated name', `/api/v1/projects/json?${authQuery}&${'r'.repeat(5000)}=1&params={"${'r'.repeat(5000)}":2}`, {}],
    ])('repeats at most 100 characters of %s, and nothing of the credentials', async (_what, url, extra) => {
      const res = await t.app.inject({ url, ...extra });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body.length).toBeLessThan(1000);
      expect(res.body).not.toContain(auth.password);
      expect(res.headers['x-request-id']).toBeTruthy();
    });
  });

  describe('body limits', () => {
    it('refuses JSON and form params past 1 MiB with 413, creating nothing', async () => {
      const before = await projectCount();
      const cases = [
        post(JSON.stringify({ name: 'big', details: 'd'.repeat(MiB) }), 'application/json'),
        post(JSON.stringify({ params: { name: 'big', details: 'd'.repeat(12 * MiB) } }), 'application/json'),
        post(`name=big&details=${'d'.repeat(MiB)}`, 'application/x-www-form-urlencoded'),
        post(`params=${encodeURIComponent(JSON.stringify({ name: 'big', details: 'd'.repeat(MiB) }))}`, 'application/x-www-form-urlencoded'),
        post('x'.repeat(12 * MiB), 'application/x-www-form-urlencoded'),
      ];
      for (const res of await Promise.all(cases)) {
        expect(res.statusCode).toBe(413);
        expect(res.json().request.message).toMatch(/params are larger than the limit of 1 MiB/);
        expect(res.body.length).toBeLessThan(1000);
      }
      expect(await projectCount()).toBe(before);
    });

    it('takes a base64 file past 1 MiB in JSON and in forms, its params held to 1 MiB beside it', async () => {
      const data = Buffer.alloc(3 * MiB, 0xfb);
      const content = data.toString('base64');
      const fields = { project_id: projectId, name: 'big.bin' };
      const uploads = [
        post(JSON.stringify({ params: { ...fields, content } }), 'application/json', 'files'),
        post(JSON.stringify({ ...fields, content }).replace(/\//g, '\\/'), 'application/json', 'files'),
        post(new URLSearchParams({ params: JSON.stringify({ ...fields, content }) }).toString(), 'application/x-www-form-urlencoded', 'files'),
        post(new URLSearchParams({ ...fields, project_id: String(projectId), content }).toString(), 'application/x-www-form-urlencoded', 'files'),
      ];
      for (const res of await Promise.all(uploads)) {
        expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
        expect(res.json().response.file.size).toBe(data.length);
      }
      const before = await fileCount();
      const heavy = await post(JSON.stringify({ ...fields, description: 'd'.repeat(MiB), content }), 'application/json', 'files');
      expect(heavy.statusCode).toBe(413);
      expect(await fileCount()).toBe(before);
    });

    it('refuses multipart fields past 1 MiB together with 413, storing nothing', async () => {
      const boundary = 'limits-boundary';
      const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
      const body = (extra: string) =>
        part('params', JSON.stringify({ project_id: projectId })) + extra +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--${boundary}--\r\n`;
      const before = await fileCount();
      const type = `multipart/form-data; boundary=${boundary}`;
      const split = await post(body(part('description', 'd'.repeat(600_000)) + part('label', 'l'.repeat(600_000))), type, 'files');
      expect(split.statusCode).toBe(413);
      const single = await post(body(part('description', 'd'.repeat(MiB + 1))), type, 'files');
      expect(single.statusCode).toBe(413);
      expect(await fileCount()).toBe(before);
      expect((await post(body(''), type, 'files')).statusCode).toBe(200);
    });

    it('answers multipart without a boundary with a 400, storing nothing', async () => {
      const before = await fileCount();
      for (const type of ['multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; charset=utf-8']) {
        const res = await post('--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nhi\r\n--x--\r\n', type, 'files');
        expect(res.statusCode, type).toBe(400);
        expect(res.json().request.message).toMatch(/multipart body cannot be read/);
      }
      expect(await fileCount()).toBe(before);
    });
  });
});
