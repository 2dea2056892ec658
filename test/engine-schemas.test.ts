import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { setBounded } from '../src/engine/bounded-map.js';
import { isRawReply } from '../src/engine/method.js';
import { validateParams } from '../src/engine/params.js';
import { flag, IsoTime, listReply, ListDataSchema, singleReply } from '../src/engine/records.js';
import {
  AdminFilter, Bool, Choice, Configured, Duration, Id, Int, LongText, MAX_INT, Money, Name, Nullable, Params, RefId, Text, Timestamp, Type,
} from '../src/engine/types.js';
import { throughDay } from '../src/engine/work-filters.js';
import { ApiError } from '../src/errors.js';

/*
 * The schema builders every method is made of, held to what they promise: the values each param kind
 * takes and refuses (through validateParams, as a request meets them), and the shapes of replies.
 */

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false }));

/** Whether `value` passes as the one param `p` of a schema made of `schema`. */
function takes(schema: Parameters<typeof Params>[0][string], value: unknown): boolean {
  try {
    validateParams(Params({ p: schema }), { p: value });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'VALIDATION') return false;
    throw error;
  }
}

describe('param kinds', () => {
  it('ids from 1, reference ids from 0, both up to the largest 32-bit integer', () => {
    expect([0, 1, MAX_INT, MAX_INT + 1, 1.5].map((v) => takes(Id('id'), v))).toEqual([false, true, true, false, false]);
    expect([-1, 0, MAX_INT, MAX_INT + 1].map((v) => takes(RefId('ref'), v))).toEqual([false, true, true, false]);
  });

  it('admin filters take an admin id or "me", nothing else', () => {
    expect([0, 7, MAX_INT, 'me', '7'].map((v) => takes(AdminFilter('who'), v))).toEqual([true, true, true, true, true]);
    expect([-1, MAX_INT + 1, 'you', 'me ', 'mme'].map((v) => takes(AdminFilter('who'), v))).toEqual([false, false, false, false, false]);
  });

  it('integers between their bounds, 0 to the largest by default', () => {
    expect([-1, 0, MAX_INT, MAX_INT + 1].map((v) => takes(Int('n'), v))).toEqual([false, true, true, false]);
    expect([2, 3, 10, 11].map((v) => takes(Int('n', 3, 10), v))).toEqual([false, true, true, false]);
    expect([-1, 0, MAX_INT, MAX_INT + 1].map((v) => takes(Duration('d'), v))).toEqual([false, true, true, false]);
  });

  it('money from 0 to a billion, fractions included', () => {
    expect([-0.01, 0, 12.5, 1e9, 1e9 + 1].map((v) => takes(Money('m'), v))).toEqual([false, true, true, true, false]);
  });

  it('flags as booleans', () => {
    expect([true, false, 'true', 'maybe'].map((v) => takes(Bool('b'), v))).toEqual([true, true, true, false]);
  });

  it('text up to its length, 255 characters by default; names not blank', () => {
    expect(['', 'x'.repeat(255), 'x'.repeat(256)].map((v) => takes(Text('t'), v))).toEqual([true, true, false]);
    expect(['abc', 'abcd'].map((v) => takes(Text('t', 3), v))).toEqual([true, false]);
    expect(['', '   ', 'a', ' a ', 'x'.repeat(255), 'x'.repeat(256)].map((v) => takes(Name('n'), v))).toEqual([false, false, true, true, true, false]);
    expect(['ab', 'abc'].map((v) => takes(Name('n', 2), v))).toEqual([true, false]);
  });

  it('long text up to 65535 characters and 65535 bytes in UTF-8', () => {
    expect(takes(LongText('l'), 'x'.repeat(65535))).toBe(true);
    expect(takes(LongText('l'), 'x'.repeat(65536))).toBe(false);
    expect(takes(LongText('l'), 'é'.repeat(32768))).toBe(false);
  });

  it('choices from their list; configured values as text up to 64 characters, checked later against the config', () => {
    expect(['a', 'b', 'c'].map((v) => takes(Choice(['a', 'b'], 'c'), v))).toEqual([true, true, false]);
    expect(['Anything', 'x'.repeat(64), 'x'.repeat(65), 5].map((v) => takes(Configured('project_types', 'c'), v))).toEqual([true, true, false, true]);
    expect(Configured('project_types', 'c')).toMatchObject({ 'x-config': 'project_types' });
  });

  it('times from 1970 to the end of 9999, and null where nullable', () => {
    expect([-1, 0, 253_402_300_799, 253_402_300_800].map((v) => takes(Timestamp('t'), v))).toEqual([false, true, true, false]);
    expect([null, '', 'x'].map((v) => takes(Nullable(Int('n')), v))).toEqual([true, true, false]);
    expect(takes(Int('n'), null)).toBe(false);
  });

  it('params: the named ones required, the rest optional, unknown names refused', () => {
    const schema = Params({ a: Int('a'), b: Int('b') }, ['a']);
    expect(validateParams(schema, { a: '1' })).toEqual({ a: 1 });
    expect(() => validateParams(schema, { b: '1' })).toThrow(ApiError);
    expect(() => validateParams(schema, { a: '1', c: '1' })).toThrow(ApiError);
    expect(validateParams(Params({ a: Int('a') }), {})).toEqual({});
  });

  it('every kind carries its description for the method list', () => {
    for (const schema of [Id('d1'), RefId('d1'), Int('d1'), Bool('d1'), Text('d1'), Name('d1'), LongText('d1'), Duration('d1'), Money('d1'), Choice(['a'], 'd1'), Configured('x', 'd1')]) {
      expect(schema.description).toBe('d1');
    }
    expect(AdminFilter('d1').description).toContain('d1');
    expect(Timestamp('d1').description).toContain('d1');
  });
});

