import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { effectiveMethod, isMultipart, readInputs, readMultipartInputs } from '../src/engine/inputs.js';
import { NO_PARAMS } from '../src/engine/params.js';
import { ApiError } from '../src/errors.js';

/*
 * How a request's inputs are read, called on plain request objects: where the chain, the method
 * override, the credentials and the params come from, and what a multipart body must look like. The API
 * suites reach all of it through requests (the multipart half only through the files suites); here each
 * rule is aimed at on its own.
 */

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

function request(parts: { query?: unknown; body?: unknown; authorization?: string }): FastifyRequest {
  return { query: parts.query, body: parts.body, headers: { authorization: parts.authorization } } as unknown as FastifyRequest;
}

/** The error a call throws or rejects with (fails the test when there is none). */
async function failure(call: () => unknown): Promise<ApiError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('readInputs', () => {
  it('takes the chain from the path first, then the query, then the body, the first of repeated values', () => {
    expect(readInputs(request({ query: { action: 'v1/a/json' }, body: { action: 'v1/b/json' } }), 'v1/path/json').chainText).toBe('v1/path/json');
    expect(readInputs(request({ query: { action: 'v1/a/json' }, body: { action: 'v1/b/json' } }), null).chainText).toBe('v1/a/json');
    expect(readInputs(request({ query: {}, body: { action: 'v1/b/json' } }), null).chainText).toBe('v1/b/json');
    expect(readInputs(request({ query: { action: ['v1/first/json', 'v1/second/json'] } }), null).chainText).toBe('v1/first/json');
    // Something that is not text is no chain; the body's is taken instead.
    expect(readInputs(request({ query: { action: [1, 'v1/x/json'] }, body: { action: 'v1/b/json' } }), null).chainText).toBe('v1/b/json');
    expect(readInputs(request({ query: { action: { a: 1 } } }), null).chainText).toBeNull();
    expect(readInputs(request({}), null).chainText).toBeNull();
  });

  it('takes the method override from the query, else the body', () => {
    expect(readInputs(request({ query: { method: 'put' } }), null).methodOverride).toBe('put');
    expect(readInputs(request({ query: { method: 'put' }, body: { method: 'delete' } }), null).methodOverride).toBe('put');
    expect(readInputs(request({ query: {}, body: { method: 'delete' } }), null).methodOverride).toBe('delete');
    expect(readInputs(request({ query: {} }), null).methodOverride).toBeNull();
  });

  it('takes credentials from the query, else the body, else a Basic header; a name or a password alone is a login', () => {
    const header = basic('carol:c4ca4238a0b923820dcc509a6f75849b');
    expect(readInputs(request({ query: { username: 'ann', password: 'p1' }, body: { username: 'bob', password: 'p2' }, authorization: header }), null).credentials).toEqual({ username: 'ann', passwordMd5: 'p1' });
    expect(readInputs(request({ query: {}, body: { username: 'bob', password: 'p2' }, authorization: header }), null).credentials).toEqual({ username: 'bob', passwordMd5: 'p2' });
    expect(readInputs(request({ query: { username: 'ann' }, authorization: header }), null).credentials).toEqual({ username: 'ann', passwordMd5: '' });
    expect(readInputs(request({ query: { password: 'p1' }, authorization: header }), null).credentials).toEqual({ username: '', passwordMd5: 'p1' });
    expect(readInputs(request({ query: {}, authorization: header }), null).credentials).toEqual({ username: 'carol', passwordMd5: 'c4ca4238a0b923820dcc509a6f75849b' });
    expect(readInputs(request({ query: {} }), null).credentials).toBeNull();
  });

  it('reads a Basic header only when it is Basic, base64 and holds a colon', () => {
    const credentials = (authorization: string) => readInputs(request({ query: {}, authorization }), null).credentials;
    expect(credentials(`basic   ${Buffer.from('a:b:c').toString('base64')}  `)).toEqual({ username: 'a', passwordMd5: 'b:c' });
    expect(credentials(basic(':x'))).toEqual({ username: '', passwordMd5: 'x' });
    expect(credentials(basic('nocolon'))).toBeNull();
    expect(credentials(`Bearer ${Buffer.from('a:b').toString('base64')}`)).toBeNull();
    expect(credentials(`x${basic('a:b')}`)).toBeNull();
    expect(credentials(`${basic('a:b')} tail`)).toBeNull();
    expect(credentials('Basic a:b')).toBeNull();
    expect(credentials('Basic')).toBeNull();
  });

  it('reads as params the params value and every other non-envelope field, from the query and the body', () => {
    const inputs = readInputs(request({ query: { params: '{"a":1}', b: '2', username: 'u', password: 'p', method: 'get', action: 'x', _: '9' }, body: { params: { c: 3 }, d: '4' } }), null);
    expect(inputs.params).toEqual({ a: 1, b: '2', c: 3, d: '4' });
    expect(readInputs(request({ query: { b: '2' } }), null).params).toEqual({ b: '2' });
    expect(readInputs(request({ query: { params: { a: '1' } } }), null).params).toEqual({ a: '1' });
  });

  it('skips the inherited fields of a source', () => {
    const query = Object.assign(Object.create({ inherited: 'x' }), { own: '1' }) as Record<string, unknown>;
    expect(readInputs(request({ query }), null).params).toEqual({ own: '1' });
  });

  it('reads a request without query or body as no params at all', () => {
    expect(readInputs(request({}), null).params).toBe(NO_PARAMS);
    expect(readInputs(request({ body: null }), null).params).toBe(NO_PARAMS);
    expect(readInputs(request({ query: {}, body: {} }), null)).toMatchObject({ chainText: null, methodOverride: null, credentials: null, params: {} });
  });

  it('says where params that cannot be read came from', async () => {
    expect((await failure(() => readInputs(request({ query: { params: '{bad' } }), null))).message).toContain('query string');
    expect((await failure(() => readInputs(request({ query: {}, body: { params: '{bad' } }), null))).message).toContain('request body');
  });

  it('refuses a body that is not an object', async () => {
    for (const body of ['text', 5, true, [], [{ a: 1 }]]) {
      const error = await failure(() => readInputs(request({ query: {}, body }), null));
      expect(error.code, JSON.stringify(body)).toBe('BAD_REQUEST');
      expect(error.message).toContain('JSON object or a form');
    }
  });
});

