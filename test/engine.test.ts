import { execFileSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const auth = credentials('root');
const authQuery = `username=${auth.username}&password=${auth.password}`;

describe.each(testDatabases())('engine on $name', (kind) => {
  let t: TestApp;
  let projectId: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const created = await t.api({ chain: 'projects', method: 'POST', params: { name: 'Engine <test> & "quotes"', details: 'line1\nline2 é ✓' } });
    projectId = created.body.response.project.project_id;
  });
  afterAll(() => t.close());

  const get = (url: string, extra: object = {}) => t.app.inject({ method: 'GET', url, ...extra });

  describe('URL forms', () => {
    const forms = (id: number) => [
      `/api.php/v1/projects/${id}/json?${authQuery}`,
      `/api/v1/projects/${id}/json?${authQuery}`,
      `/api.php?action=v1.projects.${id}.json&${authQuery}`,
      `/api.php/v1.projects.${id}.json?${authQuery}`,
      `/modules/addons/wbteampro/api.php/v1/projects/${id}/json?${authQuery}`,
      `/modules/addons/wbteampro/api/v1/projects/${id}/json?${authQuery}`,
      `/modules/addons/wbteampro/api.php?action=v1.projects.${id}.json&${authQuery}`,
      `/api.php/v1/projects/${id}/JSON?${authQuery}`,
      `/api.php/v1/projects/${id}?${authQuery}`,
    ];

    it('answers every form with the same reply', async () => {
      const bodies = await Promise.all(forms(projectId).map(async (url) => (await get(url)).json()));
      for (const body of bodies) {
        expect(body.request).toEqual({ action: `projects/${projectId}`, method: 'GET', format: 'json', code: 200, message: 'Success' });
        expect(body.response).toEqual(bodies[0].response);
      }
      expect(bodies[0].response.project.name).toBe('Engine <test> & "quotes"');
    });

    it('refuses another API version with 404', async () => {
      const res = await get(`/api.php/v2/projects/json?${authQuery}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().request.message).toMatch(/Unsupported API version/);
    });

    it('answers an unknown chain with 404 and a bad id with 400', async () => {
      expect((await get(`/api.php/v1/nothing/here/json?${authQuery}`)).statusCode).toBe(404);
      const bad = await get(`/api.php/v1/projects/abc/json?${authQuery}`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().request.message).toMatch(/abc/);
    });

    it('answers a missing chain and unknown paths with an envelope', async () => {
      const none = await get(`/api.php?${authQuery}`);
      expect(none.statusCode).toBe(404);
      expect(none.json().request.code).toBe(404);
      const other = await get('/elsewhere');
      expect(other.statusCode).toBe(404);
      expect(other.json().request.message).toMatch(/No such endpoint/);
    });

    it('decodes a chain in the path once, and answers a path it cannot decode with a 400 envelope', async () => {
      const escaped = await get(`/api/v1/proj%65cts/${projectId}/json?${authQuery}`);
      expect(escaped.statusCode).toBe(200);
      expect(escaped.json().response.project.project_id).toBe(projectId);
      // "%2525" is "%25" once decoded, so the chain is "projects%25", not "projects%".
      const percent = await get(`/api/v1/projects%2525/json?${authQuery}`);
      expect(percent.statusCode).toBe(404);
      expect(percent.json().request.message).toMatch(/^Unknown resource action "projects%25"/);
      for (const url of [`/api/v1/projects/%ZZ/json?${authQuery}`, `/api.php/v1/projects%E0%A4%A/json`]) {
        const bad = await get(url);
        expect(bad.statusCode, url).toBe(400);
        expect(bad.json().request).toMatchObject({ code: 400, message: 'The URL path is not validly percent-encoded' });
        expect(bad.headers['x-request-id']).toBeTruthy();
        expect(bad.body).not.toContain(auth.password);
      }
      const badXml = await get(`/modules/addons/wbteampro/api/v1.projects.%ZZ.xml`);
      expect(badXml.statusCode).toBe(400);
      expect(badXml.headers['content-type']).toContain('application/xml');
      expect(badXml.body).toContain('<action>projects/%ZZ</action>');
    });
  });

  describe('HTTP method and override', () => {
    it('treats POST with method=put as an update', async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/json?${authQuery}&method=PuT`, payload: { params: { notes: 'via override' } } });
      expect(res.statusCode).toBe(200);
      expect(res.json().request.method).toBe('PUT');
      expect(res.json().response.project.notes).toBe('via override');
    });

    it('refuses an unknown method value with 405', async () => {
      const res = await get(`/api/v1/projects/json?${authQuery}&method=patch`);
      expect(res.statusCode).toBe(405);
      expect(res.json().request.code).toBe(405);
    });

    it('answers 405 for a method the chain does not have', async () => {
      const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/projects/json?${authQuery}` });
      expect(res.statusCode).toBe(405);
      expect(res.headers.allow).toBe('GET, POST');
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const res = await t.app.inject({ method: 'HEAD', url: `/api/v1/projects/${projectId}/json?${authQuery}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toBe('');
    });
  });

  describe('params styles', () => {
    it('reads params as a JSON string, a PHP array, a JSON body and a form body alike', async () => {
      const base = `/api/v1/projects/json?${authQuery}`;
      const asJson = await get(`${base}&params=${encodeURIComponent(JSON.stringify({ project_id: String(projectId) }))}`);
      const asPhp = await get(`${base}&params[project_id]=${projectId}`);
      const asBody = await t.app.inject({ method: 'POST', url: '/api/v1/projects/json', payload: { ...auth, method: 'get', params: { project_id: projectId } } });
      for (const res of [asJson, asPhp, asBody]) {
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().response.project.project_id).toBe(projectId);
      }

      const viaForm = await t.app.inject({
        method: 'POST',
        url: '/api.php',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `action=v1.projects.json&${authQuery}&params[name]=Form+made&params[billable]=1`,
      });
      expect(viaForm.statusCode).toBe(200);
      expect(viaForm.json().response.project).toMatchObject({ name: 'Form made', billable: true });

      const viaFormJson = await t.app.inject({
        method: 'POST',
        url: '/api.php/v1/projects/json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${authQuery}&params=${encodeURIComponent(JSON.stringify({ name: 'Form JSON', hourly_rate: '80.5' }))}`,
      });
      expect(viaFormJson.json().response.project).toMatchObject({ name: 'Form JSON', hourly_rate: 80.5 });

      const viaBareBody = await t.app.inject({ method: 'POST', url: '/api/v1/projects/json', payload: { ...auth, name: 'Bare body', billable: 'true' } });
      expect(viaBareBody.json().response.project).toMatchObject({ name: 'Bare body', billable: true });
    });

    it('refuses a "__proto__" param by name, wherever it comes from', async () => {
      for (const params of ['{"__proto__":{"name":"x"}}', '{"__proto__":1}']) {
        const res = await get(`/api/v1/projects/json?${authQuery}&params=${encodeURIComponent(params)}`);
        expect(res.statusCode, params).toBe(400);
        expect(res.json().response.errors).toEqual([{ param: '__proto__', message: 'is not a known parameter' }]);
      }
      const viaBody = await t.app.inject({ method: 'POST', url: `/api/v1/projects/json?${authQuery}`, headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"name":"x"},"name":"y"}' });
      expect(viaBody.statusCode).toBe(400);
    });

    it('takes the id from the chain and refuses a different one in params', async () => {
      const same = await t.api({ chain: `projects/${projectId}`, params: { project_id: String(projectId) } });
      expect(same.status).toBe(200);
      const clash = await t.api({ chain: `projects/${projectId}`, params: { project_id: projectId + 1 } });
      expect(clash.status).toBe(400);
      expect(clash.body.request.message).toMatch(/project_id/);
    });

    it('refuses unknown params, wrong types and bad timestamps, naming them', async () => {
      const res = await t.api({ chain: 'projects', method: 'POST', params: { name: 'x', colour: 'red', billable: 'maybe', date_start: 'soon' } });
      expect(res.status).toBe(400);
      const params = res.body.response.errors.map((e: { param: string }) => e.param).sort();
      expect(params).toEqual(['billable', 'colour', 'date_start']);
      const count = await t.api({ chain: 'projects', params: { q: 'x' } });
      expect(count.body.response.data.total).toBe(0);
    });

    it('refuses malformed JSON, deep nesting, oversize bodies and other content types', async () => {
      const badJson = await get(`/api/v1/projects/json?${authQuery}&params={"name":`);
      expect(badJson.statusCode).toBe(400);
      expect(badJson.json().request.message).toMatch(/not valid JSON/);
      const badBody = await t.app.inject({ method: 'POST', url: `/api/v1/projects/json?${authQuery}`, headers: { 'content-type': 'application/json' }, payload: '{"params": {' });
      expect(badBody.statusCode).toBe(400);
      let deep: unknown = 1;
      for (let i = 0; i < 10; i++) deep = { x: deep };
      const tooDeep = await get(`/api/v1/projects/json?${authQuery}&params=${encodeURIComponent(JSON.stringify({ name: deep }))}`);
      expect(tooDeep.statusCode).toBe(400);
      expect(tooDeep.json().request.message).toMatch(/nested/);
      const huge = await t.app.inject({ method: 'POST', url: `/api/v1/projects/json?${authQuery}`, payload: { params: { name: 'x', details: 'a'.repeat(20 * 1024 * 1024) } } });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().request.code).toBe(413);
      const text = await t.app.inject({ method: 'POST', url: `/api/v1/projects/json?${authQuery}`, headers: { 'content-type': 'text/plain' }, payload: 'hello' });
      expect(text.statusCode).toBe(415);
      expect(text.json().request.code).toBe(415);
    });

    it('accepts dates in every documented input form and answers ISO 8601 UTC', async () => {
      const inputs = ['2026-11-28', '2026-11-28 10:00:00', '2026-11-28T10:00:00Z', '1795860000'];
      const outputs = [];
      for (const date_start of inputs) {
        const res = await t.api({ chain: 'projects', method: 'POST', params: { name: `dated ${date_start}`, date_start } });
        outputs.push(res.body.response.project.date_start);
      }
      expect(outputs).toEqual(['2026-11-28T00:00:00Z', '2026-11-28T10:00:00Z', '2026-11-28T10:00:00Z', '2026-11-28T10:00:00Z']);
    });
  });

  describe('credentials', () => {
    it('accepts them in the query, a form body, a JSON body and Basic auth, MD5 in any case', async () => {
      const url = `/api/v1/projects/${projectId}/json`;
      const basic = Buffer.from(`${auth.username}:${auth.password.toUpperCase()}`).toString('base64');
      const results = await Promise.all([
        get(`${url}?${authQuery}`),
        t.app.inject({ method: 'POST', url: `${url}?method=get`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: authQuery }),
        t.app.inject({ method: 'POST', url: `${url}?method=get`, payload: { ...auth } }),
        get(url, { headers: { authorization: `Basic ${basic}` } }),
      ]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    });

    it('answers 401 alike for an unknown user, a wrong password and none', async () => {
      const a = await get(`/api/v1/projects/json?username=ghost&password=${auth.password}`, { remoteAddress: '10.9.0.1' });
      const b = await get(`/api/v1/projects/json?username=root&password=${'0'.repeat(32)}`, { remoteAddress: '10.9.0.2' });
      const c = await get('/api/v1/projects/json', { remoteAddress: '10.9.0.3' });
      for (const res of [a, b, c]) {
        expect(res.statusCode).toBe(401);
        expect(res.json().request.message).toBe('Authentication failed');
      }
    });

    it('answers 403 for an admin whose role has no API access', async () => {
      const nobody = credentials('nobody');
      const res = await get(`/api/v1/projects/json?username=nobody&password=${nobody.password}`);
      expect(res.statusCode).toBe(403);
    });
  });

  describe('replies', () => {
    it('carries X-Request-Id on every reply, a different one on each', async () => {
      const replies = [
        await get(`/api/v1/projects/json?${authQuery}`),
        await get('/api/v1/projects/json'),
        await get('/api/v1/nothing-here/json'),
        await get('/no/such/page'),
        await get('/health'),
        await get('/openapi.json'),
      ];
      const ids = replies.map((reply) => reply.headers['x-request-id']);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('renders XML that parses (fast-xml-parser and xmllint) to the same values as the JSON', async () => {
      const weird = 'tab\there <b>&amp;</b> "q" \u0001\u0008 ✓ 𝄞 \r\nend';
      const made = await t.api({ chain: 'projects', method: 'POST', params: { name: 'XML check', details: weird } });
      const id = made.body.response.project.project_id;
      const json = (await get(`/api/v1/projects/${id}/json?${authQuery}`)).json();
      const xmlRes = await get(`/api/v1/projects/${id}/xml?${authQuery}`);
      expect(xmlRes.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(xmlRes.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
      const parsed = new XMLParser({ parseTagValue: false, trimValues: false }).parse(xmlRes.body).wbteampro;
      const project = parsed.response.project;
      for (const [key, value] of Object.entries(json.response.project)) {
        const expected = value === null ? '' : key === 'details' ? String(value).replace(/[\u0001\u0008]/g, '') : String(value);
        expect(String(project[key]).replace(/\r\n/g, '\n'), key).toBe(expected.replace(/\r\n/g, '\n'));
      }
      expect(parsed.request.code).toBe('200');
      const lint = execFileSync('xmllint', ['--noout', '-'], { input: xmlRes.body });
      expect(lint.toString()).toBe('');
    });

    it('renders lists in XML as plural elements holding singular ones, and errors in XML', async () => {
      const list = await get(`/api/v1/projects/xml?${authQuery}&params[limit]=2`);
      const parsed = new XMLParser({ isArray: (name) => name === 'project' }).parse(list.body).wbteampro;
      expect(parsed.response.projects.project).toHaveLength(2);
      expect(Number(parsed.response.data.limit)).toBe(2);
      const error = await get(`/api/v1/projects/999999/xml?${authQuery}`);
      expect(error.statusCode).toBe(404);
      expect(error.headers['content-type']).toContain('application/xml');
      expect(new XMLParser().parse(error.body).wbteampro.request.code).toBe(404);
      const invalid = await get(`/api/v1/projects/xml?${authQuery}&params[bogus]=1`);
      const errors = new XMLParser().parse(invalid.body).wbteampro.response.errors.error;
      expect(errors.param).toBe('bogus');
    });
  });
});

describe('CORS', () => {
  it('answers preflight for configured origins only when CORS is on', async () => {
    const [kind] = testDatabases();
    const on = await createTestApp(kind, { TEAMPRO_CORS_ORIGINS: 'https://tools.example.com' });
    const preflight = await on.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/projects/json',
      headers: { origin: 'https://tools.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://tools.example.com');
    expect(preflight.headers['x-request-id']).toBeTruthy();
    const stranger = await on.app.inject({ method: 'GET', url: `/api/v1/projects/json?${authQuery}`, headers: { origin: 'https://evil.example.com' } });
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    await on.close();

    const off = await createTestApp(kind);
    const none = await off.app.inject({ method: 'OPTIONS', url: '/api/v1/projects/json', headers: { origin: 'https://tools.example.com', 'access-control-request-method': 'POST' } });
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
    expect(none.json().request.code).toBe(none.statusCode);
    await off.close();
  });
});

describe('health check', () => {
  it('answers without credentials and says whether the database answers', async () => {
    const [kind] = testDatabases();
    const t = await createTestApp(kind);
    const ok = await t.app.inject({ method: 'GET', url: '/health', remoteAddress: '198.18.0.1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok', database: 'ok' });
    for (let i = 0; i < 5; i++) await t.app.inject({ method: 'GET', url: '/health', remoteAddress: '198.18.0.1' });
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/projects/json?${authQuery}`, remoteAddress: '198.18.0.1' });
    expect(api.statusCode).toBe(200);
    await t.database.destroy();
    const down = await t.app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    await t.app.close();
  });
});
