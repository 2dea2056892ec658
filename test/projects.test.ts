import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

describe.each(testDatabases())('projects on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  const create = async (params: Record<string, unknown>, as: 'root' | 'alice' | 'bob' = 'root') => {
    const res = await t.api({ chain: 'projects', method: 'POST', params, as });
    expect(res.status, res.text).toBe(200);
    return res.body.response.project;
  };

  it('creates a project with defaults and every field typed', async () => {
    const project = await create({ name: 'Defaults' });
    expect(project).toMatchObject({
      name: 'Defaults', type: 'Internal', status: 'Under Review', function: 'default', admin_access: 'all', client_access: 'hidden',
      billable: false, hourly_rate: null, owner_adminid: t.ids.root, manager_adminid: t.ids.root, assigned_adminid: 0,
      complete: 0, actions_count: 0, elapsed: 0, date_start: null, details: '', notes: '',
    });
    expect(project.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(project.activity).toBe(project.created);
  });

  it('refuses a missing name, a type or status outside the configured lists, and a finish before the start', async () => {
    const missing = await t.api({ chain: 'projects', method: 'POST', params: { type: 'Internal' } });
    expect(missing.status).toBe(400);
    expect(missing.body.response.errors).toEqual([{ param: 'name', message: 'is required' }]);
    const status = await t.api({ chain: 'projects', method: 'POST', params: { name: 'x', status: 'Nope' } });
    expect(status.status).toBe(400);
    expect(status.body.response.errors[0]).toMatchObject({ param: 'status' });
    const dates = await t.api({ chain: 'projects', method: 'POST', params: { name: 'x', date_start: '2026-02-01', date_finish: '2026-01-01' } });
    expect(dates.status).toBe(400);
    const long = await t.api({ chain: 'projects', method: 'POST', params: { name: 'n'.repeat(256) } });
    expect(long.status).toBe(400);
    for (const name of ['', '   ']) {
      const blank = await t.api({ chain: 'projects', method: 'POST', params: { name } });
      expect(blank.status).toBe(400);
      expect(blank.body.response.errors[0].param).toBe('name');
    }
    const list = await t.api({ chain: 'projects', params: { q: 'x', limit: 500 } });
    expect(list.body.response.projects.filter((p: { name: string }) => p.name === 'x')).toHaveLength(0);
  });

  it('updates only the given fields and answers with the stored record', async () => {
    const project = await create({ name: 'Before', hourly_rate: 50 });
    const res = await t.api({ chain: `projects/${project.project_id}`, method: 'PUT', params: { name: 'After', status: 'Active', hourly_rate: null } });
    expect(res.body.response.project).toMatchObject({ name: 'After', status: 'Active', hourly_rate: null, type: 'Internal' });
    const missing = await t.api({ chain: 'projects/999999', method: 'PUT', params: { name: 'ghost' } });
    expect(missing.status).toBe(404);
  });

  it('keeps an archived project read-only until it is un-archived', async () => {
    const project = await create({ name: 'Old', function: 'archive' });
    const chain = `projects/${project.project_id}`;
    const refused = await t.api({ chain, method: 'PUT', params: { name: 'New' } });
    expect(refused.status).toBe(409);
    expect((await t.api({ chain })).body.response.project.name).toBe('Old');
    const unarchived = await t.api({ chain, method: 'PUT', params: { function: 'default', name: 'New' } });
    expect(unarchived.body.response.project).toMatchObject({ function: 'default', name: 'New' });
  });

  it('deletes a project and answers with the record as it was', async () => {
    const project = await create({ name: 'Doomed' });
    const res = await t.api({ chain: `projects/${project.project_id}`, method: 'DELETE' });
    expect(res.body.response.project.name).toBe('Doomed');
    expect((await t.api({ chain: `projects/${project.project_id}` })).status).toBe(404);
  });

  describe('lists', () => {
    beforeAll(async () => {
      for (let i = 1; i <= 7; i++) await create({ name: `Paged ${i}`, type: i % 2 ? 'Product' : 'Service', date_start: `2026-0${i}-01` });
    });

    it('pages with limit/offset and page, and computes page and pages', async () => {
      const first = await t.api({ chain: 'projects', params: { q: 'paged', limit: 3 } });
      expect(first.body.response.data).toEqual({ total: 7, page: 1, pages: 3, limit: 3, offset: 0, filters: { q: 'paged' } });
      const third = await t.api({ chain: 'projects', params: { q: 'paged', limit: 3, page: 3 } });
      expect(third.body.response.data).toMatchObject({ offset: 6, page: 3, pages: 3 });
      expect(third.body.response.projects.map((p: { name: string }) => p.name)).toEqual(['Paged 7']);
      const odd = await t.api({ chain: 'projects', params: { q: 'paged', limit: 3, offset: 4 } });
      expect(odd.body.response.data.page).toBe(2);
      expect(odd.body.response.projects.map((p: { name: string }) => p.name)).toEqual(['Paged 5', 'Paged 6', 'Paged 7']);
      const past = await t.api({ chain: 'projects', params: { q: 'paged', offset: 100 } });
      expect(past.body.response.projects).toEqual([]);
      expect(past.body.response.data.total).toBe(7);
    });

    it('refuses a limit above the maximum', async () => {
      const res = await t.api({ chain: 'projects', params: { limit: 501 } });
      expect(res.status).toBe(400);
      expect(res.body.response.errors[0].param).toBe('limit');
    });

    it('sorts by documented fields, descending with "-", and refuses others', async () => {
      const res = await t.api({ chain: 'projects', params: { q: 'paged', sort: '-type,date_start' } });
      const names = res.body.response.projects.map((p: { name: string }) => p.name);
      expect(names).toEqual(['Paged 2', 'Paged 4', 'Paged 6', 'Paged 1', 'Paged 3', 'Paged 5', 'Paged 7']);
      const bad = await t.api({ chain: 'projects', params: { sort: 'notes' } });
      expect(bad.status).toBe(400);
      expect(bad.body.request.message).toMatch(/Cannot sort by "notes"/);
    });

    it('filters by equality, echoes the typed filters, and refuses unknown filters', async () => {
      const res = await t.api({ chain: 'projects', params: { q: 'PAGED', type: 'Product', billable: '0' } });
      expect(res.body.response.data.total).toBe(4);
      expect(res.body.response.data.filters).toEqual({ type: 'Product', billable: false, q: 'PAGED' });
      const unknown = await t.api({ chain: 'projects', params: { colour: 'red' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.response.errors[0]).toEqual({ param: 'colour', message: 'is not a known parameter' });
    });

    it('searches text case-insensitively with LIKE wildcards taken literally', async () => {
      await create({ name: '100% Done_ok' });
      expect((await t.api({ chain: 'projects', params: { q: '100%' } })).body.response.data.total).toBe(1);
      expect((await t.api({ chain: 'projects', params: { q: 'e_o' } })).body.response.data.total).toBe(1);
      expect((await t.api({ chain: 'projects', params: { q: '%' } })).body.response.data.total).toBe(1);
    });

    it('filters by modified_since', async () => {
      const future = await t.api({ chain: 'projects', params: { modified_since: '2100-01-01' } });
      expect(future.body.response.data.total).toBe(0);
      const past = await t.api({ chain: 'projects', params: { modified_since: '2000-01-01', q: 'paged' } });
      expect(past.body.response.data.total).toBe(7);
    });
  });

  describe('visibility for plain admins', () => {
    let ids: Record<string, number>;
    beforeAll(async () => {
      const a = t.ids;
      const specs = {
        all: { admin_access: 'all', manager_adminid: a.root },
        managedByAlice: { admin_access: 'manager', manager_adminid: a.alice },
        managerOnly: { admin_access: 'manager', manager_adminid: a.root, assigned_adminid: a.alice },
        relatedAssigned: { admin_access: 'related', manager_adminid: a.root, assigned_adminid: a.alice },
        relatedAny: { admin_access: 'related', manager_adminid: a.root, assigned_adminid: 0 },
        relatedBob: { admin_access: 'related', manager_adminid: a.root, assigned_adminid: a.bob },
      };
      ids = {};
      for (const [name, spec] of Object.entries(specs)) ids[name] = (await create({ name: `vis ${name}`, ...spec })).project_id;
    });

    it('shows alice exactly the projects the visibility rules grant her, in rows and totals', async () => {
      const mine = await t.api({ chain: 'projects', params: { q: 'vis ' }, as: 'alice' });
      const names = mine.body.response.projects.map((p: { name: string }) => p.name).sort();
      expect(names).toEqual(['vis all', 'vis managedByAlice', 'vis relatedAny', 'vis relatedAssigned']);
      expect(mine.body.response.data.total).toBe(4);
      const all = await t.api({ chain: 'projects', params: { q: 'vis ' }, as: 'root' });
      expect(all.body.response.data.total).toBe(6);
    });

    it('answers 404 for a project alice may not see, for reads and writes alike', async () => {
      for (const name of ['managerOnly', 'relatedBob']) {
        const chain = `projects/${ids[name]}`;
        expect((await t.api({ chain, as: 'alice' })).status).toBe(404);
        expect((await t.api({ chain, method: 'PUT', params: { name: 'hijack' }, as: 'alice' })).status).toBe(404);
        expect((await t.api({ chain, method: 'DELETE', as: 'alice' })).status).toBe(404);
        expect((await t.api({ chain, as: 'bob' })).status).toBe(name === 'relatedBob' ? 200 : 404);
      }
    });
  });
});

describe.each(testDatabases())('config and findResources on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('returns all options, one option, and 404 for an unknown one', async () => {
    const all = await t.api({ chain: 'config' });
    expect(all.body.response.config.project_statuses).toEqual(['Under Review', 'Active', 'In Production', 'In Testing', 'Completed', 'Closed']);
    expect(all.body.response.config).toMatchObject({ max_depth: 5, page_limit: 50, page_limit_max: 500, api_active: true });
    const one = await t.api({ chain: 'config', params: { name: 'timelog_types' } });
    expect(one.body.response.config).toEqual({ timelog_types: ['Standard', 'In-House', 'Rush', 'Emergency'] });
    expect((await t.api({ chain: 'config', params: { name: 'nope' } })).status).toBe(404);
  });

  it('lists every method with its chain, HTTP method and params schema, configured lists as enums', async () => {
    const res = await t.api({ chain: 'api/resources' });
    const resources = res.body.response.resources;
    const byName = Object.fromEntries(resources.map((r: { name: string }) => [r.name, r]));
    expect(byName.getProject).toMatchObject({ resource: 'projects', chain: 'projects/{project_id}', method: 'GET', description: 'Return a Project' });
    expect(byName.createProject.params.required).toEqual(['name']);
    expect(byName.createProject.params.properties.status.enum).toContain('Active');
    expect(byName.findResources.chain).toBe('api/resources');
    expect(res.body.response.data.total).toBe(resources.length);
  });

  it('turns the API off with api_active', async () => {
    await t.database.db.insertInto('settings').values({ name: 'api_active', value: 'false' }).execute();
    const fresh = await buildApp({ config: t.config, database: t.database, blobs: new LocalBlobStore(t.config.blobDir), logger: false });
    const res = await fresh.inject({ method: 'GET', url: '/api/v1/projects/json', query: credentials('root') });
    expect(res.statusCode).toBe(403);
    expect(res.json().request.message).toMatch(/api_active/);
    await fresh.close();
    await t.database.db.deleteFrom('settings').where('name', '=', 'api_active').execute();
  });
});

describe.each(testDatabases())('null ordering on $name', (kind) => {
  it('sorts empty values lowest on every database', async () => {
    const t = await createTestApp(kind);
    for (const [name, date_start] of [['n-a', '2026-03-01'], ['n-b', null], ['n-c', '2026-01-01']] as const) {
      await t.api({ chain: 'projects', method: 'POST', params: { name, date_start } });
    }
    const names = async (sort: string) =>
      (await t.api({ chain: 'projects', params: { q: 'n-', sort } })).body.response.projects.map((p: { name: string }) => p.name);
    expect(await names('date_start')).toEqual(['n-b', 'n-c', 'n-a']);
    expect(await names('-date_start')).toEqual(['n-a', 'n-c', 'n-b']);
    await t.close();
  });
});
