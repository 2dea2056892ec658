import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';

/**
 * `GET /health` for load balancers and orchestrators: no credentials (so a checker is never counted
 * as a failed login and banned), 200 when the database answers, 503 when it does not.
 */
export function registerHealth(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/health', async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}
