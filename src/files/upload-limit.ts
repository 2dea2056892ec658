import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AppConfig } from '../app-config.js';
import { ApiError } from '../errors.js';

// Room for the params fields, part headers and boundaries that travel beside the file in one body.
const MULTIPART_OVERHEAD = 64 * 1024;

type Limits = Pick<AppConfig, 'maxUploadBytes' | 'maxParamsBytes'>;

/** Whether the headers already say the body is a multipart upload larger than allowed. */
function declaredTooLarge(headers: IncomingHttpHeaders, config: Limits): boolean {
  if (!/^multipart\//i.test(headers['content-type'] ?? '')) return false;
  const length = Number(headers['content-length']);
  return Number.isFinite(length) && length > config.maxUploadBytes + config.maxParamsBytes + MULTIPART_OVERHEAD;
}

/**
 * An `onRequest` hook that answers 413 to a multipart body whose Content-Length already says it is
 * larger than the upload limit allows, before a byte of it is read. Bodies without a length (chunked)
 * or that lie about it are stopped while streaming by the multipart `fileSize` limit instead.
 */
export function rejectOversizedUpload(config: Limits) {
  // Callback style: an async hook would cost every request a promise for what is a header check.
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    if (!declaredTooLarge(request.headers, config)) return done();
    const mib = Math.round((config.maxUploadBytes / 1024 / 1024) * 100) / 100;
    done(new ApiError('PAYLOAD_TOO_LARGE', `The upload is larger than the limit of ${mib} MiB`));
  };
}

/**
 * `Expect: 100-continue`: Node would invite every body at once; this invites all but a declared
 * oversized upload, whose client then waits for the 413 instead of sending the body at all.
 */
export function continueUnlessOversized(server: Server, config: Limits): void {
  server.on('checkContinue', (request, response) => {
    if (!declaredTooLarge(request.headers, config)) response.writeContinue();
    server.emit('request', request, response);
  });
}
