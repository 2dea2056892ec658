import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../src/api/openapi.js';
import { chainParams } from '../src/engine/method.js';
import { allMethods } from '../src/methods.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
type Json = Record<string, any>;

const pathOf = (chain: string) => `/api/v1/${chain}/json`;

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;
  beforeAll(async () => {
    t = await createTestApp(testDatabases()[0]);
    const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    doc = response.json();
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has every method at its rewritten URL with its HTTP method, and nothing else', () => {
    const methods = allMethods();
    for (const method of methods) {
      const op = doc.paths[pathOf(method.chain)]?.[method.http.toLowerCase()];
      expect(op, method.name).toBeDefined();
      expect(op.operationId).toBe(method.name);
      expect(op.tags).toEqual([method.resource]);
      expect(op.summary).toBe(method.description);
    }
    const operations = Object.values<Json>(doc.paths).flatMap((item) => Object.values<Json>(item));
    expect(operations.map((op) => op.operationId).sort()).toEqual(methods.map((m) => m.name).sort());
  });

  it('puts chain ids in the path, params in the query for GET/DELETE and in a JSON body for POST/PUT', () => {
    for (const method of allMethods()) {
      const op = doc.paths[pathOf(method.chain)][method.http.toLowerCase()];
      const pathNames = (op.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
      expect(pathNames, method.name).toEqual(chainParams(method.chain));
      const query = (op.parameters ?? []).find((p: Json) => p.in === 'query' && p.name === 'params');
      if (method.http === 'GET' || method.http === 'DELETE') {
        expect(op.requestBody, method.name).toBeUndefined();
        if (query) expect(Object.keys(query.content['application/json'].schema.properties)).not.toContain(pathNames[0]);
      } else {
        expect(query, method.name).toBeUndefined();
        expect(op.requestBody.content['application/json'].schema.properties.params, method.name).toBeDefined();
      }
    }
    const create = doc.paths['/api/v1/projects/json'].post;
    expect(create.requestBody.required).toBe(true);
    expect(create.requestBody.content['application/json'].schema.properties.params.required).toEqual(['name']);
    const list = doc.paths['/api/v1/projects/json'].get.parameters.find((p: Json) => p.name === 'params');
    expect(list.required).toBe(false);
    expect(list.content['application/json'].schema.properties.status['x-config']).toBe('project_statuses');
  });

  it('documents auth and the error envelope on every operation', () => {
    expect(doc.security).toEqual([{ basicAuth: [] }, { username: [], password: [] }]);
    expect(doc.components.securitySchemes.basicAuth).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(doc.components.securitySchemes.password).toMatchObject({ type: 'apiKey', in: 'query', name: 'password' });
    for (const item of Object.values<Json>(doc.paths)) {
      for (const op of Object.values<Json>(item)) {
        for (const status of ['400', '401', '403', '404', '405', '409', '413', '415', '429', '500']) {
          expect(op.responses[status].content['application/json'].schema.$ref, `${op.operationId} ${status}`).toBe('#/components/schemas/ErrorEnvelope');
        }
      }
    }
    expect(doc.servers).toContainEqual({ url: '/modules/addons/wbteampro', description: expect.any(String) });
  });

  it('describes real replies: the documented reply schemas accept what the server sends', async () => {
    const validator = new Validator();
    await validator.validate(structuredClone(doc));
    const resolved = validator.resolveRefs() as Json;
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    const check = async (chain: string, http: string, call: Parameters<TestApp['api']>[0]) => {
      const schema = resolved.paths[pathOf(chain)][http].responses['200'].content['application/json'].schema;
      const result = await t.api(call);
      expect(result.status, result.text).toBe(200);
      const validate = ajv.compile(schema);
      expect(validate(result.body) ? [] : validate.errors, `${http} ${chain}`).toEqual([]);
      return result.body;
    };
    const created = await check('projects', 'post', { chain: 'projects', method: 'POST', params: { name: 'Documented', date_start: '2026-01-05' } });
    const id = created.response.project.project_id;
    await check('projects/{project_id}', 'get', { chain: `projects/${id}` });
    await check('projects/{project_id}', 'put', { chain: `projects/${id}`, method: 'PUT', params: { status: 'Active' } });
    await check('projects', 'get', { chain: 'projects', params: { status: 'Active' } });
    await check('config', 'get', { chain: 'config' });
    await check('api/resources', 'get', { chain: 'api/resources' });
    await check('projects/{project_id}', 'delete', { chain: `projects/${id}`, method: 'DELETE' });
  });

  it('builds the same document without a legacy prefix, with one server', () => {
    const plain = buildOpenApi(allMethods());
    expect(plain.servers).toEqual([{ url: '/', description: 'This server' }]);
    expect(Object.keys(plain.paths)).toEqual(Object.keys(doc.paths));
  });
});
