import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { SettingsCache } from '../src/settings/settings.js';
import { openDatabase } from '../src/db/connect.js';
import type { CallContext } from '../src/engine/method.js';
import { CONTENT_TYPES, renderEnvelope } from '../src/engine/render.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { presentProject } from '../src/projects/schemas.js';
import { getVisibleProject } from '../src/projects/service.js';
import { registerFloorRoutes } from './floor-routes.js';

/**
 * The server of `npm run bench:layers`: one process, one database, and getProject served four ways —
 * the floor on a bare Fastify app, the floor inside TeamPro's app (its options, hooks and plugins),
 * the floor with the envelope on a wildcard route like the API's, and TeamPro's API itself.
 */
const databaseUrl = process.env.DATABASE_URL!;
const database = openDatabase(databaseUrl);
// Under valgrind (`npm run bench:instructions`) logins are kept fresh for longer.
const refresh = process.env.TEAMPRO_AUTH_REFRESH_MS;
const config = loadConfig({ DATABASE_URL: databaseUrl, TEAMPRO_LOG_LEVEL: 'warn', TEAMPRO_SANDBOX: 'false', TEAMPRO_BAN_ALLOW: '127.0.0.1', ...(refresh ? { TEAMPRO_AUTH_REFRESH_MS: refresh } : {}) });
const settings = await new SettingsCache().get(database.db);
const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-layers-'));

const bare = Fastify({ logger: false });
registerFloorRoutes(bare, database.db, settings);
const teampro = await buildApp({ config, database, blobs: new LocalBlobStore(blobDir) });
registerFloorRoutes(teampro, database.db, settings);
const ctx = { db: database.db, settings, caller: { id: 1, username: 'bench', access: 'super' } } as CallContext;
teampro.get('/enveloped/*', async (_request, reply) => {
  const response = { project: presentProject(await getVisibleProject(ctx, 42)) };
  const body = renderEnvelope({ request: { action: 'projects/42', method: 'GET', format: 'json', code: 200, message: 'Success' }, response }, 'json');
  return reply.type(CONTENT_TYPES.json).send(body);
});

const listen = async (app: FastifyInstance) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
};
console.log(`layers listening on ${await listen(bare)} ${await listen(teampro)}`);
process.once('SIGTERM', () => void Promise.all([bare.close(), teampro.close()]).then(() => process.exit(0)));
