import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * Request ids: a random prefix per process and a counter, e.g. `5f0c9a2e41d3-1a`. The prefix (48
 * random bits) keeps ids apart across cluster workers, instances and restarts; the counter keeps
 * them apart within a process, for less than a UUID costs on every request.
 */
export function requestIds(): () => string {
  const prefix = randomBytes(6).toString('hex');
  let count = 0;
  return () => `${prefix}-${(count += 1).toString(36)}`;
}

/** Every reply carries its request id, to quote when reporting a failure. */
export function setRequestIdHeader(reply: FastifyReply, request: FastifyRequest): void {
  reply.header('X-Request-Id', request.id);
}

/** The same, as an onRequest hook, for routes outside the API (whose replies set it themselves). */
export function requestIdHook(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  setRequestIdHeader(reply, request);
  done();
}
