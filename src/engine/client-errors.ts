import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, clip } from '../errors.js';
import { parseChain, type ParsedChain } from './chain.js';
import { chainAsWritten } from './http.js';
import { CONTENT_TYPES, renderEnvelope } from './render.js';

/** The most bytes a request line and its headers may take together (Node's default, set explicitly). */
export const MAX_HEADER_BYTES = 16 * 1024;

/** How long a refused connection is kept open to read what the client still sends, so that the reply is not lost to a reset. */
const LINGER_MS = 2000;

/** What Node's HTTP parser refuses before there is a request, as the catalogue has it. */
function refusalFor(error: NodeJS.ErrnoException): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError('HEADERS_TOO_LARGE', `The request line and headers are larger than the limit of ${MAX_HEADER_BYTES / 1024} KiB`);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError('REQUEST_TIMEOUT', 'The request was not received in time');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError('PAYLOAD_TOO_LARGE', 'The chunk extensions of the request body are larger than allowed');
    default:
      return new ApiError('BAD_REQUEST', 'The request is not valid HTTP');
  }
}

interface RequestLine {
  readonly method: string;
  readonly target: string;
}

/** The method and target of the request line, when the bytes Node could not parse begin with one. */
function requestLineOf(rawPacket: unknown): RequestLine | null {
  if (!Buffer.isBuffer(rawPacket)) return null;
  const head = rawPacket.toString('latin1', 0, Math.min(rawPacket.length, MAX_HEADER_BYTES + 64));
  const match = /^([A-Z]{1,20}) (\/[^\s]*)/.exec(head);
  return match ? { method: match[1], target: match[2] } : null;
}

/** The chain a request target names, in its path or as the `action` of its query, as far as it can be read. */
function chainOf(target: string): ParsedChain | null {
  const query = target.indexOf('?');
  const action = chainAsWritten(target) ?? (query < 0 ? null : new URLSearchParams(target.slice(query + 1)).get('action'));
  return action === null ? null : parseChain(action);
}

/** The whole reply, status line to envelope, as the socket is to carry it. */
function replyText(refusal: ApiError, line: RequestLine | null, requestId: string): string {
  const chain = line ? chainOf(line.target) : null;
  const format = chain?.format ?? 'json';
  const request = { action: clip(chain?.action ?? ''), method: line?.method ?? '', format, code: refusal.status, message: refusal.message };
  const body = renderEnvelope({ request, response: {} }, format);
  const head = [
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}`,
    `Content-Type: ${CONTENT_TYPES[format]}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** Whether a reply on this connection has begun: then another cannot be written into it. */
function replyStarted(socket: Socket): boolean {
  return (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP server refuses itself (headers too large, a request
 * that is not HTTP, a request not received in time) is answered in the envelope with a request id, in
 * the format its URL asks for when the request line can be read, instead of Node's own JSON. The
 * connection is closed once the reply is out; what the client still sends meanwhile is read and dropped.
 */
export function clientErrorHandler(nextRequestId: () => string) {
  const answered = new WeakSet<Socket>();
  return (error: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Socket) => {
    // The parser refuses every further chunk of a refused request again: those are the rest being drained.
    if (answered.has(socket)) return;
    if (error.code === 'ECONNRESET' || !socket.writable || replyStarted(socket)) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    socket.end(replyText(refusalFor(error), requestLineOf(error.rawPacket), nextRequestId()));
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}
