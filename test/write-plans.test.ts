import { createQueryId, sql, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { createAdmin, createRole } from '../src/auth/admins.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { credentials } from './helpers/app.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/**
 * Writes cost what the tree's depth costs, not what the project holds: every statement that creating,
 * updating, moving or deleting an action or a time log sends (and the whole-project time-log list)
 * reaches its rows through an index, by the database's own planner (EXPLAIN), on every database.
 * On SQLite a write's statement may not read a whole project either: an index range on project_id
 * alone (a count of the project's actions, a sum of its logs) is refused too; the others' EXPLAIN
 * shows such a range only with estimates that count the rows a LIMIT never reads.
 */
const PROJECTS = 30;
const BIG_TABLES = ['projects', 'actions', 'timelogs', 'topics', 'files', 'ticketxrefs', 'action_children', 'timelog_totals'];

type Call = { method: string; chain: string; params: Record<string, unknown> };

const WHOLE_PROJECT = /^SEARCH (actions|timelogs) USING .*\(project_id=\?\)$/;

async function fullScans(database: TestDatabase, query: { sql: string; parameters: readonly unknown[] }, write: boolean): Promise<string[]> {
  const explain = (prefix: string) => ({ ...sql.raw(`${prefix} ${query.sql}`).compile(database.db), parameters: query.parameters });
  if (database.dialect === 'sqlite') {
    const { rows } = await database.db.executeQuery<{ detail: string }>(explain('explain query plan'));
    return rows.map((r) => /^SCAN (\w+)/.exec(r.detail)?.[1] ?? (write ? WHOLE_PROJECT.exec(r.detail)?.[1] : undefined)).filter((t): t is string => !!t);
  }
  if (database.dialect === 'postgres') {
    return database.db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      const { rows } = await conn.executeQuery<{ 'QUERY PLAN': string }>(explain('explain'));
      return rows.map((r) => /Seq Scan on (\w+)/.exec(r['QUERY PLAN'])?.[1]).filter((t): t is string => !!t);
    });
  }
  const { rows } = await database.db.executeQuery<{ table: string; type: string }>(explain('explain'));
  return rows.filter((r) => r.type === 'ALL').map((r) => r.table);
}

describe.each(testDatabases())('writes read through indexes on $name', (kind) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const captured: RootOperationNode[] = [];

  async function api({ method, chain, params }: Call) {
    const inBody = method === 'POST' || method === 'PUT';
    const query = { ...credentials('root'), ...(inBody ? {} : { params: JSON.stringify(params) }) };
    const res = await app.inject({ method: method as 'GET', url: `/api/v1/${chain}/json`, query, ...(inBody && { payload: { params } }) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().response;
  }

  /** A tree in each project (a milestone, two groups, two tasks under each) and a few time logs. */
  async function seed() {
    for (let p = 0; p < PROJECTS; p += 1) {
      const { project } = await api({ method: 'POST', chain: 'projects', params: { name: `P${p}`, hourly_rate: 50 } });
      const at = (parent: number, name: string) => api({ method: 'POST', chain: 'actions', params: { project_id: project.project_id, parent_action_id: parent, name } });
      const milestone = (await at(0, 'M')).action.action_id;
      for (const g of [1, 2]) {
        const group = (await at(milestone, `G${g}`)).action.action_id;
        for (const task of [1, 2]) {
          const id = (await at(group, `T${task}`)).action.action_id;
          await api({ method: 'POST', chain: 'timelogs', params: { project_id: project.project_id, action_id: id, duration: 600 } });
        }
      }
    }
    if (database.dialect === 'mysql') {
      for (const table of BIG_TABLES) await sql`analyze table ${sql.table(table)}`.execute(database.db);
    } else await sql`analyze`.execute(database.db);
  }

  beforeAll(async () => {
    database = await migratedDatabase(kind);
    const role = await createRole(database.db, 'Super Admin', 'super');
    await createAdmin(database.db, { username: 'root', password: 'root-secret', roleId: role }, 1);
    const watched = database.db.withPlugin({ transformQuery: ({ node }) => (captured.push(node), node), transformResult: async ({ result }) => result });
    const config = loadConfig({ TEAMPRO_DATA_DIR: '/nonexistent-teampro-test' });
    app = await buildApp({ config, database: { ...database, db: watched }, blobs: new LocalBlobStore(config.blobDir), logger: false });
    await seed();
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  /** Runs `call`, then asks the planner about every statement it sent but inserts. */
  async function expectIndexed(call: Call) {
    captured.length = 0;
    const reply = await api(call);
    const statements = captured.filter((node) => ['SelectQueryNode', 'UpdateQueryNode', 'DeleteQueryNode'].includes(node.kind));
    const scanned: string[] = [];
    for (const node of statements) {
      const compiled = database.db.getExecutor().compileQuery(node, createQueryId());
      for (const table of await fullScans(database, compiled, call.method !== 'GET')) if (BIG_TABLES.includes(table)) scanned.push(`${table} in: ${compiled.sql}`);
    }
    expect(scanned).toEqual([]);
    return reply;
  }

  it('action writes: create under a group, update, move, delete', async () => {
    const project = 7;
    const group = (await api({ method: 'GET', chain: 'actions', params: { project_id: project, level: 'group' } })).actions[0];
    const { action } = await expectIndexed({ method: 'POST', chain: 'actions', params: { project_id: project, parent_action_id: group.action_id, name: 'New' } });
    await expectIndexed({ method: 'PUT', chain: `actions/${action.action_id}`, params: { complete: 40, date_start: '2026-03-01' } });
    await expectIndexed({ method: 'PUT', chain: `actions/${action.action_id}`, params: { parent_action_id: group.parent_action_id } });
    await expectIndexed({ method: 'DELETE', chain: `actions/${group.action_id}`, params: {} });
  });

  it('time-log writes and the whole-project list', async () => {
    const project = 9;
    const task = (await api({ method: 'GET', chain: 'actions', params: { project_id: project, level: 'task' } })).actions[0];
    const { timelog } = await expectIndexed({ method: 'POST', chain: 'timelogs', params: { project_id: project, action_id: task.action_id } });
    await expectIndexed({ method: 'PUT', chain: `timelogs/${timelog.timelog_id}`, params: { stop: true } });
    await expectIndexed({ method: 'PUT', chain: `timelogs/${timelog.timelog_id}`, params: { project_id: project + 1, action_id: 0, duration: 900 } });
    await expectIndexed({ method: 'GET', chain: 'timelogs', params: { project_id: project } });
    await expectIndexed({ method: 'DELETE', chain: `timelogs/${timelog.timelog_id}`, params: {} });
  });
});
