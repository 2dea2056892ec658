import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Readable } from 'node:stream';
import type { AppConfig } from '../app-config.js';
import type { Authenticator } from '../auth/authenticator.js';
import { sessionTokenHash, sessionTokenIn } from '../auth/session-tokens.js';
import type { SessionAuthenticator, SessionCaller } from '../auth/session-auth.js';
import type { Settings, SettingsCache } from '../settings/settings.js';
import { readConsistent, inTransaction, isDeadlock, isTimeout, isUnavailable } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import type { BlobStore } from '../files/blob-store.js';
import type { TicketSource } from '../tickets/source.js';
import { ApiError, boundedParamErrors, clip, codeForStatus, MESSAGE_MAX_CHARS, quote } from '../errors.js';
import { assertVersion, parseChain, type Format, type ParsedChain } from './chain.js';
import type { ChainMemo, ReadChain } from './chain-memo.js';
import { effectiveMethod, isMultipart, readInputs, readMultipartInputs, type RequestInputs } from './inputs.js';
import { isRawReply, type CallContext, type Caller, type EnvelopeReply, type HttpMethod, type MethodDef, type RawReply } from './method.js';
import { HttpRequestSide, siteOf } from './request-side.js';
import type { Logging } from './logging.js';
import type { MethodRegistry } from './registry.js';
import { CONTENT_TYPES, renderEnvelope } from './render.js';
import { setRequestIdHeader } from './request-id.js';
import { withCallerForMe } from './params.js';
import { nowSeconds } from './time.js';

export interface EngineDeps {
  readonly config: AppConfig;
  readonly logging: Logging;
  readonly db: Kysely<Database>;
  readonly registry: MethodRegistry;
  readonly chains: ChainMemo;
  readonly authenticator: Authenticator;
  readonly sessions: SessionAuthenticator;
  readonly settings: SettingsCache;
  readonly blobs: BlobStore;
  readonly tickets: TicketSource;
}

/** What is known of an API request when it fails: its chain and operation once read, for the envelope's echo. */
interface Noted {
  chain: ParsedChain | null;
  http: HttpMethod | null;
}

/**
 * A reply sent before the request body was all received (an upload refused or failed half way) closes
 * the connection: the rest of the body is not read, and the socket cannot carry another request.
 */
function closeIfBodyUnread(reply: FastifyReply) {
  if (!reply.request.raw.complete) reply.header('connection', 'close');
}

/**
 * What a handler resolves with: nothing once its reply has gone out, as an async handler resolved
 * with the reply (a thenable) costs the request another promise job and a call; the reply itself
 * while it is still being sent, for Fastify to wait on.
 */
const settled = (reply: FastifyReply) => (reply.sent ? undefined : reply);

/** An envelope already rendered, with its status. */
function sendRendered(reply: FastifyReply, format: Format, status: number, body: string) {
  setRequestIdHeader(reply, reply.request);
  closeIfBodyUnread(reply);
  return settled(reply.code(status).type(CONTENT_TYPES[format]).send(body));
}

function sendEnvelope(reply: FastifyReply, format: Format, action: string, method: string, status: number, message: string, response: Record<string, unknown>) {
  return sendRendered(reply, format, status, renderEnvelope({ request: { action, method, format, code: status, message }, response }, format));
}

/** A raw reply (a download) as it is; HEAD gets the headers only, and a body stream is not read. */
function sendRaw(reply: FastifyReply, raw: RawReply) {
  setRequestIdHeader(reply, reply.request);
  reply.code(raw.status).headers(raw.headers);
  closeIfBodyUnread(reply);
  if (reply.request.method === 'HEAD' || raw.body === null) {
    if (raw.body instanceof Readable) raw.body.destroy();
    return reply.send();
  }
  return reply.send(raw.body);
}

/** The chain in the URL path after `api.php/` or `api/`, if any (the router has decoded it). */
function chainFromPath(request: FastifyRequest): string | null {
  return (request.params as { '*'?: string } | null)?.['*'] || null;
}

/** A successful call's envelope, rendered in the format asked for. */
type RenderSuccess = (response: EnvelopeReply) => string;

/**
 * Runs the method. A write in the engine's transaction comes back rendered, as rendering happens
 * before the commit: a reply that cannot be rendered fails the request and undoes its write, so a
 * request that answers an error has changed nothing. Reads come back unrendered and the caller
 * renders them after the transaction (they hold no write, and need not hold the connection longer).
 */
