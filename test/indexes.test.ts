import { createQueryId, sql, type Kysely, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { createAdmin, createRole } from '../src/auth/admins.js';
import type { Database } from '../src/db/types.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { credentials } from './helpers/app.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/**
 * Every list query must reach its rows through an index, so a page costs the same at a thousand
 * rows or ten million. This runs each list with a selective filter, captures the SQL the server
 * sent, and asks the database's own planner (EXPLAIN) whether any table was scanned whole.
 */
const PROJECTS = 80;
const PER_PROJECT = 8;
const BIG_TABLES = ['projects', 'actions', 'topics', 'files', 'ticketxrefs', 'timelogs', 'tickets'];

const LISTS: [string, Record<string, unknown>][] = [
  ['projects', { manager_adminid: 7 }],
  ['actions', { project_id: 7 }],
  ['projects/7/actions', {}],
  ['topics', { project_id: 7 }],
  ['topics/bythread', { project_id: 7 }],
  ['files', { project_id: 7 }],
  ['files/bythread', { project_id: 7 }],
  ['ticketxrefs', { project_id: 7 }],
  ['projects/7/whmcstickets', {}],
  ['timelogs', { project_id: 7 }],
  ['whmcstickets', { userid: 7 }],
];

async function seed(db: Kysely<Database>) {
  const t = 1_767_225_600;
  const projects = Array.from({ length: PROJECTS }, (_, i) => ({
    name: `P${i}`, type: 'Internal', status: 'Active', function: 'default', client_userid: i, client_contactid: 0, client_hostingid: 0,
    owner_adminid: 1, manager_adminid: i + 1, assigned_adminid: 0, admin_access: 'all', client_access: 'hidden', billable: 0,
    hourly_rate: null, details: '', notes: '', created: t, modified: t, activity: t, complete: 0, actions_count: 0, elapsed: 0,
  }));
  await db.insertInto('projects').values(projects).execute();
  const rows = <T>(make: (p: number, k: number) => T): T[] =>
    Array.from({ length: PROJECTS * PER_PROJECT }, (_, i) => make((i % PROJECTS) + 1, i));
  await db.insertInto('actions').values(rows((p, k) => ({
    project_id: p, parent_action_id: 0, level: 'milestone', depth: 1, name: `A${k}`, type: 'Planning', status: 'Active', complete: 0,
    priority: 2, manager_adminid: 0, assigned_adminid: 0, client_access: 'hidden', billable: 0, details: '', action_notes: '',
    sort_order: k, created: t, modified: t, elapsed: 0,
  }))).execute();
  await db.insertInto('topics').values(rows((p, k) => ({
    thread_id: k + 1, project_id: p, action_id: 0, title: `T${k}`, body: 'b', status: 'open', client_access: 'hidden', author_adminid: 1, created: t, modified: t,
  }))).execute();
  await db.insertInto('files').values(rows((p, k) => ({
    thread_id: k + 1, project_id: p, action_id: 0, label: 'L', name: `f${k}.txt`, detail: '', version: 1, mime: 'text/plain', size: 1,
    sha256: '0'.repeat(64), blob_key: `${k}`.padStart(32, '0'), status: 'Active', client_access: 'hidden', uploader_adminid: 1, created: t, modified: t,
  }))).execute();
  await db.insertInto('tickets').values(rows((_p, k) => ({
    id: k + 1, tid: `T-${k}`, did: 1, userid: k, contactid: 0, name: 'n', email: 'e', date: t, title: `t${k}`, message: 'm',
    status: 'Open', urgency: 'Low', admin: '', lastreply: t, flag: 0, service: '',
  }))).execute();
  await db.insertInto('ticketxrefs').values(rows((p, k) => ({ ticket_id: k + 1, project_id: p, action_id: 0, created: t, created_by: 1 }))).execute();
  await db.insertInto('timelogs').values(rows((p, k) => ({
    project_id: p, action_id: 0, ticket_id: 0, adminid: 1, type: 'Standard', note: '', date_start: t + k, date_stop: t + k + 60,
    duration: 60, status: 'complete', billable: 1, invoice_id: 0, created: t, modified: t,
  }))).execute();
}

async function analyze(database: TestDatabase) {
  if (database.dialect === 'mysql') {
    for (const table of BIG_TABLES) await sql`analyze table ${sql.table(table)}`.execute(database.db);
  } else await sql`analyze`.execute(database.db);
}

/** Tables the plan reads whole, according to the database's planner. */
async function fullScans(database: TestDatabase, query: { sql: string; parameters: readonly unknown[] }): Promise<string[]> {
  const explain = (prefix: string) => sql.raw(`${prefix} ${query.sql}`);
  if (database.dialect === 'sqlite') {
    const { rows } = await database.db.executeQuery<{ detail: string }>({ ...explain('explain query plan').compile(database.db), parameters: query.parameters });
    return rows.map((r) => /^SCAN (\w+)/.exec(r.detail)?.[1]).filter((t): t is string => !!t);
  }
  if (database.dialect === 'postgres') {
    return database.db.connection().execute(async (conn) => {
      await sql`set enable_seqscan = off`.execute(conn);
      const { rows } = await conn.executeQuery<{ 'QUERY PLAN': string }>({ ...explain('explain').compile(conn), parameters: query.parameters });
      return rows.map((r) => /Seq Scan on (\w+)/.exec(r['QUERY PLAN'])?.[1]).filter((t): t is string => !!t);
    });
  }
  const { rows } = await database.db.executeQuery<{ table: string; type: string }>({ ...explain('explain').compile(database.db), parameters: query.parameters });
  return rows.filter((r) => r.type === 'ALL').map((r) => r.table);
}

describe.each(testDatabases())('list queries use indexes on $name', (kind) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const captured: RootOperationNode[] = [];

  beforeAll(async () => {
    database = await migratedDatabase(kind);
    const role = await createRole(database.db, 'Super Admin', 'super');
    await createAdmin(database.db, { username: 'root', password: 'root-secret', roleId: role }, 1);
    const plain = await createRole(database.db, 'Admin', 'admin');
    await createAdmin(database.db, { username: 'alice', password: 'alice-secret', roleId: plain }, 1);
    await seed(database.db);
    await analyze(database);
    const watched = database.db.withPlugin({
      transformQuery: ({ node }) => (captured.push(node), node),
      transformResult: async ({ result }) => result,
    });
    const config = loadConfig({ TEAMPRO_DATA_DIR: '/nonexistent-teampro-test' });
    app = await buildApp({ config, database: { ...database, db: watched }, blobs: new LocalBlobStore(config.blobDir), logger: false });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  // A plain admin's queries carry the visibility conditions (docs/api.md, Roles and visibility); they must stay indexed too.
  const cases = LISTS.flatMap(([chain, params]) => (['root', 'alice'] as const).map((user) => [chain, params, user] as const));

  it.each(cases)('%s %j as %s', async (chain, params, user) => {
    captured.length = 0;
    const res = await app.inject({ method: 'GET', url: `/api/v1/${chain}/json`, query: { ...credentials(user), params: JSON.stringify(params) } });
    expect(res.statusCode, res.body).toBe(200);
    const selects = captured.filter((node) => node.kind === 'SelectQueryNode');
    expect(selects.length).toBeGreaterThan(0);
    const scanned: string[] = [];
    for (const node of selects) {
      const compiled = database.db.getExecutor().compileQuery(node, createQueryId());
      for (const table of await fullScans(database, compiled)) if (BIG_TABLES.includes(table)) scanned.push(`${table} in: ${compiled.sql}`);
    }
    expect(scanned).toEqual([]);
  });
});
