import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors.js';
import { chainAsWritten, sendError } from '../src/engine/http.js';
import { createLogging } from '../src/engine/logging.js';

/*
 * The one error handler called with each kind of failure it maps: Fastify's and its plugins' client
 * errors in the API's own words, a database that is down, slow or deadlocked, anything else as a 500
 * that is logged with its error, and the format and echo read from a URL the router never matched.
 * The request suites reach only the failures a real request can provoke.
 */
describe('sendError', () => {
  let app: FastifyInstance;
  let failure: unknown;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
    const logging = createLogging('error', {}, destination);
    app = Fastify({ logger: false });
    app.all('/api/*', (request, reply) => sendError(logging, failure, request, reply));
    app.all('/elsewhere', (request, reply) => sendError(logging, failure, request, reply));
    await app.ready();
  });
  afterAll(() => app.close());

  async function answer(error: unknown, url = '/api/v1/projects/json', headers: Record<string, string> = {}) {
    failure = error;
    lines.length = 0;
    const reply = await app.inject({ method: 'GET', url, headers });
    return { status: reply.statusCode, text: reply.body, envelope: String(reply.headers['content-type']).includes('json') ? reply.json().request : undefined };
  }
  const clientError = (statusCode: number, fields: Record<string, unknown> = {}) => Object.assign(new Error('raw text that must not show'), { statusCode, ...fields });

  it("puts Fastify's known client errors in the API's words, whatever their own text said", async () => {
    const known: [string, number, string][] = [
      ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'The request body is not valid JSON'],
      ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'The request body is empty, but its content type says JSON'],
      ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 400, 'The request body does not match its Content-Length'],
      ['FST_PROTO_VIOLATION', 400, 'A multipart field may not be named after an object prototype property'],
      ['FST_INVALID_JSON_FIELD_ERROR', 400, 'A multipart field declared as JSON is not valid JSON'],
      ['FST_MP_PREMATURE_CLOSE', 400, 'The request ended before its multipart body was complete'],
      ['FST_FIELDS_LIMIT', 413, 'The multipart body has more fields than allowed'],
      ['FST_FILES_LIMIT', 413, 'A multipart body may carry one file'],
      ['FST_PARTS_LIMIT', 413, 'The multipart body has more parts than allowed'],
    ];
    for (const [code, status, message] of known) {
      expect((await answer(clientError(status, { code }))).envelope, code).toMatchObject({ code: status, message });
    }
  });

  it('names a body that is no JSON, too large, or of a type not taken (quoting the type), and says no more of the rest', async () => {
    expect((await answer(Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 }))).envelope).toMatchObject({ message: 'The request body is not valid JSON' });
    expect((await answer(clientError(413))).envelope).toMatchObject({ code: 413, message: 'The request body is larger than allowed' });
    expect((await answer(clientError(415), undefined, { 'content-type': 'text/csv' })).envelope).toMatchObject({
      code: 415, message: 'Unsupported content type "text/csv": send JSON, a form or multipart',
    });
    expect((await answer(clientError(415))).envelope.message).toBe('Unsupported content type "": send JSON, a form or multipart');
    const other = (await answer(clientError(400, { code: 'FST_SOMETHING_NEW' }))).envelope;
    expect(other.code).toBe(400);
    expect(other.message).not.toContain('raw text');
  });

  it('answers a database that is down, slow or deadlocked 503, and anything unknown 500, logging only those', async () => {
    const down = await answer(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect([down.status, down.envelope.message]).toEqual([503, expect.any(String)]);
    expect(lines.map((line) => line.msg)).toEqual(['request failed']);
    const slow = await answer(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }));
    expect([slow.status, slow.envelope.message]).toEqual([503, 'The database did not answer in time; try again']);
    const broken = await answer(new TypeError('x is undefined'));
    expect(broken.status).toBe(500);
    expect(broken.text).not.toContain('x is undefined');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'request failed', err: { type: 'TypeError', message: 'x is undefined' } });
    for (const status of [500, 502, 399]) expect((await answer(clientError(status))).status, String(status)).toBe(500);
    const refused = await answer(new ApiError('NOT_FOUND', 'Project 9 not found'));
    expect([refused.status, refused.envelope.message]).toEqual([404, 'Project 9 not found']);
    expect(lines).toEqual([]);
  });

  it('answers in the format and with the action of the URL, or of the query when the path has none, else as JSON with none', async () => {
    const xml = await answer(clientError(413), '/api/v1/projects/7/xml');
    expect(xml.text).toMatch(/^<\?xml/);
    expect(xml.text).toContain('<action>projects/7</action>');
    const byQuery = await answer(clientError(413), '/elsewhere?action=v1/topics/xml');
    expect(byQuery.text).toContain('<action>topics</action>');
    const plain = await answer(clientError(413), '/elsewhere');
    expect(plain.envelope).toMatchObject({ action: '', code: 413 });
    const listQuery = await answer(clientError(413), '/elsewhere?action[]=v1/topics/xml');
    expect(listQuery.envelope).toMatchObject({ action: '', code: 413 });
  });
});

describe('chainAsWritten', () => {
  it('reads what follows /api/ or /api.php/ in the path, not the query, and nothing from other paths', () => {
    expect(chainAsWritten('/api/v1/projects/%zz/json?username=a&password=b')).toBe('v1/projects/%zz/json');
    expect(chainAsWritten('/teampro/api.php/v1/topics/xml')).toBe('v1/topics/xml');
    expect(chainAsWritten('/api.php?action=v1/topics')).toBeNull();
    expect(chainAsWritten('/health')).toBeNull();
  });
});
