import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../app-config.js';
import { ApiError } from '../errors.js';

// Room for the params fields, part headers and boundaries that travel beside the file in one body.
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * An `onRequest` hook that answers 413 to a multipart body whose Content-Length already says it is
 * larger than the upload limit allows, before a byte of it is read. Bodies without a length (chunked)
 * or that lie about it are stopped while streaming by the multipart `fileSize` limit instead.
 */
export function rejectOversizedUpload(config: Pick<AppConfig, 'maxUploadBytes' | 'maxParamsBytes'>) {
  const limit = config.maxUploadBytes + config.maxParamsBytes + MULTIPART_OVERHEAD;
  return async (request: FastifyRequest) => {
    if (!/^multipart\//i.test(request.headers['content-type'] ?? '')) return;
    const length = Number(request.headers['content-length']);
    if (Number.isFinite(length) && length > limit) {
      const mib = Math.round((config.maxUploadBytes / 1024 / 1024) * 100) / 100;
      throw new ApiError('PAYLOAD_TOO_LARGE', `The upload is larger than the limit of ${mib} MiB`);
    }
  };
}
