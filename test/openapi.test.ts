import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../src/api/openapi.js';
import { chainParams } from '../src/engine/method.js';
import { allMethods } from '../src/method-list.js';
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

  it('describes real replies: the documented reply schemas accept what the server sends, for every resource', async () => {
    const validator = new Validator();
    await validator.validate(structuredClone(doc));
    const resolved = validator.resolveRefs() as Json;
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    const methods = new Map(allMethods().map((m) => [m.name, m]));
    const checked = new Set<string>();
    let lastSetCookie: unknown;
    /** A call signed in by the session cookie, from the server's own origin. */
    const withCookie = async (chain: string, method: string, cookie: string) => {
      const response = await t.app.inject({ method: method as 'GET', url: `/api.php/v1/${chain}/json`, headers: { cookie, origin: 'http://localhost:80' } });
      return { status: response.statusCode, headers: response.headers as Record<string, unknown>, text: response.body, body: response.json() };
    };
    /** Calls a method (ids filled into its chain) and validates the reply against its documented 200 schema. */
    const check = async (name: string, params: Record<string, unknown> = {}, cookie?: string) => {
      const method = methods.get(name);
      if (!method) return undefined; // a resource still being built
      let chain = method.chain;
      for (const id of chainParams(method.chain)) chain = chain.replace(`{${id}}`, String(params[id]));
      // Only the params this method takes, so one fixture object serves every call.
      const known = Object.keys(method.params.properties);
      const rest = Object.fromEntries(Object.entries(params).filter(([key]) => known.includes(key) && !chainParams(method.chain).includes(key)));
      const result = cookie ? await withCookie(chain, method.http, cookie) : await t.api({ chain, method: method.http, params: rest });
      expect(result.status, `${name}: ${result.text}`).toBe(200);
      if (result.headers['set-cookie']) lastSetCookie = result.headers['set-cookie'];
      const schema = resolved.paths[pathOf(method.chain)][method.http.toLowerCase()].responses['200'].content['application/json'].schema;
      const validate = ajv.compile(schema);
      expect(validate(result.body) ? [] : validate.errors, name).toEqual([]);
      checked.add(name);
      return result.body.response;
    };
    const project = (await check('createProject', { name: 'Documented', date_start: '2026-01-05' })).project;
    const project_id = project.project_id;
    await check('getProject', { project_id });
    await check('updateProject', { project_id, status: 'Active' });
    await check('findProjects', { status: 'Active' });
    await check('getConfig');
    await check('getConfig', { name: 'project_statuses' });
    await check('findResources');
    await check('getMe');
    await check('findAdmins', { access: 'admin' });
    const signedIn = await check('createSession');
    const cookie = String(lastSetCookie).split(';')[0];
    await check('findSessions', { admin_id: 'me' }, cookie);
    await check('deleteSession', { session_id: (await check('createSession')).session.session_id });
    await check('deleteCurrentSession', {}, cookie);
    expect(signedIn.session.current).toBe(true);
    const action = (await check('createAction', { project_id, name: 'Task' }))?.action;
    const action_id = action?.action_id;
    if (action_id) for (const name of ['getAction', 'updateAction', 'findActions', 'getProjectActions']) await check(name, { project_id, action_id });
    await check('copyProject', { project_id, name: 'Documented copy', date_start: '2026-02-02' });
    if (action_id) await check('copyAction', { action_id, name: 'Documented copy of the task' });
    if (action_id) {
      const recurrence_id = (await check('createRecurrence', { action_id, rule: 'FREQ=WEEKLY;BYDAY=MO', starts: '2030-01-07' })).recurrence.recurrence_id;
      for (const name of ['getRecurrence', 'findRecurrences', 'updateRecurrence', 'deleteRecurrence']) await check(name, { recurrence_id, project_id, rule: 'FREQ=MONTHLY' });
    }
    const topic = (await check('createTopic', { project_id, action_id, title: 'Thread', body: 'Hello' }))?.topic;
    if (topic) {
      for (const name of ['getTopic', 'updateTopic']) await check(name, { topic_id: topic.topic_id });
      for (const name of ['findTopics', 'findTopicThreads', 'getProjectTopics']) await check(name, { project_id });
      await check('getActionTopics', { action_id });
    }
    const timelog = (await check('createTimelog', { project_id, action_id, duration: 600 }))?.timelog;
    if (timelog) {
      for (const name of ['getTimelog', 'updateTimelog']) await check(name, { timelog_id: timelog.timelog_id });
      for (const name of ['findTimelogs', 'getProjectTimelogs']) await check(name, { project_id });
      await check('getActionTimelogs', { action_id });
    }
    const file = (await check('createFile', { project_id, action_id, name: 'notes.txt', content: Buffer.from('Notes').toString('base64') }))?.file;
    if (file) for (const name of ['getFile', 'updateFile']) await check(name, { file_id: file.file_id, detail: 'Checked' });
    await check('findFiles', { project_id });
    await check('findFileThreads', { project_id });
    await check('getProjectFiles', { project_id });
    await check('getActionFiles', { action_id });
    await check('findWHMCSTickets');
    await check('getProjectTickets', { project_id });
    await check('getActionTickets', { action_id });
    const ticket_id = 9001;
    await t.database.db.insertInto('tickets').values({ id: ticket_id, tid: 'OA-9001', did: 0, userid: 1, contactid: 0, name: 'Client', email: 'c@example.com',
      date: 1_700_000_000, title: 'Docs', message: 'Hi', status: 'Open', urgency: 'Low', admin: '', lastreply: null, flag: 0, service: '' }).execute();
    await check('getWHMCSTicket', { ticket_id });
    const xref = (await check('createTicketXref', { ticket_id, project_id, action_id }))?.ticketxref;
    if (xref) {
      for (const name of ['getTicketXref', 'updateTicketXref']) await check(name, { xref_id: xref.xref_id, action_id: 0 });
      await check('getProjectTickets', { project_id });
      await check('findTicketXrefs', { project_id });
      await check('deleteTicketXref', { xref_id: xref.xref_id });
    }
    if (file) await check('deleteFile', { file_id: file.file_id });
    if (timelog) await check('deleteTimelog', { timelog_id: timelog.timelog_id });
    if (topic) await check('deleteTopic', { topic_id: topic.topic_id });
    if (action_id) await check('deleteAction', { action_id });
    await check('deleteProject', { project_id });
    // downloadFile answers with the bytes, not an envelope (its headers are tested with the files).
    expect([...methods.keys()].filter((name) => !checked.has(name) && name !== 'downloadFile')).toEqual([]);
  });

  it('builds the same document without a legacy prefix, with one server', () => {
    const plain = buildOpenApi(allMethods());
    expect(plain.servers).toEqual([{ url: '/', description: 'This server' }]);
    expect(Object.keys(plain.paths)).toEqual(Object.keys(doc.paths));
  });
});
