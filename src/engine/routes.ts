import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, clip, quote } from '../errors.js';
import { rejectOversizedUpload } from '../files/upload-limit.js';
import { handleApiRequest, sendError, type EngineDeps } from './http.js';

const READS = ['GET', 'HEAD'];
const WRITES = ['POST', 'PUT', 'DELETE', 'PATCH'];

/**
 * Registers the three URL forms under `/` and under the legacy prefix. GET and HEAD carry no body, so
 * their routes stay outside the multipart plugin, whose hooks (a listener and an async clean-up on
 * every request) would otherwise cost each read for nothing; an upload declared too large is refused
 * on the routes that take one.
 */
export async function registerApiRoutes(app: FastifyInstance, deps: EngineDeps) {
  const read = (request: FastifyRequest, reply: FastifyReply) => handleApiRequest(deps, request, reply, false);
  const write = (request: FastifyRequest, reply: FastifyReply) => handleApiRequest(deps, request, reply, true);
  const prefixes = [...new Set(['', deps.config.legacyPrefix])];
  const urls = prefixes.flatMap((prefix) => [`${prefix}/api.php`, `${prefix}/api.php/*`, `${prefix}/api/*`]);
  // Set before the writes' scope is made, which takes the handlers it finds.
  app.setErrorHandler((error, request, reply) => sendError(deps.logging, error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendError(deps.logging, new ApiError('NOT_FOUND', `No such endpoint: ${clip(request.method)} ${quote(request.url.split('?')[0])}`), request, reply),
  );
  for (const url of urls) app.route({ method: READS, url, handler: read, exposeHeadRoute: false });
  await app.register(async (writes) => {
    const { maxUploadBytes, maxParamsBytes } = deps.config;
    writes.addHook('onRequest', rejectOversizedUpload(deps.config));
    await writes.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 50, fieldSize: maxParamsBytes } });
    for (const url of urls) writes.route({ method: WRITES, url, handler: write });
  });
}
