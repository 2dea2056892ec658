import Fastify from 'fastify';
import { openDatabase } from '../src/db/connect.js';

/**
 * The floor: the same SQL and the same JSON as TeamPro's getProject and findActions, with none of
 * the engine (no auth, no chain parsing, no validation, no envelope). TeamPro's throughput is
 * reported as a ratio of this.
 */
const { db } = openDatabase(process.env.DATABASE_URL!);
const app = Fastify({ logger: false });

app.get('/floor/projects/:id', async (request) => {
  const id = Number((request.params as { id: string }).id);
  return { project: await db.selectFrom('projects').selectAll().where('project_id', '=', id).executeTakeFirst() };
});

app.get('/floor/actions', async (request) => {
  const { project_id, status } = request.query as { project_id: string; status: string };
  const base = db.selectFrom('actions').where('project_id', '=', Number(project_id)).where('status', '=', status);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst();
  const actions = await base.selectAll().orderBy('action_id').limit(50).offset(0).execute();
  return { data: { total: Number(count?.total ?? 0) }, actions };
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
console.log(`floor listening on http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
process.once('SIGTERM', () => void app.close().then(() => db.destroy()).then(() => process.exit(0)));