function execute(deps: EngineDeps, method: MethodDef, ctx: CallContext, params: unknown, render: RenderSuccess): Promise<EnvelopeReply | RawReply | string> {
  const mode = method.tx ?? (method.http === 'GET' ? 'none' : 'write');
  if (mode === 'none') return method.run(ctx, params as never);
  if (mode === 'read') return readConsistent(deps.db, (trx) => method.run({ ...ctx, db: trx }, params as never));
  return inTransaction(deps.db, async (trx) => {
    const result = await method.run({ ...ctx, db: trx }, params as never);
    return isRawReply(result) ? result : render(result);
  });
}


/** The chain and the operation asked for, noted for an error reply's envelope. */
function readChain(chains: ChainMemo, request: FastifyRequest, inputs: RequestInputs, noted: Noted): { read: ReadChain; http: HttpMethod } {
  const read = chains.read(inputs.chainText ?? '');
  noted.chain = read.chain;
  assertVersion(read.chain);
  const http = effectiveMethod(request.method, inputs.methodOverride);
  noted.http = http;
  return { read, http };
}

function callContext(deps: EngineDeps, request: FastifyRequest, inputs: RequestInputs, caller: Caller, settings: Settings, now: number, http: HttpRequestSide): CallContext {
  const { config, db, blobs, tickets, logging } = deps;
  return {
    db, caller, config, settings, blobs, tickets, headers: request.headers, upload: inputs.upload, now, methods: deps.registry.methods,
    log: () => logging.forRequest(request), http,
  };
}

/**
 * A request with no username or password may carry a session cookie instead. Reading it costs a
 * cookie parse and a hash, so a request with credentials never reads it.
 */
function sessionOf(deps: EngineDeps, request: FastifyRequest, inputs: RequestInputs, now: number): SessionCaller | Promise<SessionCaller> | null {
  if (inputs.credentials !== null) return null;
  const token = sessionTokenIn(request.headers.cookie);
  if (token === null) return null;
  const hash = sessionTokenHash(token);
  return deps.sessions.fromMemory(hash, now) ?? deps.sessions.fromDatabase(deps.db, request.ip, hash, now, request.protocol === 'https');
}

/**
 * A cookie goes with every request the browser makes to this server, whichever site's page asked for
 * it: a call that changes something on the cookie's authority must come from TeamPro's own pages.
 */
function assertOwnSite(request: FastifyRequest, http: HttpMethod) {
  if (http !== 'GET' && siteOf(request) !== 'same') {
    throw new ApiError('FORBIDDEN', "A request signed in by the session cookie may change something only from TeamPro's own pages (Origin or Sec-Fetch-Site)");
  }
}

/** Answers an API request; `multipart` says whether its route parses multipart bodies (GET and HEAD routes do not). */
export async function handleApiRequest(deps: EngineDeps, request: FastifyRequest, reply: FastifyReply, multipart: boolean) {
  const noted: Noted = { chain: null, http: null };
  try {
    // Each await is taken only when needed: most requests are answered from memory up to the call itself.
    const inputs = multipart && isMultipart(request) ? await readMultipartInputs(request, chainFromPath(request), deps.config.maxParamsBytes) : readInputs(request, chainFromPath(request));
    const { read, http } = readChain(deps.chains, request, inputs, noted);
    const settings = deps.settings.current() ?? (await deps.settings.get(deps.db));
    if (!settings.api_active) throw new ApiError('FORBIDDEN', 'The API is turned off (config api_active)');
    const now = nowSeconds();
    const origin = { ip: request.ip, connection: request.raw.socket };
    const pending = sessionOf(deps, request, inputs, now);
    const session = pending === null ? null : await pending;
    if (session) assertOwnSite(request, http);
    const caller =
      session?.caller ?? deps.authenticator.fromMemory(origin, inputs.credentials) ?? (await deps.authenticator.fromDatabase(deps.db, origin, inputs.credentials, now));
    const { method, params: validated } = deps.chains.resolve(read, http, inputs.params);
    const params = withCallerForMe(method.params, validated as Record<string, unknown>, caller.id);
    const { format, action } = read.chain;
    const render: RenderSuccess = (response) => renderEnvelope({ request: { action, method: http, format, code: 200, message: 'Success' }, response }, format);
    const side = new HttpRequestSide(request, deps.sessions, session?.sessionId ?? null);
    const result = await execute(deps, method, callContext(deps, request, inputs, caller, settings, now, side), params, render);
    side.applyTo(reply);
    if (isRawReply(result)) return sendRaw(reply, result);
    return sendRendered(reply, format, 200, typeof result === 'string' ? result : render(result));
  } catch (error) {
    return sendError(deps.logging, error, request, reply, noted);
  }
}