describe('isMultipart', () => {
  it('asks the request', () => {
    expect(isMultipart({ isMultipart: () => true } as unknown as FastifyRequest)).toBe(true);
    expect(isMultipart({ isMultipart: () => false } as unknown as FastifyRequest)).toBe(false);
  });
});

type Part = { type: 'field' | 'file'; value?: unknown; valueTruncated?: boolean };

/** A multipart request whose first file part is `file` (or a failure of reading it). */
function multipart(file: (() => Promise<unknown>) | { fieldname?: string; fields?: Record<string, Part | Part[] | undefined> }, query: unknown = {}) {
  const stream = new PassThrough();
  const read = typeof file === 'function' ? file : async () => ({ fieldname: 'file', filename: 'a.txt', mimetype: 'text/plain', file: stream, fields: {}, ...file });
  return { request: { query, headers: {}, file: read } as unknown as FastifyRequest, stream };
}

const field = (value: unknown, valueTruncated = false): Part => ({ type: 'field', value, valueTruncated });

describe('readMultipartInputs', () => {
  it('reads the fields before the file as params and hands on the file still streaming', async () => {
    const { request: asked, stream } = multipart({ fields: { params: field('{"a":1}'), b: [field('2'), field('3')], file: { type: 'file' }, gone: undefined, username: field('ann'), password: field('p') } }, { action: 'v1/files/json' });
    const inputs = await readMultipartInputs(asked, null, 1000);
    expect(inputs.params).toEqual({ a: 1, b: '2' });
    expect(inputs.chainText).toBe('v1/files/json');
    expect(inputs.credentials).toEqual({ username: 'ann', passwordMd5: 'p' });
    expect(inputs.upload).toEqual({ filename: 'a.txt', mimetype: 'text/plain', stream });
  });

  it('counts a field sent as JSON as that JSON', async () => {
    expect((await readMultipartInputs(multipart({ fields: { j: field({ x: [1, 2] }) } }).request, null, 100)).params).toEqual({ j: { x: [1, 2] } });
    // "j" and {"x":[1,2]} are 1 + 11 bytes.
    expect((await readMultipartInputs(multipart({ fields: { j: field({ x: [1, 2] }) } }).request, null, 12)).params).toEqual({ j: { x: [1, 2] } });
    expect((await failure(() => readMultipartInputs(multipart({ fields: { j: field({ x: [1, 2] }) } }).request, null, 11))).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses fields that are more than the params limit together, names and values counted in UTF-8 bytes', async () => {
    const fields = { ab: field('é'), c: field('de') };
    // 2 + 2 + 1 + 2 bytes.
    expect((await readMultipartInputs(multipart({ fields }).request, null, 7)).params).toEqual({ ab: 'é', c: 'de' });
    const error = await failure(() => readMultipartInputs(multipart({ fields }).request, null, 6));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toContain('params');
  });

  it('refuses a field busboy cut short, whatever the limit', async () => {
    expect((await failure(() => readMultipartInputs(multipart({ fields: { a: field('x', true) } }).request, null, 1000))).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('fails the file stream, and not before, once the file passes the upload limit', async () => {
    const { request: asked, stream } = multipart({});
    const inputs = await readMultipartInputs(asked, null, 1000);
    expect(stream.destroyed).toBe(false);
    const failed = new Promise<unknown>((resolve) => stream.once('error', resolve));
    stream.emit('limit');
    const error = (await failed) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toContain('upload limit');
    expect(inputs.upload?.stream.destroyed).toBe(true);
  });

  it('refuses a body without a file part, or with the file under another name', async () => {
    const none = await failure(() => readMultipartInputs(multipart(async () => undefined).request, null, 1000));
    expect(none.code).toBe('BAD_REQUEST');
    expect(none.message).toContain('"file"');
    const other = await failure(() => readMultipartInputs(multipart({ fieldname: 'upload' }).request, null, 1000));
    expect(other.code).toBe('BAD_REQUEST');
    expect(other.message).toContain('"upload"');
  });

  it('answers a body busboy cannot read with a 400, and passes on the errors that carry their own status', async () => {
    const unreadable = await failure(() => readMultipartInputs(multipart(async () => Promise.reject(new Error('Boundary not found'))).request, null, 1000));
    expect(unreadable.code).toBe('BAD_REQUEST');
    expect(unreadable.message).toContain('boundary');
    const own = new ApiError('PAYLOAD_TOO_LARGE', 'mine');
    expect(await failure(() => readMultipartInputs(multipart(async () => Promise.reject(own)).request, null, 1000))).toBe(own);
    const withStatus = Object.assign(new Error('too many parts'), { statusCode: 413 });
    await expect(readMultipartInputs(multipart(async () => Promise.reject(withStatus)).request, null, 1000)).rejects.toBe(withStatus);
  });
});

describe('effectiveMethod', () => {
  it('takes each of the four methods, given or as an override', () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      expect(effectiveMethod(method, null)).toBe(method);
      expect(effectiveMethod('POST', method.toLowerCase())).toBe(method);
    }
    expect(effectiveMethod('HEAD', null)).toBe('GET');
  });

  it('names the method it refuses, the override before the HTTP method', async () => {
    expect((await failure(() => effectiveMethod('GET', 'patch'))).message).toContain('"patch"');
    expect((await failure(() => effectiveMethod('OPTIONS', null))).message).toContain('"OPTIONS"');
  });
});
