import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../app-config.js';
import { ApiError } from '../errors.js';
import { parseQuery } from './query.js';

type Limits = Pick<AppConfig, 'maxParamsBytes' | 'maxBase64Bytes'>;

const MiB = 1024 * 1024;

export const paramsTooLarge = (maxBytes: number) =>
  new ApiError(
    'PAYLOAD_TOO_LARGE',
    `The params are larger than the limit of ${Math.round((maxBytes / MiB) * 100) / 100} MiB (a base64 "content" is counted apart, against its own limit)`,
  );

/** The largest JSON or form body: params up to their limit, beside a base64 `content` of the largest size allowed. */
export function bodyLimitOf(config: Limits): number {
  return Math.ceil((config.maxBase64Bytes * 4) / 3) + config.maxParamsBytes;
}

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => value !== null && typeof value === 'object' && !Array.isArray(value);

/** An object without its `content` when that is a string (a base64 upload, which has a limit of its own). */
function withoutContent(value: unknown): unknown {
  if (!isFields(value) || typeof value.content !== 'string') return value;
  const { content: _content, ...rest } = value;
  return rest;
}

/** `params` given as a JSON string, as the object it holds if it holds one. */
function parsedParams(params: unknown): unknown {
  if (typeof params !== 'string') return params;
  try {
    return JSON.parse(params);
  } catch {
    return params;
  }
}

/** A body's fields, as JSON, in bytes: all but a base64 `content`, at the top or inside `params`. */
export function paramsBytes(body: Fields): number {
  const { params, ...rest } = withoutContent(body) as Fields;
  const inner = params === undefined ? null : withoutContent(parsedParams(params));
  return Buffer.byteLength(JSON.stringify(rest)) + Buffer.byteLength(JSON.stringify(inner));
}

/**
 * The params limit, on a body already parsed: a body may be larger than the params allow only by the
 * size of a base64 `content` it carries. Nearly every body is far below the limit, which its length in
 * characters already shows (a character is at most three bytes), so the rest is measured rarely.
 */
export function paramsLimitError(body: unknown, text: string, maxBytes: number): ApiError | null {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text) <= maxBytes) return null;
  return isFields(body) && paramsBytes(body) <= maxBytes ? null : paramsTooLarge(maxBytes);
}

/**
 * The body parsers: JSON (Fastify's own, prototype poisoning refused) and forms (PHP style), each held
 * to the params limit. Only JSON, forms and multipart carry requests; anything else is a 415, not a
 * string to misread.
 */
export function registerBodyParsers(app: FastifyInstance, config: Limits): void {
  const bodyLimit = bodyLimitOf(config);
  const { maxParamsBytes } = config;
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (request, text, done) => {
    parseJson(request, text as string, (error, body) => done(error ?? paramsLimitError(body, text as string, maxParamsBytes), body));
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_request, text, done) => {
    const body = parseQuery(text as string);
    done(paramsLimitError(body, text as string, maxParamsBytes), body);
  });
}
