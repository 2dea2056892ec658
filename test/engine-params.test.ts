import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors.js';
import { assertVersion, parseChain } from '../src/engine/chain.js';
import { assertDateOrder } from '../src/engine/dates.js';
import { effectiveMethod } from '../src/engine/inputs.js';
import { appliedFilters, listData, listParams, MAX_LIST_NUMBER, narrowsOnlyBy, pageWindow, parseSort, type ListSpec } from '../src/engine/lists.js';
import { decodeParams, hasKeys, MAX_DEPTH, mergeParams, NO_PARAMS, validateParams, withCallerForMe } from '../src/engine/params.js';
import { unstorableText } from '../src/engine/text.js';
import { AdminFilter, Bool, Choice, Int, Nullable, Params, Text, Timestamp, Type } from '../src/engine/types.js';
import { DEFAULT_SETTINGS } from '../src/settings/settings.js';

/*
 * The engine's request-reading rules called directly: how params are decoded, merged, coerced from
 * query-string text and validated; how a chain is split; how a list's sort and page window are read.
 * The API suites reach every one of these through requests; here each edge is aimed at on its own.
 */

/** The error a call throws (fails the test when it throws none). */
function thrown(call: () => unknown): ApiError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the call to throw');
}

const paramsOf = (call: () => unknown) => (thrown(call).errors ?? []).map((e) => e.param);

describe('decodeParams', () => {
  it('reads nothing as the one shared empty params object', () => {
    for (const raw of [undefined, null, '']) expect(decodeParams(raw, 'query string')).toBe(NO_PARAMS);
    expect(Object.isFrozen(NO_PARAMS)).toBe(true);
  });

  it('reads a JSON string or takes an object as it is', () => {
    expect(decodeParams('{"a":1,"b":[2]}', 'query string')).toEqual({ a: 1, b: [2] });
    const object = { a: '1' };
    expect(decodeParams(object, 'request body')).toBe(object);
  });

  it('refuses text that is not JSON, and JSON that is not an object', () => {
    for (const raw of ['{a:1}', '[1,2]', '5', '"text"', 'null', 7, ['a']]) {
      const error = thrown(() => decodeParams(raw, 'query string'));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain('query string');
    }
  });

  it(`takes params nested ${MAX_DEPTH} levels deep and refuses one level more`, () => {
    const nested = (levels: number): unknown => (levels === 0 ? 1 : { x: nested(levels - 1) });
    expect(decodeParams(nested(MAX_DEPTH), 'request body')).toEqual(nested(MAX_DEPTH));
    expect(thrown(() => decodeParams(nested(MAX_DEPTH + 1), 'request body')).code).toBe('BAD_REQUEST');
    expect(decodeParams(JSON.stringify({ list: [[[[[[[1]]]]]]] }), 'query string')).toEqual({ list: [[[[[[[1]]]]]]] });
  });
});

describe('mergeParams', () => {
  it('returns the one source that has params, itself, and the shared empty object when none has', () => {
    const only = { a: 1 };
    expect(mergeParams([{}, only, NO_PARAMS])).toBe(only);
    expect(mergeParams([])).toBe(NO_PARAMS);
    expect(mergeParams([{}, {}])).toBe(NO_PARAMS);
  });

  it('counts only own keys as params', () => {
    const inherited = Object.create({ a: 1 }) as Record<string, unknown>;
    expect(hasKeys(inherited)).toBe(false);
    expect(hasKeys({ a: undefined })).toBe(true);
    expect(mergeParams([inherited, { b: 2 }])).toEqual({ b: 2 });
  });

  it('merges several sources, taking the same value given twice as a string and as a number', () => {
    expect(mergeParams([{ a: '100', b: 1 }, { a: 100, c: 3 }])).toEqual({ a: 100, b: 1, c: 3 });
    expect(mergeParams([{ tags: ['x', 'y'] }, { tags: ['x', 'y'] }])).toEqual({ tags: ['x', 'y'] });
    expect(mergeParams([{ v: null }, { v: 'null' }])).toEqual({ v: 'null' });
  });

  it('refuses one name given twice with different values, naming it', () => {
    expect(paramsOf(() => mergeParams([{ a: '100' }, { a: '101' }]))).toEqual(['a']);
    expect(paramsOf(() => mergeParams([{ tags: ['x'] }, { tags: ['y'] }]))).toEqual(['tags']);
    expect(paramsOf(() => mergeParams([{ o: { k: 1 } }, { o: '[object Object]' }]))).toEqual(['o']);
    expect(thrown(() => mergeParams([{ a: 1 }, { a: 2 }])).code).toBe('BAD_REQUEST');
  });
});

