import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderShapesModule, SHAPES_FILE } from '../scripts/gen-client-shapes.js';
import { METHODS, md5, TeamProClient, TeamProError, TeamProNetworkError, type TeamProClientOptions } from '../src/client/index.js';
import { allMethods } from '../src/method-list.js';
import { createTestApp, USERS, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const has = (name: string) => allMethods().some((m) => m.name === name);
const TICKET_ID = 7001;

describe('TeamPro client SDK against a live server', () => {
  let t: TestApp;
  let url: string;
  let client: TeamProClient;
  let xml: TeamProClient;
  const make = (options: Partial<TeamProClientOptions> = {}) =>
    new TeamProClient({ url, username: 'root', password: USERS.root.password, ...options });

  beforeAll(async () => {
    // Failed logins in the error tests must not ban the test's own address.
    t = await createTestApp(testDatabases()[0], { TEAMPRO_BAN_ALLOW: '127.0.0.1' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api.php`;
    client = make();
    xml = make({ format: 'xml' });
    const now = Math.floor(Date.now() / 1000);
    await t.database.db
      .insertInto('tickets')
      .values({ id: TICKET_ID, tid: 'SDK-7001', did: 0, userid: 3, contactid: 0, name: 'Client', email: 'c@example.com', date: now,
        title: 'SDK ticket', message: 'It broke', status: 'Open', urgency: 'High', admin: '', lastreply: null, flag: 0, service: '' })
      .execute();
  });
  afterAll(() => t.close());

  describe('the SDK matches the server', () => {
    it('has a method with the same chain and HTTP method for every method findResources lists', async () => {
      const resources = await client.api.resources();
      expect(resources.length).toBe(allMethods().length);
      for (const resource of resources) {
        const info = METHODS[resource.name as keyof typeof METHODS];
        expect(info, `${resource.name} has no SDK method`).toBeDefined();
        expect({ chain: info.chain, http: info.http }).toEqual({ chain: resource.chain, http: resource.method });
        const [group, fn] = info.sdk.split('.');
        expect(typeof (client as any)[group][fn], info.sdk).toBe('function');
      }
      // And nothing the SDK offers is missing from the server (the reference's list, all of it served).
      expect(Object.keys(METHODS).sort()).toEqual(resources.map((r) => r.name).sort());
    });

    it('decodes XML with reply shapes generated from the current reply schemas (npm run gen:client)', () => {
      expect(readFileSync(SHAPES_FILE, 'utf8')).toBe(renderShapesModule());
    });

    it('bundles for the browser without any server or Node module', async () => {
      const result = await build({ entryPoints: ['src/client/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((path) => !path.startsWith('src/client/'))).toEqual([]);
    });

    it('hashes passwords with MD5 like PHP and node:crypto, in UTF-8', () => {
      for (const text of ['', 'root-secret', 'pässwörd ✓ 🎉', 'x'.repeat(1000)]) {
        expect(md5(text)).toBe(createHash('md5').update(text, 'utf8').digest('hex'));
      }
      expect(md5('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    });
  });

  describe('projects, config and api', () => {
    it('creates, reads, updates, lists and deletes a project', async () => {
      const created = await client.projects.create({ name: 'SDK project', status: 'Active', date_start: new Date('2026-03-01T00:00:00Z'), billable: true });
      expect(created).toMatchObject({ name: 'SDK project', status: 'Active', date_start: '2026-03-01T00:00:00Z', billable: true });
      const id = created.project_id;
      expect(await client.projects.get(id)).toEqual(created);
      const updated = await client.projects.update(id, { details: 'Now with details', date_finish: '2026-04-01' });
      expect(updated).toMatchObject({ project_id: id, details: 'Now with details', date_finish: '2026-04-01T00:00:00Z' });
      const list = await client.projects.list({ q: 'SDK project' });
      expect(list.data).toMatchObject({ total: 1, page: 1, pages: 1, offset: 0, filters: { q: 'SDK project' } });
      expect(list.projects.map((p) => p.project_id)).toEqual([id]);
      expect((await client.projects.delete(id)).project_id).toBe(id);
      await expect(client.projects.get(id)).rejects.toMatchObject({ name: 'TeamProError', code: 404 });
    });

    it('reads config, one option or all', async () => {
      const statuses = await client.config.get('project_statuses');
      expect(statuses).toContain('Active');
      const all = await client.config.get();
      expect(all.project_statuses).toEqual(statuses);
      expect(typeof all.max_depth).toBe('number');
    });
  });

  describe('errors', () => {
    it('throws TeamProError with the HTTP status, the message and the param errors', async () => {
      const error = await client.projects.create({ name: '', bogus: 1 } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TeamProError);
      const apiError = error as TeamProError;
      expect(apiError.code).toBe(400);
      expect(apiError.isValidation).toBe(true);
      expect(apiError.errors).toContainEqual({ param: 'bogus', message: 'is not a known parameter' });
      expect(apiError.message).toMatch(/bogus/);
      expect(apiError.requestId).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
      const inXml = (await xml.projects.create({ name: '', bogus: 1 } as never).catch((e: unknown) => e)) as TeamProError;
      expect({ code: inXml.code, message: inXml.message, errors: inXml.errors }).toEqual({ code: 400, message: apiError.message, errors: apiError.errors });
    });

    it('throws 401 for a wrong password and 403 for an admin without API access, in JSON and XML', async () => {
      for (const format of ['json', 'xml'] as const) {
        await expect(make({ password: 'wrong', format }).projects.list()).rejects.toMatchObject({ code: 401, message: 'Authentication failed' });
        await expect(make({ username: 'nobody', password: USERS.nobody.password, format }).projects.list()).rejects.toMatchObject({ code: 403 });
        await expect(make({ format }).projects.get(999999)).rejects.toMatchObject({ code: 404, action: 'projects/999999' });
      }
    });

    it('throws TeamProNetworkError (code 0) when nothing answers', async () => {
      const offline = new TeamProClient({ url: 'http://127.0.0.1:1/api.php', username: 'root', password: 'x', retries: 0 });
      const error = await offline.projects.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TeamProNetworkError);
      expect(error).toMatchObject({ code: 0 });
    });
  });

  describe('transport', () => {
    /** A fetch that answers from a script of replies and counts the calls. */
    const scripted = (replies: (() => Response)[]) => {
      const calls: string[] = [];
      const fetchStub = (async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(`${init?.method} ${String(input)}`);
        const next = replies.shift();
        if (!next) throw new Error('no more replies');
        return next();
      }) as typeof fetch;
      return { calls, fetch: fetchStub };
    };
    const unavailable = () =>
      new Response(JSON.stringify({ request: { action: 'projects', method: 'GET', format: 'json', code: 503, message: 'Service temporarily unavailable' }, response: {} }), {
        status: 503, headers: { 'content-type': 'application/json' },
      });
    const networkDown = () => {
      throw new TypeError('fetch failed');
    };

    it('retries a GET after a 503 or a network error, and never a POST, PUT or DELETE', async () => {
      const get = scripted([unavailable, networkDown, () => new Response(JSON.stringify({ request: { code: 200, message: 'Success' }, response: { data: {}, projects: [] } }), { headers: { 'content-type': 'application/json' } })]);
      const reading = make({ fetch: get.fetch, retryDelayMs: 1 });
      expect((await reading.projects.list()).projects).toEqual([]);
      expect(get.calls).toHaveLength(3);
      for (const write of [(c: TeamProClient) => c.projects.create({ name: 'x' }), (c: TeamProClient) => c.projects.update(1, { name: 'x' }), (c: TeamProClient) => c.projects.delete(1)]) {
        const post = scripted([unavailable, unavailable]);
        await expect(write(make({ fetch: post.fetch, retryDelayMs: 1 }))).rejects.toMatchObject({ code: 503 });
        expect(post.calls).toHaveLength(1);
        const down = scripted([networkDown, networkDown]);
        await expect(write(make({ fetch: down.fetch, retryDelayMs: 1 }))).rejects.toBeInstanceOf(TeamProNetworkError);
        expect(down.calls).toHaveLength(1);
      }
    });

    it('works in every URL form and with either kind of credentials', async () => {
      const project = await client.projects.create({ name: 'Forms' });
      const variants: Partial<TeamProClientOptions>[] = [
        { urlStyle: 'clean' }, { urlStyle: 'rewritten' }, { urlStyle: 'direct' }, { auth: 'params' },
        { auth: 'params', urlStyle: 'direct', format: 'xml' }, { password: undefined, passwordMd5: md5(USERS.root.password).toUpperCase() },
        { url: url.replace('/api.php', '/modules/addons/wbteampro/api.php') },
      ];
      for (const variant of variants) expect(await make(variant).projects.get(project.project_id), JSON.stringify(variant)).toEqual(project);
      expect(make({ urlStyle: 'direct' }).describe('getProject', { project_id: 5 }).url).toBe(url.replace('api.php', 'api.php?action=v1.projects.5.json'));
      expect(make({ urlStyle: 'rewritten' }).describe('getProject', { project_id: 5 }).url).toBe(url.replace('api.php', 'api/v1/projects/5/json'));
    });
  });

  describe('paging', () => {
    it('iterates every record of a list across pages, from an offset or a page', async () => {
      const made: number[] = [];
      for (let i = 1; i <= 7; i++) made.push((await client.projects.create({ name: `Paged ${i}`, type: 'Internal' })).project_id);
      const seen: number[] = [];
      for await (const project of client.projects.iterate({ q: 'Paged', limit: 3 })) seen.push(project.project_id);
      expect(seen).toEqual(made);
      const fromPage: number[] = [];
      for await (const project of client.projects.iterate({ q: 'Paged', limit: 2, page: 2 })) fromPage.push(project.project_id);
      expect(fromPage).toEqual(made.slice(2));
      const inXml: number[] = [];
      for await (const project of xml.projects.iterate({ q: 'Paged', limit: 4, sort: '-project_id' })) inXml.push(project.project_id);
      expect(inXml).toEqual([...made].reverse());
    });
  });

  describe('every resource, in JSON and XML alike', () => {
    /** Runs a read in both formats and expects the same values. */
    const same = async <T>(read: (c: TeamProClient) => Promise<T>): Promise<T> => {
      const fromJson = await read(client);
      expect(await read(xml)).toEqual(fromJson);
      return fromJson;
    };
    let projectId: number;
    let actionId: number;

    beforeAll(async () => {
      projectId = (await client.projects.create({ name: 'Everything', billable: true, hourly_rate: 90, details: '' })).project_id;
      actionId = (await client.actions.create({ project_id: projectId, name: 'Build it', priority: 3 })).action_id;
    });

    it('projects and actions', async () => {
      await same((c) => c.projects.get(projectId));
      await same((c) => c.projects.list({ billable: true }));
      const sub = await xml.actions.create({ project_id: projectId, parent_action_id: actionId, name: 'Sub <task> & "quotes"', complete: 50 });
      expect(sub).toEqual(await client.actions.get(sub.action_id));
      expect((await client.actions.update(sub.action_id, { complete: 100 })).complete).toBe(100);
      const combined = await same((c) => c.projects.actions(projectId, { sort: 'action_id' }));
      expect(combined.project.project_id).toBe(projectId);
      expect(combined.actions.map((a) => a.action_id)).toEqual([actionId, sub.action_id]);
      await same((c) => c.actions.list({ project_id: projectId }));
      expect((await client.actions.delete(sub.action_id)).action_id).toBe(sub.action_id);
    });

    it('topics and threads', async () => {
      const thread = await client.topics.create({ project_id: projectId, action_id: actionId, title: 'Kick-off', body: 'Agenda' });
      const reply = await xml.topics.create({ project_id: projectId, thread_id: thread.topic_id, body: 'Sounds good' });
      expect(reply.thread_id).toBe(thread.topic_id);
      await same((c) => c.topics.get(reply.topic_id));
      const threads = await same((c) => c.topics.threads({ project_id: projectId }));
      expect(threads.topics[0]).toMatchObject({ topic_id: thread.topic_id, posts: 2 });
      await same((c) => c.topics.list({ project_id: projectId }));
      await same((c) => c.projects.topics(projectId));
      expect((await same((c) => c.actions.topics(actionId))).topics).toHaveLength(2);
      expect((await client.topics.update(reply.topic_id, { body: 'Edited' })).body).toBe('Edited');
      expect((await client.topics.delete(reply.topic_id)).topic_id).toBe(reply.topic_id);
    });

    it('files: upload from a Blob, bytes or a stream; download as a stream, whole or a range', async () => {
      const text = 'hello, file ✓\n'.repeat(100);
      const bytes = new TextEncoder().encode(text);
      const blob = await client.files.upload({ project_id: projectId, file: new Blob([bytes], { type: 'text/plain' }), name: 'notes.txt', label: 'Notes' });
      expect(blob).toMatchObject({ name: 'notes.txt', size: bytes.length, version: 1, sha256: createHash('sha256').update(bytes).digest('hex') });
      const version = await xml.files.upload({ thread_id: blob.file_id, file: bytes, name: 'notes-v2.txt' });
      expect(version).toMatchObject({ thread_id: blob.file_id, version: 2 });
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 5; i++) controller.enqueue(bytes);
          controller.close();
        },
      });
      const streamed = await client.files.upload({ project_id: projectId, action_id: actionId, file: stream, name: 'big.txt', type: 'text/plain' });
      expect(streamed.size).toBe(bytes.length * 5);
      const download = await client.files.download(blob.file_id);
      expect(download).toMatchObject({ status: 200, size: bytes.length, name: 'notes.txt', etag: `"${blob.sha256}"` });
      expect(download.type).toContain('text/plain');
      expect(await new Response(download.stream).text()).toBe(text);
      const part = await client.files.download(streamed.file_id, { range: { start: 2, end: 6 } });
      expect(part).toMatchObject({ status: 206, size: 5 });
      expect(await new Response(part.stream).text()).toBe(text.slice(2, 7));
      await same((c) => c.files.get(version.file_id));
      await same((c) => c.files.list({ project_id: projectId }));
      expect((await same((c) => c.files.threads({ project_id: projectId }))).files).toHaveLength(2);
      await same((c) => c.projects.files(projectId));
      expect((await same((c) => c.actions.files(actionId))).files.map((f) => f.file_id)).toEqual([streamed.file_id]);
      expect((await client.files.update(streamed.file_id, { detail: 'A big one' })).detail).toBe('A big one');
      expect((await client.files.delete(streamed.file_id)).file_id).toBe(streamed.file_id);
      await expect(client.files.download(streamed.file_id)).rejects.toMatchObject({ code: 404 });
    });

    it('timelogs: create, timers, totals and the combined lists', async () => {
      const logged = await client.timelogs.create({ project_id: projectId, action_id: actionId, date_start: '2026-02-02 09:00:00', duration: 5400, note: 'Design' });
      expect(logged).toMatchObject({ duration: 5400, status: 'complete', billable: true });
      const timer = await client.timelogs.start({ project_id: projectId });
      expect(timer).toMatchObject({ status: 'active', date_stop: null });
      const stopped = await client.timelogs.stop(timer.timelog_id);
      expect(stopped.status).toBe('complete');
      await same((c) => c.timelogs.get(logged.timelog_id));
      const list = await same((c) => c.timelogs.list({ project_id: projectId }));
      expect(list.data.totals.duration).toBeGreaterThanOrEqual(5400);
      await same((c) => c.projects.timelogs(projectId));
      expect((await same((c) => c.actions.timelogs(actionId))).timelogs.map((l) => l.timelog_id)).toEqual([logged.timelog_id]);
      expect((await client.timelogs.update(logged.timelog_id, { note: 'Design review' })).note).toBe('Design review');
      expect((await client.timelogs.delete(stopped.timelog_id)).timelog_id).toBe(stopped.timelog_id);
    });

    it.runIf(has('getWHMCSTicket') && has('createTicketXref'))('WHMCS tickets and ticket links', async () => {
      expect(await same((c) => c.tickets.get(TICKET_ID))).toMatchObject({ id: TICKET_ID, tid: 'SDK-7001', title: 'SDK ticket' });
      await same((c) => c.tickets.list({ status: 'Open' }));
      const link = await client.ticketxrefs.create({ ticket_id: TICKET_ID, project_id: projectId });
      expect(link).toMatchObject({ ticket_id: TICKET_ID, project_id: projectId, action_id: 0 });
      await expect(client.ticketxrefs.create({ ticket_id: TICKET_ID, project_id: projectId })).rejects.toMatchObject({ code: 409 });
      await same((c) => c.ticketxrefs.get(link.xref_id));
      await same((c) => c.ticketxrefs.list({ project_id: projectId }));
      expect((await client.ticketxrefs.update(link.xref_id, { action_id: actionId })).action_id).toBe(actionId);
      if (has('getProjectTickets')) {
        const inProject = await same((c) => c.projects.tickets(projectId));
        expect(inProject.whmcstickets[0]).toMatchObject({ id: TICKET_ID, ticketxref: { xref_id: link.xref_id } });
        expect((await same((c) => c.actions.tickets(actionId))).whmcstickets).toHaveLength(1);
      }
      expect((await client.ticketxrefs.delete(link.xref_id)).xref_id).toBe(link.xref_id);
    });
  });
});
