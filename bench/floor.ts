import Fastify from 'fastify';
import { findActions } from '../src/actions/service.js';
import { SettingsCache } from '../src/config/settings.js';
import { openDatabase } from '../src/db/connect.js';
import { readConsistent } from '../src/db/dialect.js';
import type { CallContext } from '../src/engine/method.js';
import { getVisibleProject } from '../src/projects/service.js';
import { presentProject } from '../src/projects/schemas.js';

/**
 * The floor: what getProject and findActions cannot avoid — the same service calls, so the same SQL
 * statements (in the same read transaction) and the same JSON as TeamPro's `response` — on a bare
 * Fastify route, with none of the engine: no URL forms or chain parsing, no login, no params
 * validation, no envelope, no error mapping. TeamPro's throughput is reported as a ratio of this;
 * `npm run bench` checks that both bodies are equal before it measures.
 */
const { db } = openDatabase(process.env.DATABASE_URL!);
const settings = await new SettingsCache().get(db);
// The two services read only these; the bench's admin is a super admin.
const ctx = { db, settings, caller: { id: 1, username: 'bench', access: 'super' } } as CallContext;
const app = Fastify({ logger: false });

app.get('/floor/projects/:id', async (request) => {
  const id = Number((request.params as { id: string }).id);
  return { project: presentProject(await getVisibleProject(ctx, id)) };
});

app.get('/floor/actions', async (request) => {
  const { project_id, status } = request.query as { project_id: string; status: string };
  return readConsistent(db, (trx) => findActions({ ...ctx, db: trx }, { project_id: Number(project_id), status }));
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`floor listening on http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
process.once('SIGTERM', () => void app.close().then(() => db.destroy()).then(() => process.exit(0)));
