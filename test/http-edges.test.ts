import net from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/**
 * What Node's HTTP server refuses before Fastify sees a request (headers too large, bytes that are not
 * HTTP, a request not received in time) and URLs the router cannot decode: real connections, since
 * Fastify's inject never goes through Node's parser.
 */
const auth = credentials('root');
const authQuery = `username=${auth.username}&password=${auth.password}`;
const REQUEST_ID = /^[0-9a-f]{12}-[0-9a-z]+$/;

interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseReply(text: string): RawReply {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(split + 4) };
}

/** Collects everything the server sends on a connection until it closes it. */
function replyOn(socket: net.Socket): Promise<RawReply> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    socket.on('error', (error) => chunks.length === 0 && reject(error));
    socket.on('close', () => resolve(parseReply(Buffer.concat(chunks).toString('utf8'))));
  });
}

/** Sends `text` as it is, byte for byte, and reads the reply. */
function rawRequest(port: number, text: string): Promise<RawReply> {
  const socket = net.connect(port, '127.0.0.1');
  const reply = replyOn(socket);
  socket.write(text);
  return reply;
}

/** The envelope of a refusal: status, request id, format, and nothing of the credentials or the query. */
function expectRefusal(reply: RawReply, status: number, format: 'json' | 'xml' = 'json') {
  expect(reply.status).toBe(status);
  expect(reply.headers['x-request-id']).toMatch(REQUEST_ID);
  expect(reply.headers['content-type']).toContain(format === 'json' ? 'application/json' : 'application/xml');
  expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(reply.body));
  expect(reply.body).not.toContain(auth.password);
  expect(reply.body).not.toContain('username=');
  expect(reply.body.length).toBeLessThan(2000);
  const request = format === 'json' ? JSON.parse(reply.body).request : new XMLParser({ parseTagValue: false }).parse(reply.body).wbteampro.request;
  expect(String(request.code)).toBe(String(status));
  return request as { action: string; method: string; format: string; message: string };
}

describe.each(testDatabases().slice(0, 1))('errors before and around routing, over HTTP on $name', (kind) => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => t.close());

  it('answers headers past 16 KiB with a 431 envelope, in the format the URL asks for', async () => {
    const bigHeader = `GET /api/v1/projects/xml?${authQuery} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`;
    const request = expectRefusal(await rawRequest(port, bigHeader), 431, 'xml');
    expect(request).toMatchObject({ action: 'projects', method: 'GET', format: 'xml', message: 'The request line and headers are larger than the limit of 16 KiB' });
    const bigUrl = `GET /api/v1/projects/json?${authQuery}&q=${'b'.repeat(20 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`;
    expect(expectRefusal(await rawRequest(port, bigUrl), 431).action).toBe('projects');
    const bigPath = `GET /api/v1/${'c'.repeat(20 * 1024)}?${authQuery} HTTP/1.1\r\nHost: x\r\n\r\n`;
    expect(expectRefusal(await rawRequest(port, bigPath), 431).action.length).toBeLessThanOrEqual(101);
  });

  it('answers headers just under the limit as usual', async () => {
    const reply = await rawRequest(port, `GET /api/v1/projects/json?${authQuery} HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(15 * 1024)}\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(200);
  });

  it('answers bytes that are not HTTP with a 400 envelope', async () => {
    expect(expectRefusal(await rawRequest(port, 'HELLO THERE\r\n\r\n'), 400).message).toBe('The request is not valid HTTP');
    const badHeader = `GET /api.php?action=v1.projects.xml&${authQuery} HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`;
    expect(expectRefusal(await rawRequest(port, badHeader), 400, 'xml').action).toBe('projects');
  });

  it('answers a path that is not validly percent-encoded with a 400 envelope that repeats no query string', async () => {
    for (const [path, format] of [['/api/v1/projects/%zz/json', 'json'], ['/api.php/v1/projects/%E0%A4%A/xml', 'xml']] as const) {
      const reply = await rawRequest(port, `GET ${path}?${authQuery} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const request = expectRefusal(reply, 400, format);
      expect(request.message).toBe('The URL path is not validly percent-encoded');
    }
  });

  it('answers a request not received in time with a 408 envelope while a reply is still possible', async () => {
    const accepted = new Promise<net.Socket>((resolve) => t.app.server.once('connection', resolve));
    const client = net.connect(port, '127.0.0.1');
    const reply = replyOn(client);
    client.write(`GET /api/v1/projects/json?${authQuery} HTTP/1.1\r\nHost: x\r\n`);
    const serverSide = await accepted;
    // Node's checker raises this from the server's headersTimeout/requestTimeout; it runs every 30 s, too slow to wait for.
    t.app.server.emit('clientError', Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), serverSide);
    expect(expectRefusal(await reply, 408).message).toBe('The request was not received in time');
  });

  it('gives each refusal a request id of its own, from the same sequence as served requests', async () => {
    const refused = await Promise.all([1, 2, 3].map(() => rawRequest(port, 'NOT HTTP\r\n\r\n')));
    const served = await rawRequest(port, `GET /api/v1/projects/json?${authQuery} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const ids = [...refused, served].map((reply) => reply.headers['x-request-id']);
    expect(new Set(ids).size).toBe(4);
    expect(new Set(ids.map((id) => id.split('-')[0])).size).toBe(1);
  });
});
