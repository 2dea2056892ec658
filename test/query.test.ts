import fc from 'fast-check';
import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { parseQuery, parseSimpleQuery } from '../src/engine/query.js';

const QS_OPTIONS = { depth: 10, arrayLimit: 100, parameterLimit: 1000 };
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

// Pieces that make query strings interesting: separators, brackets (plain and encoded), escapes good
// and bad, plus signs, prototype names, digits and non-ASCII text.
const piece = fc.oneof(
  fc.constantFrom('&', '=', '[', ']', '[]', '%5B', '%5d', '%', '%2', '%41', '%E2%9C%93', '%FF', '+', '.', ' '),
  fc.constantFrom('params', 'project_id', 'username', 'password', 'a', 'b', 'x_1', '0', '12', '-1'),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const anyQuery = fc.array(piece, { maxLength: 16 }).map((parts) => parts.join(''));

const name = fc.constantFrom('params', 'project_id', 'status', 'username', 'password', 'action', 'method', 'a', 'b', 'toString', '__proto__', 'x1', '_');
const value = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent), fc.constantFrom('', '1+2', '%', '%zz', 'a=b', 'x]=y'));
const pair = fc.oneof(
  fc.tuple(name, value).map(([n, v]) => `${n}=${v}`),
  fc.tuple(name, name, value).map(([n, k, v]) => `${n}[${k}]=${v}`),
  name,
);
const likelyQuery = fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.join('&'));

describe('query strings', () => {
  it('parses names and one-level keys, decoding escapes and plus signs', () => {
    expect(parseSimpleQuery('username=ann&password=abc&params[project_id]=42&params[name]=a+b%20c')).toEqual({
      username: 'ann',
      password: 'abc',
      params: { project_id: '42', name: 'a b c' },
    });
    expect(parseSimpleQuery('a&b=&c=%zz')).toEqual({ a: '', b: '', c: '%zz' });
    expect(parseSimpleQuery('params%5Bname%5d=%5B1%5D&params=%7B%22a%22%3A%5B1%5D%7D')).toBeNull();
    expect(parseSimpleQuery('p%5Bname%5d=%5B1%5D&params=%7B%22a%22%3A%5B1%5D%7D')).toEqual({ p: { name: '[1]' }, params: '{"a":[1]}' });
  });

  it('leaves arrays, repeats, deeper nesting, prototype names and encoded brackets to qs', () => {
    for (const text of ['a=1&a=2', 'a[]=1', 'a[0]=1', 'a[b][c]=1', '__proto__=1', 'a[toString]=1', 'a=1&a[b]=2', 'a[b]=1&a[b]=2', '=1']) {
      expect(parseSimpleQuery(text), text).toBeNull();
    }
    expect(parseQuery('a=1&a=2&p[]=x')).toEqual({ a: ['1', '2'], p: ['x'] });
  });

  it('gives exactly what qs gives, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyQuery, likelyQuery), (text) => {
        expect(parseQuery(text)).toStrictEqual(qs.parse(text, QS_OPTIONS));
      }),
      { numRuns: RUNS },
    );
  });

  it('takes the common client query strings itself', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('project_id', 'status', 'name'), fc.string({ maxLength: 8 })), { maxLength: 3 }), (entries) => {
        const unique = [...new Map(entries).entries()];
        const text = ['username=ann', 'password=x', ...unique.map(([k, v]) => `params[${k}]=${encodeURIComponent(v)}`)].join('&');
        expect(parseSimpleQuery(text)).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
