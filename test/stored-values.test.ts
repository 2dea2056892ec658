import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMethods } from '../src/method-list.js';
import { importTickets } from '../src/tickets/import.js';
import { createTestApp, type ApiCall, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';
import { duration, intIn, LAST_SECOND, longText, money, refId, someOf, text, time, type FieldValues } from './helpers/value-arbitraries.js';

/**
 * Property: a write that is accepted reads back, in JSON and in XML, through every method that
 * returns it (gets, lists, combined requests) without a server error; a write that is refused
 * changes nothing. `VALUES_RUNS` sets how many writes each database gets.
 */
const RUNS = Number(process.env.VALUES_RUNS ?? 80);

type Params = Record<string, unknown>;
interface Write {
  chain: string;
  method: 'POST' | 'PUT';
  params: Params;
}

const TABLES = { projects: 'project_id', actions: 'action_id', topics: 'topic_id', files: 'file_id', ticketxrefs: 'xref_id', timelogs: 'timelog_id', recurrences: 'recurrence_id' } as const;
const READERS = allMethods().filter((m) => m.http === 'GET' && !['findResources', 'getConfig'].includes(m.name));

const projectFields = {
  name: text(255), date_start: time, date_finish: time, client_userid: refId, client_hostingid: refId, hourly_rate: money, details: longText, notes: longText,
};
const actionFields = {
  name: text(255), date_start: time, date_finish: time, duration, priority: intIn(1, 3),
  sort_order: intIn(-2_147_483_648, 2_147_483_647), details: longText, action_notes: longText,
};
// Only on create: the milestone's completion follows its sub-action, so an update setting it is refused.
const newActionFields = { ...actionFields, complete: intIn(0, 100) };
const timelogFields = { date_start: time, date_stop: time, duration, note: longText, invoice_id: refId };
const fileFields = { name: text(255), label: text(255), detail: longText };
const topicFields = { title: text(255), body: longText };

/** A reference to one of `ids`, or to nothing: refused or not, never a server error. */
const oneOf = (...ids: number[]): FieldValues => ({ valid: fc.constantFrom(...ids), invalid: refId.invalid });

describe.each(testDatabases())('stored values on $name', (kind) => {
  let t: TestApp;
  /** The records the generated writes change or hang under. */
  const ids: Record<string, number> = {};
  const ok = async (call: ApiCall) => {
    const res = await t.api(call);
    expect(res.status, res.text).toBe(200);
    return Object.values(res.body.response)[0] as Params;
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    await importTickets(t.database.db, [101, 102, 103].map((id) => ({ id, tid: `T-${id}`, title: `Ticket ${id}`, status: 'Open' })));
    ids.project_id = Number((await ok({ chain: 'projects', method: 'POST', params: { name: 'Values' } })).project_id);
    ids.spare = Number((await ok({ chain: 'projects', method: 'POST', params: { name: 'Spare' } })).project_id);
    const inProject = { project_id: ids.project_id };
    ids.parent = Number((await ok({ chain: 'actions', method: 'POST', params: { ...inProject, name: 'Milestone' } })).action_id);
    ids.action_id = Number((await ok({ chain: 'actions', method: 'POST', params: { ...inProject, name: 'Task', parent_action_id: ids.parent } })).action_id);
    ids.topic_id = Number((await ok({ chain: 'topics', method: 'POST', params: { ...inProject, title: 'Thread', body: 'Text' } })).topic_id);
    ids.file_id = Number((await ok({ chain: 'files', method: 'POST', params: { ...inProject, name: 'a.txt', content: 'aGk=' } })).file_id);
    ids.timelog_id = Number((await ok({ chain: 'timelogs', method: 'POST', params: { ...inProject, action_id: ids.action_id, duration: 60 } })).timelog_id);
    ids.xref_id = Number((await ok({ chain: 'ticketxrefs', method: 'POST', params: { ...inProject, ticket_id: 101 } })).xref_id);
    ids.recurrence_id = Number((await ok({ chain: 'recurrences', method: 'POST', params: { action_id: ids.parent, rule: 'FREQ=WEEKLY' } })).recurrence_id);
  });
  afterAll(() => t.close());

  function writes(): fc.Arbitrary<Write> {
    const { project_id, spare, parent, action_id, topic_id, file_id, timelog_id, xref_id } = ids;
    const write = (chain: string, method: Write['method'], fixed: Params, fields: fc.Arbitrary<Params>) =>
      fields.map((params): Write => ({ chain, method, params: { ...fixed, ...params } }));
    const someAction = oneOf(0, parent, action_id, 999_999);
    return fc.oneof(
      write('projects', 'POST', { name: 'Generated' }, someOf(projectFields)),
      write(`projects/${spare}`, 'PUT', {}, someOf(projectFields)),
      write('actions', 'POST', { project_id, name: 'Generated' }, someOf({ ...newActionFields, parent_action_id: someAction })),
      fc.constantFrom(parent, action_id).chain((id) => write(`actions/${id}`, 'PUT', {}, someOf(actionFields))),
      write('topics', 'POST', { project_id, title: 'Generated', body: 'Text' }, someOf({ ...topicFields, action_id: someAction })),
      write(`topics/${topic_id}`, 'PUT', {}, someOf(topicFields)),
      write('timelogs', 'POST', { project_id }, someOf({ ...timelogFields, action_id: someAction })),
      write(`timelogs/${timelog_id}`, 'PUT', {}, someOf({ ...timelogFields, stop: { valid: fc.boolean(), invalid: fc.constant('maybe') } })),
      write('ticketxrefs', 'POST', { project_id }, someOf({ ticket_id: oneOf(102, 103), action_id: someAction })),
      write(`ticketxrefs/${xref_id}`, 'PUT', {}, someOf({ ticket_id: oneOf(101, 102), action_id: someAction })),
      write('files', 'POST', { project_id, content: 'aGk=', name: 'generated.txt' }, someOf(fileFields)),
      write(`files/${file_id}`, 'PUT', {}, someOf(fileFields)),
      // Copies move every copied date by the start's shift: one out of range is refused whole.
      write(`projects/${project_id}/copy`, 'POST', { name: 'Generated copy' }, someOf({ date_start: time, date_finish: time, hourly_rate: money, details: longText })),
      fc.constantFrom(parent, action_id).chain((id) => write(`actions/${id}/copy`, 'POST', { project_id: spare }, someOf({ name: text(255), date_start: time }))),
      write('recurrences', 'POST', { action_id: parent, rule: 'FREQ=WEEKLY' }, someOf({ starts: time })),
    );
  }

  /** Every stored row of every table a write may touch, in id order. */
  async function snapshot(): Promise<string> {
    const tables = await Promise.all(
      Object.entries(TABLES).map(([table, id]) => (t.database.db as any).selectFrom(table).selectAll().orderBy(id).execute()),
    );
    return JSON.stringify(tables);
  }

  /**
   * The GET calls that return `record` (or its project, action, thread), ids filled in. Lists keep to
   * what changed since `since`, so a page holds the record without carrying every earlier one; the
   * project list, whose rows a write below them changes without marking them modified, puts the
   * projects of latest activity first.
   */
  function readsOf(record: Params, since: number): ApiCall[] {
    const own = (key: string, otherwise: number) => (Number(record[key]) > 0 ? Number(record[key]) : otherwise);
    const place: Params = { ...ids, ...record, project_id: own('project_id', ids.project_id), action_id: own('action_id', ids.action_id), ticket_id: own('ticket_id', 101) };
    return READERS.map((method) => {
      const chain = method.chain.replace(/\{(\w+)\}/g, (_, key: string) => String(place[key]));
      const takes = (param: string) => param in method.params.properties && !method.chain.includes(`{${param}}`);
      const params: Params = {
        ...(takes('limit') && { limit: 100 }),
        ...(takes('project_id') && { project_id: place.project_id }),
        ...(takes('modified_since') && (method.name === 'findProjects' ? { sort: '-activity' } : { modified_since: since })),
      };
      return { chain, params };
    });
  }

  async function assertReadable(record: Params, what: string, since = 0) {
    for (const read of readsOf(record, since)) {
      for (const format of ['json', 'xml'] as const) {
        const res = await t.api({ ...read, format });
        expect(res.status, `${what}: GET ${read.chain} ${format} → ${res.text.slice(0, 300)}`).toBe(200);
        if (res.headers['content-disposition']) expect(String(res.headers['content-disposition'])).not.toMatch(/[\p{Cc}\p{Cf}]/u);
        else if (format === 'xml') expect(XMLValidator.validate(res.text), `${what}: GET ${read.chain} xml`).toBe(true);
      }
    }
  }

  it('reads back every accepted write through every method that returns it, and a refused write changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(writes(), async (write) => {
        const before = await snapshot();
        const since = Math.floor(Date.now() / 1000);
        const res = await t.api(write);
        const what = `${write.method} ${write.chain} ${JSON.stringify(write.params).slice(0, 300)}`;
        expect(res.status, `${what} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status !== 200) {
          expect(await snapshot(), `${what} was refused (${res.status}) but changed the database`).toBe(before);
          return;
        }
        await assertReadable(Object.values(res.body.response)[0] as Params, what, since);
      }),
      { numRuns: RUNS, seed: process.env.VALUES_SEED ? Number(process.env.VALUES_SEED) : undefined },
    );
  }, 300_000);

  it('refuses a date past year 9999 with a 400 naming it, and stores nothing (the reported example)', async () => {
    const before = await snapshot();
    const res = await t.api({ chain: 'actions', method: 'POST', params: { project_id: 3, name: 'a', date_start: 8640000000001 } });
    expect(res.status).toBe(400);
    expect(res.body.response.errors).toEqual([{ param: 'date_start', message: expect.stringContaining('9999-12-31T23:59:59Z') }]);
    const own = await t.api({ chain: 'actions', method: 'POST', params: { project_id: ids.project_id, name: 'a', date_start: 8640000000001 } });
    expect(own.status).toBe(400);
    expect(await snapshot()).toBe(before);
    await assertReadable({ project_id: ids.project_id }, 'after the refusal');
  });

  it('still answers every read of a row stored with an unreadable date before inputs were bounded (the date reads as null)', async () => {
    const project = await ok({ chain: 'projects', method: 'POST', params: { name: 'Legacy' } });
    const action = await ok({ chain: 'actions', method: 'POST', params: { project_id: project.project_id, name: 'Old row' } });
    await t.database.db.updateTable('actions').set({ date_start: 8_640_000_000_001 }).where('action_id', '=', Number(action.action_id)).execute();
    for (const format of ['json', 'xml'] as const) {
      const res = await t.api({ chain: `projects/${project.project_id}/actions`, format });
      expect(res.status, res.text).toBe(200);
    }
    expect((await ok({ chain: `actions/${action.action_id}` })).date_start).toBeNull();
  });

  it('takes the last second of 9999 and refuses one more, however it is written', async () => {
    const create = (date_start: unknown) => t.api({ chain: 'actions', method: 'POST', params: { project_id: ids.project_id, name: 'Edge', date_start } });
    for (const last of [LAST_SECOND, String(LAST_SECOND), '9999-12-31T23:59:59Z', '9999-12-31T23:59:59+01:00', '1970-01-01T00:00:00Z', 0]) {
      const res = await create(last);
      expect(res.status, `${last}: ${res.text}`).toBe(200);
      await assertReadable(res.body.response.action, String(last));
    }
    for (const past of [LAST_SECOND + 1, '253402300800', '9999-12-31T23:59:59-00:01', '1970-01-01T00:00:00+00:01', -1, '0099-12-31', '10000-01-01']) {
      const res = await create(past);
      expect(res.status, `${past}: ${res.text}`).toBe(400);
      expect(res.body.response.errors[0].param).toBe('date_start');
    }
  });

  it('lets no assignee plant an unreadable date in a project they cannot see, and widens it with readable ones', async () => {
    const hidden = await ok({ chain: 'projects', method: 'POST', params: { name: 'Hidden', admin_access: 'manager', manager_adminid: t.ids.alice } });
    const milestone = await ok({ chain: 'actions', method: 'POST', params: { project_id: hidden.project_id, name: 'Phase' } });
    const task = await ok({
      chain: 'actions', method: 'POST', params: { project_id: hidden.project_id, parent_action_id: milestone.action_id, name: 'Job', assigned_adminid: t.ids.bob },
    });
    expect((await t.api({ chain: `projects/${hidden.project_id}`, as: 'bob' })).status).toBe(404);
    for (const date_finish of [8640000000001, '9999-12-31T23:59:59-01:00', '275760-09-13']) {
      const planted = await t.api({ chain: `actions/${task.action_id}`, method: 'PUT', params: { date_finish }, as: 'bob' });
      expect(planted.status, planted.text).toBe(400);
      expect(planted.body.response.errors[0].param).toBe('date_finish');
    }
    const widened = await t.api({ chain: `actions/${task.action_id}`, method: 'PUT', params: { date_finish: '9999-12-31T23:59:59Z' }, as: 'bob' });
    expect(widened.status, widened.text).toBe(200);
    for (const format of ['json', 'xml'] as const) {
      for (const chain of ['projects', `projects/${hidden.project_id}`, `projects/${hidden.project_id}/actions`, `actions/${milestone.action_id}`]) {
        const res = await t.api({ chain, as: 'alice', format });
        expect(res.status, `${chain} ${format}: ${res.text.slice(0, 300)}`).toBe(200);
      }
    }
    expect((await ok({ chain: `projects/${hidden.project_id}`, as: 'alice' })).date_finish).toBe('9999-12-31T23:59:59Z');
    expect((await ok({ chain: `actions/${milestone.action_id}`, as: 'alice' })).date_finish).toBe('9999-12-31T23:59:59Z');
  });

  it('refuses text no database can store as sent: unpaired surrogates and NUL anywhere, long text over 65535 bytes', async () => {
    const cases: [Write, string][] = [
      [{ chain: 'projects', method: 'POST', params: { name: 'a\ud800' } }, 'name'],
      [{ chain: 'projects', method: 'POST', params: { name: 'ok', details: '\udc00' } }, 'details'],
      [{ chain: 'topics', method: 'POST', params: { project_id: ids.project_id, title: 'x\u0000', body: 'b' } }, 'title'],
      [{ chain: `files/${ids.file_id}`, method: 'PUT', params: { label: `${'a'.repeat(254)}\ud83d` } }, 'label'],
      [{ chain: 'projects', method: 'POST', params: { name: 'ok', nested: { deeper: ['fine', 'bad\ud800'] } } }, 'nested.deeper.1'],
      [{ chain: `actions/${ids.action_id}`, method: 'PUT', params: { details: '😀'.repeat(16_384) } }, 'details'],
    ];
    for (const [write, param] of cases) {
      const before = await snapshot();
      const res = await t.api(write);
      expect(res.status, `${write.chain} ${res.text}`).toBe(400);
      expect(res.body.response.errors[0].param).toBe(param);
      expect(await snapshot()).toBe(before);
    }
    const list = await t.api({ chain: 'projects', params: { q: 'x\ud800' } });
    expect(list.status).toBe(400);
    const fits = await t.api({ chain: `actions/${ids.action_id}`, method: 'PUT', params: { details: `${'😀'.repeat(16_383)}abc` } });
    expect(fits.status, fits.text).toBe(200);
    expect(fits.body.response.action.details).toHaveLength(16_383 * 2 + 3);
  });

  it('keeps computed values within the limits: time log stops and durations, sort order, paging', async () => {
    const log = (params: Params) => t.api({ chain: 'timelogs', method: 'POST', params: { project_id: ids.project_id, ...params } });
    const late = await log({ date_start: LAST_SECOND - 10, duration: 11 });
    expect([late.status, late.body.response.errors?.[0].param]).toEqual([400, 'duration']);
    const long = await log({ date_start: 0, date_stop: 2_147_483_648 });
    expect([long.status, long.body.response.errors?.[0].param]).toEqual([400, 'date_stop']);
    expect((await log({ date_start: 0, date_stop: 2_147_483_647 })).status).toBe(200);
    const siblings = { project_id: ids.project_id, parent_action_id: ids.parent };
    await ok({ chain: 'actions', method: 'POST', params: { ...siblings, name: 'Last', sort_order: 2_147_483_647 } });
    expect((await ok({ chain: 'actions', method: 'POST', params: { ...siblings, name: 'After' } })).sort_order).toBe(2_147_483_647);
    const far = await t.api({ chain: 'actions', params: { page: 2_147_483_647, limit: 500 } });
    expect([far.status, far.body.response.errors?.[0].param]).toEqual([400, 'page']);
    expect((await t.api({ chain: 'actions', params: { offset: 2_147_483_648 } })).status).toBe(400);
  });
});
