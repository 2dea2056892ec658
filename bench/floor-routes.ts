import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { findActions } from '../src/actions/service.js';
import type { Settings } from '../src/settings/settings.js';
import { readConsistent } from '../src/db/dialect.js';
import type { Database } from '../src/db/types.js';
import type { CallContext } from '../src/engine/method.js';
import { getVisibleProject } from '../src/projects/service.js';
import { presentProject } from '../src/projects/schemas.js';

/**
 * The floor: what getProject and findActions cannot avoid — the same service calls, so the same SQL
 * statements (in the same read transaction) and the same JSON as TeamPro's `response` — on bare
 * Fastify routes, with none of the engine: no URL forms or chain parsing, no login, no params
 * validation, no envelope, no error mapping.
 */
export function registerFloorRoutes(app: FastifyInstance, db: Kysely<Database>, settings: Settings) {
  // The two services read only these; the benchmark's admin is a super admin.
  const ctx = { db, settings, caller: { id: 1, username: 'bench', access: 'super' } } as CallContext;

  app.get('/floor/projects/:id', async (request) => {
    const id = Number((request.params as { id: string }).id);
    return { project: presentProject(await getVisibleProject(ctx, id)) };
  });

  app.get('/floor/actions', async (request) => {
    const { project_id, status } = request.query as { project_id: string; status: string };
    return readConsistent(db, (trx) => findActions({ ...ctx, db: trx }, { project_id: Number(project_id), status }));
  });
}