describe('reply shapes', () => {
  const check = (schema: object, value: unknown) => ajv.validate(schema, value);

  it('times are ISO 8601 text or null', () => {
    expect(check(IsoTime('t'), '2026-01-10T10:00:00Z')).toBe(true);
    expect(check(IsoTime('t'), null)).toBe(true);
    expect(check(IsoTime('t'), 'soon')).toBe(false);
    expect(check(IsoTime('t'), 5)).toBe(false);
  });

  it('a record under its key, a list under its plural with its data', () => {
    const record = Type.Object({ id: Type.Integer() });
    expect(check(singleReply('project', record), { project: { id: 1 } })).toBe(true);
    expect(check(singleReply('project', record), { project: { id: 'x' } })).toBe(false);
    expect(check(singleReply('project', record), {})).toBe(false);
    const data = { total: 1, page: 1, pages: 1, limit: 50, offset: 0, filters: {}, totals: { duration: 1 } };
    expect(check(listReply('projects', record), { data, projects: [{ id: 1 }] })).toBe(true);
    expect(check(listReply('projects', record), { data, projects: [{ id: 'x' }] })).toBe(false);
    expect(check(listReply('projects', record), { projects: [] })).toBe(false);
    expect(check(ListDataSchema, { ...data, total: 'one' })).toBe(false);
    expect(check(ListDataSchema, { total: 1 })).toBe(false);
  });

  it('flags stored as 1 read as true, anything else as false', () => {
    expect([1, 0, null, undefined, 2].map(flag)).toEqual([true, false, false, false, false]);
  });
});

describe('isRawReply', () => {
  it('tells a download from an envelope reply', () => {
    expect(isRawReply({ raw: true, status: 200, headers: {}, body: null })).toBe(true);
    for (const value of [null, undefined, {}, { raw: 1 }, { raw: 'true' }, 'raw', { project: {} }]) expect(isRawReply(value)).toBe(false);
  });
});

describe('setBounded', () => {
  it('keeps at most max entries, dropping the oldest, and a key set again becomes the newest', () => {
    const map = new Map<string, number>();
    setBounded(map, 'a', 1, 2);
    setBounded(map, 'b', 2, 2);
    expect([...map.keys()]).toEqual(['a', 'b']);
    setBounded(map, 'a', 3, 2);
    expect([...map.entries()]).toEqual([['b', 2], ['a', 3]]);
    setBounded(map, 'c', 4, 2);
    expect([...map.keys()]).toEqual(['a', 'c']);
  });
});

describe('throughDay', () => {
  it('takes a day given as its midnight to its last second, and leaves a time of day as it is', () => {
    expect(throughDay(0)).toBe(86_399);
    expect(throughDay(86_400 * 3)).toBe(86_400 * 4 - 1);
    expect(throughDay(86_400 * 3 + 1)).toBe(86_400 * 3 + 1);
    expect(throughDay(86_399)).toBe(86_399);
  });
});
