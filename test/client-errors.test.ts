import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientErrorHandler, MAX_HEADER_BYTES } from '../src/engine/client-errors.js';
import { requestIdHook, requestIds, setRequestIdHeader } from '../src/engine/request-id.js';

/*
 * The answer to what Node's HTTP parser refuses, called on a socket of our own: the status, the format
 * the request line asks for, the envelope, and when the connection is closed. test/http-edges.test.ts
 * sends such requests over a real connection; here each case is looked at alone.
 */

interface FakeSocket {
  writable: boolean;
  written: string[];
  destroyed: number;
  _httpMessage?: { headersSent?: boolean };
  end(text: string): void;
  destroy(): void;
}

function fakeSocket(extra: Partial<FakeSocket> = {}): FakeSocket {
  return {
    writable: true,
    written: [],
    destroyed: 0,
    end(text: string) {
      this.written.push(text);
    },
    destroy() {
      this.destroyed += 1;
    },
    ...extra,
  };
}

const failure = (code: string | undefined, packet?: string) => Object.assign(new Error('parse error'), { code, rawPacket: packet === undefined ? undefined : Buffer.from(packet, 'latin1') });

/** The reply written for one error: its head lines and its body. */
function answer(code: string | undefined, packet?: string) {
  const socket = fakeSocket();
  clientErrorHandler(() => 'req-1')(failure(code, packet), socket as unknown as Socket);
  expect(socket.written).toHaveLength(1);
  const [head, body] = socket.written[0]!.split('\r\n\r\n');
  return { lines: head!.split('\r\n'), body: body!, socket };
}