/**
 * Fastify's and its plugins' client errors in the API's own words: theirs may quote the URL with its
 * query string (and the password in it) or a header, at any length.
 */
const FRAMEWORK_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_BAD_URL: 'The URL path is not validly percent-encoded',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty, but its content type says JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The request body does not match its Content-Length',
  FST_PROTO_VIOLATION: 'A multipart field may not be named after an object prototype property',
  FST_INVALID_JSON_FIELD_ERROR: 'A multipart field declared as JSON is not valid JSON',
  FST_MP_PREMATURE_CLOSE: 'The request ended before its multipart body was complete',
  FST_FIELDS_LIMIT: 'The multipart body has more fields than allowed',
  FST_FILES_LIMIT: 'A multipart body may carry one file',
  FST_PARTS_LIMIT: 'The multipart body has more parts than allowed',
};

/** A client error Fastify or a plugin raised, as the catalogue entry of its status and a message of ours. */
function frameworkClientError(error: { statusCode: number; code?: string }, request: FastifyRequest): ApiError {
  const code = codeForStatus(error.statusCode);
  const known = error.code === undefined ? undefined : FRAMEWORK_MESSAGES[error.code];
  if (known) return new ApiError(code, known);
  if (error instanceof SyntaxError) return new ApiError(code, FRAMEWORK_MESSAGES.FST_ERR_CTP_INVALID_JSON_BODY);
  if (error.statusCode === 413) return new ApiError(code, 'The request body is larger than allowed');
  if (error.statusCode === 415) {
    return new ApiError(code, `Unsupported content type ${quote(request.headers['content-type'] ?? '')}: send JSON, a form or multipart`);
  }
  return new ApiError(code);
}

function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (isUnavailable(error)) return new ApiError('UNAVAILABLE');
  if (isTimeout(error)) return new ApiError('UNAVAILABLE', 'The database did not answer in time; try again');
  // The database undid the whole transaction to break the deadlock: nothing was written, and the same request may well pass now.
  if (isDeadlock(error)) return new ApiError('UNAVAILABLE', 'The request collided with another in the database and was undone; try again');
  const { statusCode } = error as { statusCode?: number };
  if (statusCode && statusCode >= 400 && statusCode < 500) return frameworkClientError(error as { statusCode: number }, request);
  return new ApiError('INTERNAL');
}

/**
 * The one error handler: every failure becomes the envelope, in the format the chain asked for — as
 * the engine read it, when the failure came from there, else as far as the URL tells.
 */
export function sendError(logging: Logging, error: unknown, request: FastifyRequest, reply: FastifyReply, noted?: Noted) {
  const apiError = toApiError(error, request);
  if (apiError.status >= 500) logging.forRequest(request).error({ err: error }, 'request failed');
  const chain = noted?.chain ?? safeChain(request);
  if (apiError.headers) reply.headers(apiError.headers);
  // Whatever made the error, the reply stays small: the echoes in it are clipped.
  const response = apiError.errors ? { errors: boundedParamErrors(apiError.errors) } : {};
  const method = clip(noted?.http ?? request.method);
  const action = clip(chain?.action ?? '');
  return sendEnvelope(reply, chain?.format ?? 'json', action, method, apiError.status, clip(apiError.message, MESSAGE_MAX_CHARS), response);
}

/** The chain as written in a URL's path, not decoded: all there is when the router could not decode it. */
export function chainAsWritten(url: string): string | null {
  const path = url.split('?')[0];
  const match = /\/api(?:\.php)?\/(.*)$/.exec(path);
  return match ? match[1] : null;
}

/** The chain of a request being refused, as far as it can be read, for the envelope's format and echo. */
function safeChain(request: FastifyRequest): ParsedChain | null {
  try {
    const fromPath = request.params ? chainFromPath(request) : chainAsWritten(request.url);
    const action = (request.query as Record<string, unknown> | undefined)?.action;
    return parseChain(fromPath ?? (typeof action === 'string' ? action : ''));
  } catch {
    return null;
  }
}
