import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ApiError, badRequest, quote } from '../errors.js';
import { paramsTooLarge } from './body-limits.js';
import type { Credentials } from '../auth/authenticator.js';
import { decodeParams, ENVELOPE_KEYS, mergeParams } from './params.js';
import type { HttpMethod, Upload } from './method.js';

/** What a request says, from wherever it says it: query, form or JSON body, multipart fields, headers. */
export interface RequestInputs {
  readonly chainText: string | null;
  readonly methodOverride: string | null;
  readonly credentials: Credentials | null;
  readonly params: Record<string, unknown>;
  readonly upload?: Upload;
}

type Fields = Record<string, unknown>;

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

/** A source's own params: its `params` value plus any other non-envelope fields. */
function paramsOf(fields: Fields, where: string): Record<string, unknown> {
  let loose: Record<string, unknown> | null = null;
  for (const key in fields) {
    if (Object.hasOwn(fields, key) && !ENVELOPE_KEYS.has(key)) (loose ??= {})[key] = fields[key];
  }
  const decoded = decodeParams(fields.params, where);
  return loose ? mergeParams([decoded, loose]) : decoded;
}

function basicCredentials(header: string | undefined): Credentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), passwordMd5: decoded.slice(colon + 1) };
}

/** The login a source gives, if it names a username or a password (one without the other fails later). */
function credentialsIn(fields: Fields): Credentials | null {
  const username = text(fields.username);
  const password = text(fields.password);
  return username !== null || password !== null ? { username: username ?? '', passwordMd5: password ?? '' } : null;
}

/**
 * The file part, and the fields before it. Busboy refuses a body it cannot read at all (no boundary,
 * a malformed content type) with a plain error: that is the client's doing, a 400.
 */
async function firstFile(request: FastifyRequest) {
  try {
    return await request.file();
  } catch (error) {
    if (error instanceof ApiError || (error as { statusCode?: number }).statusCode) throw error;
    throw badRequest('The multipart body cannot be read: its Content-Type needs a boundary, and the body must be valid multipart');
  }
}

/** The multipart fields as params, refused when they are more than the params limit together (busboy would cut a long one short). */
function fieldsOf(parts: MultipartFile['fields'], maxBytes: number): Fields {
  const fields: Fields = {};
  let bytes = 0;
  for (const [name, field] of Object.entries(parts)) {
    const value = Array.isArray(field) ? field[0] : field;
    if (!value || value.type !== 'field') continue;
    // A field sent as JSON (a part of type application/json) is counted as that JSON.
    const text = typeof value.value === 'string' ? value.value : JSON.stringify(value.value);
    bytes += Buffer.byteLength(name) + Buffer.byteLength(text);
    if (value.valueTruncated || bytes > maxBytes) throw paramsTooLarge(maxBytes);
    fields[name] = value.value;
  }
  return fields;
}

async function multipartFields(request: FastifyRequest, maxParamsBytes: number): Promise<{ fields: Fields; upload?: Upload }> {
  const file = await firstFile(request);
  if (!file) throw badRequest('A multipart request must carry a "file" part');
  if (file.fieldname !== 'file') throw badRequest(`The upload must be in the "file" field, not ${quote(file.fieldname)}`);
  const fields = fieldsOf(file.fields, maxParamsBytes);
  // Past the size limit busboy only truncates the file; fail the stream instead so that no consumer
  // stores a cut-off file and the rest of the body is not read.
  file.file.once('limit', () => file.file.destroy(new ApiError('PAYLOAD_TOO_LARGE', 'The file is larger than the upload limit')));
  return { fields, upload: { filename: file.filename, mimetype: file.mimetype, stream: file.file } };
}

/** A request without a body: one shared, frozen object. */
const NO_FIELDS: Fields = Object.freeze({});

function inputsFrom(request: FastifyRequest, chainFromPath: string | null, body: Fields, upload?: Upload): RequestInputs {
  const query = (request.query ?? NO_FIELDS) as Fields;
  const fromQuery = paramsOf(query, 'query string');
  return {
    chainText: chainFromPath ?? text(query.action) ?? text(body.action),
    methodOverride: text(query.method) ?? text(body.method),
    credentials: credentialsIn(query) ?? credentialsIn(body) ?? basicCredentials(request.headers.authorization),
    params: body === NO_FIELDS ? fromQuery : mergeParams([fromQuery, paramsOf(body, 'request body')]),
    upload,
  };
}

/** Whether a request on a route that parses multipart (see routes.ts; only those ask) carries a multipart body. */
export function isMultipart(request: FastifyRequest): boolean {
  return request.isMultipart();
}

/** The inputs of a request whose body (JSON or form), if any, Fastify has already parsed. */
export function readInputs(request: FastifyRequest, chainFromPath: string | null): RequestInputs {
  const { body } = request;
  if (body === undefined || body === null) return inputsFrom(request, chainFromPath, NO_FIELDS);
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object or a form');
  return inputsFrom(request, chainFromPath, body as Fields);
}

/** The inputs of a multipart request: its fields, and its file still streaming. */
export async function readMultipartInputs(request: FastifyRequest, chainFromPath: string | null, maxParamsBytes: number): Promise<RequestInputs> {
  const { fields, upload } = await multipartFields(request, maxParamsBytes);
  return inputsFrom(request, chainFromPath, fields, upload);
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** The operation asked for: the `method` parameter when given, else the HTTP method (HEAD reads like GET). */
export function effectiveMethod(httpMethod: string, override: string | null): HttpMethod {
  if (override === null && (httpMethod === 'GET' || httpMethod === 'HEAD')) return 'GET';
  const asked = (override ?? httpMethod).toUpperCase();
  if (!(METHODS as readonly string[]).includes(asked)) {
    throw new ApiError('METHOD_NOT_ALLOWED', `Method ${quote(override ?? httpMethod)} is not supported; use GET, POST, PUT or DELETE`);
  }
  return asked as HttpMethod;
}