describe('validateParams', () => {
  const schema = Params(
    {
      id: Int('an integer', 1, 100),
      rate: Type.Number(),
      billable: Bool('a flag'),
      note: Text('text', 10),
      maybe: Nullable(Text('nullable text', 10)),
      when: Timestamp('a time'),
      until: Nullable(Timestamp('a nullable time')),
      kind: Choice(['a', 'b'], 'a choice'),
      adminid: AdminFilter('an admin'),
      either: Type.Union([Type.Boolean(), Type.String()]),
      nested: Type.Object({ inner: Type.Integer() }),
      tags: Type.Array(Type.String()),
      tiny: Type.String({ 'x-max-bytes': 4 }),
    },
    ['id'],
  );
  const valid = (input: Record<string, unknown>) => validateParams<Record<string, unknown>>(schema, { id: '1', ...input });
  const refused = (input: Record<string, unknown>) => thrown(() => valid(input));

  it('turns number text into numbers, trimmed, in every JSON number form', () => {
    expect(valid({ id: ' 42 ', rate: '1.5e2' })).toEqual({ id: 42, rate: 150 });
    expect(valid({ rate: '-0.5E-1' }).rate).toBe(-0.05);
    expect(valid({ rate: '7' }).rate).toBe(7);
    expect(refused({ id: '4 2' }).errors).toEqual([{ param: 'id', message: expect.any(String) }]);
    for (const text of ['12abc', 'x12', '1.', '.5', '1e', '--1', '1.2.3']) expect(paramsOf(() => valid({ rate: text }))).toEqual(['rate']);
  });

  it('reads 1/true and 0/false, in any case, as a flag, and nothing else', () => {
    expect(valid({ billable: '1' }).billable).toBe(true);
    expect(valid({ billable: 'TRUE' }).billable).toBe(true);
    expect(valid({ billable: ' 0 ' }).billable).toBe(false);
    expect(valid({ billable: 'False' }).billable).toBe(false);
    expect(valid({ billable: 1 }).billable).toBe(true);
    expect(valid({ billable: 0 }).billable).toBe(false);
    expect(valid({ billable: true }).billable).toBe(true);
    for (const value of ['yes', '2', 2, '']) expect(paramsOf(() => valid({ billable: value }))).toEqual(['billable']);
  });

  it('leaves text as text where the schema also takes a string', () => {
    expect(valid({ either: '1' }).either).toBe('1');
    expect(valid({ either: 1 })).toBeDefined();
    expect(valid({ adminid: 5 }).adminid).toBe(5);
    expect(valid({ adminid: '5' }).adminid).toBe(5);
    expect(valid({ adminid: 'me' }).adminid).toBe('me');
  });

  it('turns a number into text for a text field, and keeps text a number field gets as text', () => {
    expect(valid({ note: 12345 }).note).toBe('12345');
    expect(valid({ kind: 'a' }).kind).toBe('a');
    expect(paramsOf(() => valid({ kind: 1 }))).toEqual(['kind']);
  });

  it('reads an empty value as null only where the field takes null', () => {
    expect(valid({ maybe: '' }).maybe).toBeNull();
    expect(valid({ maybe: null }).maybe).toBeNull();
    expect(valid({ note: '' }).note).toBe('');
    expect(paramsOf(() => valid({ note: null }))).toEqual(['note']);
    expect(valid({ until: '' }).until).toBeNull();
  });

  it('reads times in every accepted form, and tells a malformed time from one out of range', () => {
    expect(valid({ when: '1970-01-02' }).when).toBe(86_400);
    expect(valid({ when: 86_400 }).when).toBe(86_400);
    expect(valid({ when: '86400' }).when).toBe(86_400);
    expect(valid({ until: '1970-01-01T00:01:00Z' }).until).toBe(60);
    const malformed = refused({ when: 'soon' }).errors![0]!;
    const outOfRange = refused({ when: -1 }).errors![0]!;
    expect(malformed.param).toBe('when');
    expect(outOfRange.param).toBe('when');
    expect(malformed.message).not.toBe(outOfRange.message);
    expect(refused({ until: 'soon' }).errors![0]!.message).toBe(malformed.message);
    expect(refused({ until: 253_402_300_800 }).errors![0]!.message).toBe(outOfRange.message);
    expect(valid({ until: 253_402_300_799 }).until).toBe(253_402_300_799);
    // A time the schema is given as something else than text or a number is the schema's to refuse.
    expect(paramsOf(() => valid({ when: true }))).toEqual(['when']);
  });

  it('names each refused param once, nested ones by their path, and unknown names as such', () => {
    const error = refused({ id: 'x', note: 'far too long for ten', unknown: 1, nested: { inner: 'y' } });
    expect(error.code).toBe('VALIDATION');
    expect(error.errors!.map((e) => e.param).sort()).toEqual(['id', 'nested.inner', 'note', 'unknown']);
    expect(error.errors!.find((e) => e.param === 'unknown')!.message).toBe('is not a known parameter');
    expect(thrown(() => validateParams(schema, {})).errors).toEqual([{ param: 'id', message: 'is required' }]);
    expect(refused({ kind: 'c' }).errors).toEqual([{ param: 'kind', message: 'must be one of: a, b' }]);
    // A value both the wrong type and not null is one error, not one per branch of the union.
    expect(refused({ maybe: 'x'.repeat(11) }).errors).toHaveLength(1);
    expect(valid({ maybe: 5 }).maybe).toBe('5');
  });

  it('refuses a __proto__ key as an unknown param without touching any prototype', () => {
    const input = JSON.parse('{"id":"1","__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(refused(input).errors).toEqual([{ param: '__proto__', message: 'is not a known parameter' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('skips inherited keys of the input', () => {
    const input = Object.assign(Object.create({ unknown: 1 }), { id: '3' }) as Record<string, unknown>;
    expect(validateParams(schema, input)).toEqual({ id: 3 });
  });

  it('refuses text no database stores, naming where in the value it is', () => {
    expect(refused({ note: 'a\u0000b' }).errors![0]!.param).toBe('note');
    expect(refused({ tags: ['ok', 'x\ud800'] }).errors![0]!.param).toBe('tags.1');
  });

  it('counts x-max-bytes in UTF-8 bytes, up to and including the limit', () => {
    expect(valid({ tiny: 'éé' }).tiny).toBe('éé');
    expect(valid({ tiny: 'abcd' }).tiny).toBe('abcd');
    expect(paramsOf(() => valid({ tiny: 'ééx' }))).toEqual(['tiny']);
    expect(refused({ tiny: 'abcde' }).errors![0]!.message).toContain('4 bytes');
  });
});

describe('withCallerForMe', () => {
  const schema = Params({ adminid: AdminFilter('who'), assigned_adminid: AdminFilter('assignee'), note: Text('text') });

  it('puts the caller in place of each me, in a copy', () => {
    const params = { adminid: 'me', assigned_adminid: 'me', note: 'me' };
    expect(withCallerForMe(schema, params, 7)).toEqual({ adminid: 7, assigned_adminid: 7, note: 'me' });
    expect(params.adminid).toBe('me');
    expect(withCallerForMe(schema, { adminid: 3, assigned_adminid: 'me' }, 7)).toEqual({ adminid: 3, assigned_adminid: 7 });
  });

  it('returns the params themselves when there is no me to replace', () => {
    const params = { adminid: 3, note: 'me' };
    expect(withCallerForMe(schema, params, 7)).toBe(params);
    const plain = { note: 'me' };
    expect(withCallerForMe(Params({ note: Text('text') }), plain, 7)).toBe(plain);
  });
});

describe('unstorableText', () => {
  it('finds lone surrogates of either half and NUL, and passes paired surrogates', () => {
    expect(unstorableText('smile \ud83d\ude00', 'p')).toBeNull();
    expect(unstorableText('\ud83d', 'p')?.param).toBe('p');
    expect(unstorableText('\ud83dx', 'p')?.param).toBe('p');
    expect(unstorableText('x\ude00', 'p')?.param).toBe('p');
    expect(unstorableText('\ude00\ud83d', 'p')?.param).toBe('p');
    expect(unstorableText('a\u0000', 'p')?.param).toBe('p');
    expect(unstorableText('\ud83d', 'p')?.message).not.toBe(unstorableText('\u0000', 'p')?.message);
  });

  it('looks inside arrays and objects, and nowhere else', () => {
    expect(unstorableText({ a: ['ok', { b: 'x\u0000' }] }, 'p')?.param).toBe('p.a.1.b');
    expect(unstorableText({ a: ['ok'], b: 1, c: null, d: true }, 'p')).toBeNull();
    expect(unstorableText(5, 'p')).toBeNull();
    expect(unstorableText(null, 'p')).toBeNull();
  });
});

describe('parseChain and assertVersion', () => {
  it('splits on / and ., trims tokens, drops blanks, and reads the format from the last one', () => {
    expect(parseChain('v1.projects.100.json')).toEqual({ version: 'v1', segments: ['projects', '100'], format: 'json', action: 'projects/100' });
    expect(parseChain('v1/projects/100/XML')).toEqual({ version: 'v1', segments: ['projects', '100'], format: 'xml', action: 'projects/100' });
    expect(parseChain(' v1 // projects . . ')).toEqual({ version: 'v1', segments: ['projects'], format: 'json', action: 'projects' });
    expect(parseChain('v1/projects')).toEqual({ version: 'v1', segments: ['projects'], format: 'json', action: 'projects' });
    expect(parseChain('/v1/xml/')).toEqual({ version: 'v1', segments: [], format: 'xml', action: '' });
    expect(parseChain('')).toEqual({ version: '', segments: [], format: 'json', action: '' });
  });

  it('takes v1 in any case, and says no action or an unsupported version otherwise', () => {
    expect(() => assertVersion(parseChain('V1/projects'))).not.toThrow();
    expect(thrown(() => assertVersion(parseChain(''))).code).toBe('UNKNOWN_ACTION');
    expect(thrown(() => assertVersion(parseChain('v2/projects'))).code).toBe('UNSUPPORTED_VERSION');
  });
});

describe('effectiveMethod', () => {
  it('reads HEAD as GET, takes an override in any case, and refuses other methods', () => {
    expect(effectiveMethod('HEAD', null)).toBe('GET');
    expect(effectiveMethod('GET', null)).toBe('GET');
    expect(effectiveMethod('post', null)).toBe('POST');
    expect(effectiveMethod('GET', 'delete')).toBe('DELETE');
    expect(effectiveMethod('HEAD', 'put')).toBe('PUT');
    expect(thrown(() => effectiveMethod('PATCH', null)).code).toBe('METHOD_NOT_ALLOWED');
    expect(thrown(() => effectiveMethod('GET', 'HEAD')).code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('assertDateOrder', () => {
  it('refuses only a finish before the start, when both are set', () => {
    expect(() => assertDateOrder(5, 5)).not.toThrow();
    expect(() => assertDateOrder(5, 6)).not.toThrow();
    expect(() => assertDateOrder(null, 1)).not.toThrow();
    expect(() => assertDateOrder(5, undefined)).not.toThrow();
    expect(() => assertDateOrder(undefined, 0)).not.toThrow();
    expect(() => assertDateOrder(5, null)).not.toThrow();
    expect(paramsOf(() => assertDateOrder(5, 4))).toEqual(['date_finish']);
    expect(paramsOf(() => assertDateOrder(1, 0))).toEqual(['date_finish']);
  });

  it('reads an unset start as no bound at all, not as 0', () => {
    expect(() => assertDateOrder(null, -1)).not.toThrow();
    expect(() => assertDateOrder(undefined, -1)).not.toThrow();
    expect(() => assertDateOrder(0, -1)).toThrow();
  });

  it('says what the finish was compared with', () => {
    expect(thrown(() => assertDateOrder(5, 4)).errors![0]!.message).toContain('date_start');
  });
});

describe('list sort and paging', () => {
  const spec: ListSpec = { sortable: { name: 'p.name', id: 'p.id', due: 'p.due' }, idColumn: 'p.id', searchColumns: ['p.name'] };
  const settings = { ...DEFAULT_SETTINGS, page_limit: 20, page_limit_max: 100 };

  it('orders by id when no sort is given, and ends every order with the id unless it is already there', () => {
    expect(parseSort(undefined, spec)).toEqual([{ column: 'p.id', descending: false }]);
    expect(parseSort(' , ', spec)).toEqual([{ column: 'p.id', descending: false }]);
    expect(parseSort('-name, +due', spec)).toEqual([
      { column: 'p.name', descending: true },
      { column: 'p.due', descending: false },
      { column: 'p.id', descending: false },
    ]);
    expect(parseSort('-id,name', spec)).toEqual([
      { column: 'p.id', descending: true },
      { column: 'p.name', descending: false },
    ]);
  });

  it('refuses a field that is not sortable, as a sort error', () => {
    const error = thrown(() => parseSort('name,-secret', spec));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.errors?.map((e) => e.param)).toEqual(['sort']);
    expect(error.message).toContain('"secret"');
  });

  it('pages by limit and offset or by page, with the configured default and maximum', () => {
    expect(pageWindow({}, settings)).toEqual({ limit: 20, offset: 0 });
    expect(pageWindow({ limit: 100, offset: 7 }, settings)).toEqual({ limit: 100, offset: 7 });
    expect(pageWindow({ limit: 10, page: 3, offset: 99 }, settings)).toEqual({ limit: 10, offset: 20 });
    expect(pageWindow({ page: 1 }, settings)).toEqual({ limit: 20, offset: 0 });
    expect(paramsOf(() => pageWindow({ limit: 101 }, settings))).toEqual(['limit']);
  });

  it('takes an offset up to the largest list number and refuses a page past it, saying the last page', () => {
    expect(pageWindow({ limit: 1, offset: MAX_LIST_NUMBER }, settings).offset).toBe(MAX_LIST_NUMBER);
    expect(pageWindow({ limit: 1, page: MAX_LIST_NUMBER + 1 }, settings).offset).toBe(MAX_LIST_NUMBER);
    const error = thrown(() => pageWindow({ limit: 10, page: 300_000_000 }, settings));
    expect(error.errors?.map((e) => e.param)).toEqual(['page']);
    expect(error.message).toContain(`at most ${Math.floor(MAX_LIST_NUMBER / 10) + 1} with limit 10`);
    expect(pageWindow({ limit: 10, page: Math.floor(MAX_LIST_NUMBER / 10) + 1 }, settings).offset).toBeLessThanOrEqual(MAX_LIST_NUMBER);
  });

  it('says which page of how many a window is', () => {
    expect(listData(25, 10, 20, {})).toEqual({ total: 25, page: 3, pages: 3, limit: 10, offset: 20, filters: {} });
    expect(listData(0, 10, 0, { a: 1 })).toEqual({ total: 0, page: 1, pages: 0, limit: 10, offset: 0, filters: { a: 1 } });
    expect(listData(30, 10, 5, {})).toMatchObject({ page: 1, pages: 3 });
  });

  it('takes limit and page from 1, offset from 0, each up to the largest list number, and sort and q up to 200 characters', () => {
    const schema = listParams({ status: Text('a filter', 20) }, { sortable: { name: 'name' }, idColumn: 'id', searchColumns: ['name'] });
    const read = (input: Record<string, unknown>) => validateParams<Record<string, unknown>>(schema, input);
    const refusedParams = (input: Record<string, unknown>) => paramsOf(() => read(input));
    expect(read({ limit: '1', page: '1', offset: '0', status: 'Active' })).toEqual({ limit: 1, page: 1, offset: 0, status: 'Active' });
    expect(read({ limit: MAX_LIST_NUMBER, page: MAX_LIST_NUMBER, offset: MAX_LIST_NUMBER })).toMatchObject({ limit: MAX_LIST_NUMBER });
    expect(refusedParams({ limit: 0 })).toEqual(['limit']);
    expect(refusedParams({ page: 0 })).toEqual(['page']);
    expect(refusedParams({ offset: -1 })).toEqual(['offset']);
    expect(refusedParams({ limit: MAX_LIST_NUMBER + 1 })).toEqual(['limit']);
    expect(refusedParams({ page: MAX_LIST_NUMBER + 1 })).toEqual(['page']);
    expect(refusedParams({ offset: MAX_LIST_NUMBER + 1 })).toEqual(['offset']);
    expect(refusedParams({ limit: 2.5 })).toEqual(['limit']);
    expect(read({ sort: 'n'.repeat(200), q: 'q'.repeat(200) })).toMatchObject({ q: 'q'.repeat(200) });
    expect(refusedParams({ sort: 'n'.repeat(201) })).toEqual(['sort']);
    expect(refusedParams({ q: 'q'.repeat(201) })).toEqual(['q']);
    expect(read({ modified_since: '2026-01-01' }).modified_since).toBe(Date.UTC(2026, 0, 1) / 1000);
  });

  it('tells a list narrowed only by the given keys (paging, order and an empty q aside) from one narrowed further', () => {
    expect(narrowsOnlyBy({}, ['project_id'])).toBe(true);
    expect(narrowsOnlyBy({ project_id: 3, limit: 5, offset: 10, page: 2, sort: '-name', q: '' }, ['project_id'])).toBe(true);
    expect(narrowsOnlyBy({ project_id: 3, status: undefined }, ['project_id'])).toBe(true);
    expect(narrowsOnlyBy({ project_id: 3, q: 'x' }, ['project_id'])).toBe(false);
    expect(narrowsOnlyBy({ project_id: 3, status: 'Open' }, ['project_id'])).toBe(false);
    expect(narrowsOnlyBy({ project_id: 3, modified_since: 0 }, ['project_id'])).toBe(false);
    expect(narrowsOnlyBy({ project_id: 3, action_id: 0 }, ['project_id', 'action_id'])).toBe(true);
    expect(narrowsOnlyBy({ project_id: 3 }, [])).toBe(false);
  });

  it('echoes the filters applied, not the paging, and q among them', () => {
    expect(appliedFilters({ status: 'Active', limit: 5, offset: 0, page: 1, sort: 'name', modified_since: 1, q: 'x', gone: undefined })).toEqual({ status: 'Active', q: 'x' });
    expect(appliedFilters({ limit: 5 })).toEqual({});
  });
});
