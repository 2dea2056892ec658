import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogging } from '../src/engine/logging.js';
import { sendError } from '../src/engine/http.js';

/** How the one error handler answers database failures that carry only a driver's code. */
async function replyTo(error: Error) {
  const app = Fastify();
  app.get('/api/*', (request, reply) => sendError(createLogging('silent', false), error, request, reply));
  const reply = await app.inject({ url: '/api/v1/projects/7/json' });
  await app.close();
  return { status: reply.statusCode, body: reply.json() };
}

const driverError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('database errors in the envelope', () => {
  it.each([
    ['MariaDB/MySQL', driverError('Deadlock found when trying to get lock; try restarting transaction', { code: 'ER_LOCK_DEADLOCK', errno: 1213 })],
    ['PostgreSQL', driverError('deadlock detected', { code: '40P01' })],
  ])('a deadlock (%s) is a 503 that says to try again, not a 500', async (_name, error) => {
    const { status, body } = await replyTo(error);
    expect(status).toBe(503);
    expect(body.request).toMatchObject({ action: 'projects/7', code: 503, message: 'The request collided with another in the database and was undone; try again' });
  });

  it('an error it cannot place is a 500 that tells nothing of it', async () => {
    const { status, body } = await replyTo(driverError('syntax error at or near "secret_table"', { code: '42601' }));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret_table');
  });
});
