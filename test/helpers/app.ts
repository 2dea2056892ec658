import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { DestinationStream } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig, type AppConfig } from '../../src/app-config.js';
import { createAdmin, createRole } from '../../src/auth/admins.js';
import { md5 } from '../../src/auth/password.js';
import { nowSeconds } from '../../src/engine/time.js';
import type { BlobStore } from '../../src/files/blob-store.js';
import { blobStoreFor } from '../../src/files/blob-stores.js';
import { migratedDatabase, type TestDatabase, type TestDatabaseKind } from './databases.js';

/** Admins every test app has: a super admin, two plain admins, and one whose role has no access. */
export const USERS = {
  root: { password: 'root-secret', access: 'super' },
  alice: { password: 'alice-secret', access: 'admin' },
  bob: { password: 'bob-secret', access: 'admin' },
  nobody: { password: 'nobody-secret', access: 'none' },
} as const;

export type UserName = keyof typeof USERS;

export interface ApiCall {
  chain: string;
  method?: string;
  params?: Record<string, unknown>;
  as?: UserName;
  format?: 'json' | 'xml';
  ip?: string;
}

export interface ApiResult {
  status: number;
  headers: Record<string, unknown>;
  body: any;
  text: string;
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: AppConfig;
  /** The app's blob store, as the config chose it (a local directory unless TEAMPRO_S3_BUCKET is given). */
  blobs: BlobStore;
  /** Admin ids by name. */
  ids: Record<UserName, number>;
  /** How many SQL statements the app has built so far (not counting the test's own). */
  queryCount(): number;
  /** One API call in the clean URL form: params in the query for GET/DELETE, a JSON body otherwise. */
  api(call: ApiCall): Promise<ApiResult>;
  /** `api`, expecting a 200 (the reply's text is the failure message): the reply's `response`. */
  ok(call: ApiCall): Promise<any>;
  close(): Promise<void>;
}

const logging = ({ logDestination }: TestAppOptions) => (logDestination ? { logger: {}, logDestination } : { logger: false as const });

export function credentials(user: UserName) {
  return { username: user, password: md5(USERS[user].password) };
}

export interface TestAppOptions {
  /** Where the app's log lines go (none are written without it). */
  logDestination?: DestinationStream;
}

export async function createTestApp(kind: TestDatabaseKind, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await migratedDatabase(kind);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-test-'));
  const config = loadConfig({ TEAMPRO_DATA_DIR: dataDir, ...env });
  const now = nowSeconds();
  const roles = {
    super: await createRole(database.db, 'Super Admin', 'super'),
    admin: await createRole(database.db, 'Admin', 'admin'),
    none: await createRole(database.db, 'Support', 'none'),
  };
  const ids = {} as Record<UserName, number>;
  for (const [name, user] of Object.entries(USERS) as [UserName, (typeof USERS)[UserName]][]) {
    ids[name] = await createAdmin(database.db, { username: name, password: user.password, roleId: roles[user.access] }, now);
  }
  let queries = 0;
  const counted = database.db.withPlugin({ transformQuery: ({ node }) => ((queries += 1), node), transformResult: async ({ result }) => result });
  const blobs = await blobStoreFor(config);
  const app = await buildApp({ config, database: { ...database, db: counted }, blobs, ...logging(options) });
  await app.ready();

  async function api({ chain, method = 'GET', params, as = 'root', format = 'json', ip }: ApiCall): Promise<ApiResult> {
    const query: Record<string, string> = { ...credentials(as) };
    const inBody = method === 'POST' || method === 'PUT';
    if (params && !inBody) query.params = JSON.stringify(params);
    const response = await app.inject({
      method: method as 'GET',
      url: `/api.php/v1/${chain}/${format}`,
      query,
      ...(inBody && { payload: { params: params ?? {} } }),
      ...(ip && { remoteAddress: ip }),
    });
    const isJson = String(response.headers['content-type']).includes('json');
    return { status: response.statusCode, headers: response.headers, text: response.body, body: isJson ? response.json() : response.body };
  }

  async function ok(call: ApiCall) {
    const reply = await api(call);
    expect(reply.status, reply.text).toBe(200);
    return reply.body.response;
  }

  return {
    app,
    database,
    config,
    blobs,
    ids,
    api,
    ok,
    queryCount: () => queries,
    async close() {
      await app.close();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