describe('clientErrorHandler', () => {
  afterEach(() => vi.useRealTimers());

  it('answers headers too large with a 431 in the envelope, in the format of the request line, with a request id', () => {
    const { lines, body } = answer('HPE_HEADER_OVERFLOW', 'GET /api/v1/projects/7/xml?x=1 HTTP/1.1\r\nHost: a\r\n');
    expect(lines).toEqual([
      'HTTP/1.1 431 Request Header Fields Too Large',
      'Content-Type: application/xml; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'X-Request-Id: req-1',
      'Connection: close',
    ]);
    expect(body).toContain(`<action>projects/7</action><method>GET</method><format>xml</format><code>431</code><message>The request line and headers are larger than the limit of ${MAX_HEADER_BYTES / 1024} KiB</message>`);
    expect(MAX_HEADER_BYTES).toBe(16 * 1024);
  });

  it('gives each kind of refusal its status and message', () => {
    const parsed = (code: string | undefined) => {
      const { lines, body } = answer(code, 'POST /api/v1/tickets/json HTTP/1.1\r\n');
      return { status: lines[0], request: JSON.parse(body).request };
    };
    expect(parsed('ERR_HTTP_REQUEST_TIMEOUT')).toEqual({ status: 'HTTP/1.1 408 Request Timeout', request: { action: 'tickets', method: 'POST', format: 'json', code: 408, message: 'The request was not received in time' } });
    expect(parsed('HPE_CHUNK_EXTENSIONS_OVERFLOW')).toMatchObject({ status: 'HTTP/1.1 413 Payload Too Large', request: { code: 413, message: expect.stringContaining('chunk extensions') } });
    expect(parsed('HPE_INVALID_METHOD')).toMatchObject({ status: 'HTTP/1.1 400 Bad Request', request: { code: 400, message: 'The request is not valid HTTP' } });
    expect(parsed(undefined)).toMatchObject({ status: 'HTTP/1.1 400 Bad Request', request: { code: 400 } });
  });

  it('reads the chain from the action of the query when the path names none', () => {
    const { lines, body } = answer('HPE_HEADER_OVERFLOW', 'POST /api.php?username=a&action=v1.tickets.5.xml HTTP/1.1\r\n');
    expect(lines[1]).toBe('Content-Type: application/xml; charset=utf-8');
    expect(body).toContain('<action>tickets/5</action><method>POST</method>');
    expect(answer('HPE_HEADER_OVERFLOW', 'POST /api.php?action=v1.tickets.5.xml&username=a HTTP/1.1\r\n').body).toContain('<action>tickets/5</action>');
    expect(JSON.parse(answer('HPE_HEADER_OVERFLOW', 'GET /api.php?username=a HTTP/1.1\r\n').body).request).toMatchObject({ action: '', method: 'GET', format: 'json' });
    // Without a query there is no action to read, whatever the path holds.
    expect(JSON.parse(answer('HPE_HEADER_OVERFLOW', 'GET /x&action=v1/projects/xml HTTP/1.1\r\n').body).request).toMatchObject({ action: '', format: 'json' });
    expect(JSON.parse(answer('HPE_HEADER_OVERFLOW', 'GET /health HTTP/1.1\r\n').body).request).toMatchObject({ action: '', method: 'GET', format: 'json' });
  });

  it('echoes no request line when the bytes do not begin with one', () => {
    const none = { action: '', method: '', format: 'json' };
    expect(JSON.parse(answer('HPE_INVALID_METHOD').body).request).toMatchObject(none);
    expect(JSON.parse(answer('HPE_INVALID_METHOD', 'get /api/v1/projects/xml HTTP/1.1\r\n').body).request).toMatchObject(none);
    expect(JSON.parse(answer('HPE_INVALID_METHOD', ' GET /api/v1/projects/xml HTTP/1.1\r\n').body).request).toMatchObject(none);
    expect(JSON.parse(answer('HPE_INVALID_METHOD', 'GET api/v1/projects/xml HTTP/1.1\r\n').body).request).toMatchObject(none);
    expect(JSON.parse(answer('HPE_INVALID_METHOD', `${'A'.repeat(21)} /api/v1/projects/xml HTTP/1.1\r\n`).body).request).toMatchObject(none);
    expect(answer('HPE_INVALID_METHOD', `${'A'.repeat(20)} /api/v1/projects/xml HTTP/1.1\r\n`).body).toContain(`<method>${'A'.repeat(20)}</method><format>xml</format>`);
    const socket = fakeSocket();
    clientErrorHandler(() => 'req-2')(Object.assign(new Error('x'), { code: 'HPE_INVALID_METHOD', rawPacket: 'GET /api/v1/projects/xml HTTP/1.1' }), socket as unknown as Socket);
    expect(JSON.parse(socket.written[0]!.split('\r\n\r\n')[1]!).request).toMatchObject(none);
  });

  it('reads a request line as long as the header limit allows', () => {
    const target = `/api/v1/projects/${'a'.repeat(MAX_HEADER_BYTES - 40)}/xml`;
    expect(answer('HPE_HEADER_OVERFLOW', `GET ${target} HTTP/1.1\r\nX-More: b\r\n`).lines[1]).toBe('Content-Type: application/xml; charset=utf-8');
  });

  it('reads the request line from a packet longer than the header limit', () => {
    const packet = `GET /api/v1/projects/xml HTTP/1.1\r\nX-Big: ${'a'.repeat(MAX_HEADER_BYTES * 2)}\r\n`;
    expect(answer('HPE_HEADER_OVERFLOW', packet).body).toContain('<action>projects</action>');
  });

  it('answers a connection once, and closes it two seconds later', () => {
    vi.useFakeTimers();
    const socket = fakeSocket();
    const handle = clientErrorHandler(() => 'req-3');
    handle(failure('HPE_HEADER_OVERFLOW', 'GET /api/v1/projects/json HTTP/1.1\r\n'), socket as unknown as Socket);
    handle(failure('HPE_INVALID_METHOD', 'more bytes'), socket as unknown as Socket);
    expect(socket.written).toHaveLength(1);
    vi.advanceTimersByTime(1999);
    expect(socket.destroyed).toBe(0);
    vi.advanceTimersByTime(1);
    expect(socket.destroyed).toBe(1);
    // Another connection is answered on its own.
    const other = fakeSocket();
    handle(failure('HPE_HEADER_OVERFLOW', 'GET /api/v1/projects/json HTTP/1.1\r\n'), other as unknown as Socket);
    expect(other.written).toHaveLength(1);
  });

  it('only closes a connection that was reset, cannot be written to, or already carries a reply', () => {
    const handle = clientErrorHandler(() => 'req-4');
    for (const [code, socket] of [
      ['ECONNRESET', fakeSocket()],
      ['HPE_HEADER_OVERFLOW', fakeSocket({ writable: false })],
      ['HPE_HEADER_OVERFLOW', fakeSocket({ _httpMessage: { headersSent: true } })],
    ] as const) {
      handle(failure(code, 'GET /api/v1/projects/json HTTP/1.1\r\n'), socket as unknown as Socket);
      expect(socket.written).toEqual([]);
      expect(socket.destroyed).toBe(1);
    }
    const pending = fakeSocket({ _httpMessage: { headersSent: false } });
    handle(failure('HPE_HEADER_OVERFLOW', 'GET /api/v1/projects/json HTTP/1.1\r\n'), pending as unknown as Socket);
    expect(pending.written).toHaveLength(1);
    expect(pending.destroyed).toBe(0);
  });
});

describe('request ids', () => {
  it('counts up in base 36 after a random prefix of twelve hex digits, apart for each generator', () => {
    const next = requestIds();
    const ids = Array.from({ length: 11 }, () => next());
    const prefix = ids[0]!.split('-')[0]!;
    expect(prefix).toMatch(/^[0-9a-f]{12}$/);
    expect(ids).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b'].map((n) => `${prefix}-${n}`));
    expect(requestIds()().split('-')[0]).not.toBe(prefix);
  });

  it('sets the X-Request-Id header, also as a hook that then goes on', () => {
    const headers: [string, unknown][] = [];
    const reply = { header: (name: string, value: unknown) => headers.push([name, value]) } as unknown as FastifyReply;
    setRequestIdHeader(reply, { id: 'r-1' } as FastifyRequest);
    const done = vi.fn();
    requestIdHook({ id: 'r-2' } as FastifyRequest, reply, done);
    expect(headers).toEqual([['X-Request-Id', 'r-1'], ['X-Request-Id', 'r-2']]);
    expect(done).toHaveBeenCalledOnce();
  });
});
