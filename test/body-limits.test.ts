import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { bodyLimitOf, paramsBytes, paramsLimitError, registerBodyParsers } from '../src/engine/body-limits.js';

/* The params limit on parsed bodies: a base64 `content` counts apart, at the top or inside `params`. */

describe('body limits', () => {
  it('lets a body hold the params limit beside the largest base64 content', () => {
    expect(bodyLimitOf({ maxBase64Bytes: 3, maxParamsBytes: 10 })).toBe(14);
    expect(bodyLimitOf({ maxBase64Bytes: 4, maxParamsBytes: 10 })).toBe(16);
  });

  it('counts the fields as JSON, leaving out a base64 content at the top or inside params', () => {
    expect(paramsBytes({ a: 'x' })).toBe('{"a":"x"}'.length + 'null'.length);
    expect(paramsBytes({ a: 'x', content: 'QUJD' })).toBe('{"a":"x"}'.length + 'null'.length);
    expect(paramsBytes({ content: 5 })).toBe('{"content":5}'.length + 'null'.length);
    expect(paramsBytes({ params: '{"content":"QUJD","b":1}' })).toBe('{}'.length + '{"b":1}'.length);
    expect(paramsBytes({ params: { content: 'QUJD', b: 'é' } })).toBe('{}'.length + Buffer.byteLength('{"b":"é"}'));
    expect(paramsBytes({ params: 'not json' })).toBe('{}'.length + '"not json"'.length);
  });

  it('refuses only a body whose params, without the content, pass the limit', () => {
    expect(paramsLimitError({ a: 'x' }, 'abc', 9)).toBeNull();
    const content = 'Q'.repeat(100);
    const withContent = { a: 'x', content };
    expect(paramsLimitError(withContent, JSON.stringify(withContent), 20)).toBeNull();
    const big = { a: 'x'.repeat(30) };
    expect(paramsLimitError(big, JSON.stringify(big), 20)?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(paramsLimitError([1, 2, 3], 'x'.repeat(30), 20)?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(paramsLimitError('text', 'x'.repeat(30), 20)?.code).toBe('PAYLOAD_TOO_LARGE');
    // At the limit exactly, in characters and in bytes.
    const edge = { a: 'x'.repeat(13), content: 'Q'.repeat(50) };
    const text = JSON.stringify(edge);
    expect(paramsLimitError(edge, text, paramsBytes(edge))).toBeNull();
    expect(paramsLimitError(edge, text, paramsBytes(edge) - 1)?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(paramsLimitError({ a: 'x'.repeat(30) }, 'ééé', 6)).toBeNull();
  });

  it('holds a body that is no object to its whole length, however little it holds', () => {
    const padded = (json: string) => `${json}${' '.repeat(30)}`;
    for (const body of [[1], 'ab', null, 7]) {
      expect(paramsLimitError(body, padded(JSON.stringify(body)), 20)?.code, JSON.stringify(body)).toBe('PAYLOAD_TOO_LARGE');
    }
    expect(paramsLimitError({ a: 1 }, padded('{"a":1}'), 20)).toBeNull();
  });

  it('counts params given as a list as that list, not as the JSON its text would be', () => {
    const params = ['{"content":"QUJD"}'];
    expect(paramsBytes({ params })).toBe('{}'.length + JSON.stringify(params).length);
  });

  it('says the limit in MiB, to two decimals', () => {
    const message = (maxBytes: number) => paramsLimitError({ a: 'x'.repeat(maxBytes) }, JSON.stringify({ a: 'x'.repeat(maxBytes) }), maxBytes)?.message;
    expect(message(1024 * 1024)).toContain('limit of 1 MiB');
    expect(message(1536 * 1024)).toContain('limit of 1.5 MiB');
    expect(message(1_234_567)).toContain('limit of 1.18 MiB');
  });
});

describe('registerBodyParsers', () => {
  /** A bare Fastify app with the body parsers, echoing the parsed body. */
  async function echo(limits: { maxParamsBytes: number; maxBase64Bytes: number }) {
    const app = Fastify();
    registerBodyParsers(app, limits);
    app.post('/', async (request) => ({ body: request.body ?? null }));
    await app.ready();
    return app;
  }
  const post = (app: FastifyInstance, contentType: string, payload: string) => app.inject({ method: 'POST', url: '/', headers: { 'content-type': contentType }, payload });

  it('reads JSON and PHP-style forms, each held to the params limit beside a base64 content', async () => {
    const app = await echo({ maxParamsBytes: 30, maxBase64Bytes: 30 });
    expect((await post(app, 'application/json', '{"a":1,"b":[2]}')).json()).toEqual({ body: { a: 1, b: [2] } });
    expect((await post(app, 'application/x-www-form-urlencoded', 'a=1&b[]=2&c[d]=3')).json()).toEqual({ body: { a: '1', b: ['2'], c: { d: '3' } } });
    const content = 'Q'.repeat(40);
    expect((await post(app, 'application/json', JSON.stringify({ a: 1, content }))).json()).toEqual({ body: { a: 1, content } });
    expect((await post(app, 'application/x-www-form-urlencoded', `a=1&content=${content}`)).json()).toEqual({ body: { a: '1', content } });
    for (const [type, payload] of [['application/json', JSON.stringify({ a: 'x'.repeat(40) })], ['application/x-www-form-urlencoded', `a=${'x'.repeat(40)}`]]) {
      const reply = await post(app, type, payload);
      expect(reply.statusCode, type).toBe(413);
      expect(reply.json().message).toContain('params');
    }
    await app.close();
  });

  it('refuses a body past the whole limit, bad JSON, prototype poisoning, and any other content type', async () => {
    const app = await echo({ maxParamsBytes: 30, maxBase64Bytes: 30 });
    // bodyLimitOf: 40 + 30 bytes.
    expect((await post(app, 'application/json', JSON.stringify({ content: 'Q'.repeat(70 - 14) }))).statusCode).toBe(200);
    expect((await post(app, 'application/json', JSON.stringify({ content: 'Q'.repeat(71 - 14) }))).statusCode).toBe(413);
    expect((await post(app, 'application/x-www-form-urlencoded', `content=${'Q'.repeat(71 - 8)}`)).statusCode).toBe(413);
    expect((await post(app, 'application/json', '{"a":')).statusCode).toBe(400);
    expect((await post(app, 'application/json', '{"__proto__":{"x":1}}')).statusCode).toBe(400);
    expect((await post(app, 'application/json', '{"constructor":{"prototype":{"x":1}}}')).statusCode).toBe(400);
    expect((await post(app, 'text/plain', 'a=1')).statusCode).toBe(415);
    await app.close();
  });
});
