import fc from 'fast-check';

/**
 * Field values at and past the edges of what TeamPro takes: times around 1970 and 9999 (as seconds
 * and as ISO 8601 with zone offsets), integers around the 32-bit limits, amounts, and text with
 * surrogates, NUL, bidi controls and multi-byte characters at the length limits.
 */
export const LAST_SECOND = 253_402_300_799;
const INT_MAX = 2_147_483_647;

const two = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** `seconds` as local time in a zone `offsetMinutes` east of UTC, written with that zone. */
function isoWithOffset(seconds: number, offsetMinutes: number): string {
  const local = new Date((seconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${local}${sign}${two(Math.trunc(offsetMinutes / 60))}:${two(offsetMinutes % 60)}`;
}

/** What a field takes (its edges included) and what it must refuse, the most harmful values first among them. */
export interface FieldValues {
  readonly valid: fc.Arbitrary<unknown>;
  readonly invalid: fc.Arbitrary<unknown>;
}

export const time: FieldValues = {
  valid: fc.oneof(
    fc.constantFrom<unknown>(0, LAST_SECOND, String(LAST_SECOND), '9999-12-31T23:59:59Z', '9999-12-31T23:59:59+01:00', '1970-01-01', '1970-01-01T00:59:59+01:00', '2024-02-29T12:00:00+05:45', null),
    fc.integer({ min: 0, max: LAST_SECOND }),
    fc.integer({ min: LAST_SECOND - 200_000, max: LAST_SECOND }),
    fc.tuple(fc.integer({ min: 90_000, max: LAST_SECOND - 90_000 }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 })).map(([s, o]) => isoWithOffset(s, o)),
  ),
  invalid: fc.oneof(
    // Past year 275760 even Date cannot format these.
    { arbitrary: fc.constantFrom<unknown>(8_640_000_000_001, 2 ** 53, '86400000000000'), weight: 2 },
    { arbitrary: fc.integer({ min: 8_640_000_000_001, max: Number.MAX_SAFE_INTEGER }), weight: 2 },
    fc.constantFrom<unknown>(-1, LAST_SECOND + 1, 1.5, '', '999999999999', '9999-12-31T23:59:59-00:01', '1970-01-01T00:00:00+00:01', '0099-12-31', '10000-01-01'),
    fc.tuple(fc.integer({ min: -90_000, max: -1 }), fc.integer({ min: -23 * 60, max: 23 * 60 })).map(([s, o]) => isoWithOffset(s, o)),
  ),
};

const INT_EDGES = [-1, INT_MAX + 1, -INT_MAX - 2, 2 ** 53, 1e20, 0.5, 'x', -(2 ** 53)];

/** An integer field taking `min` to `max`. */
export const intIn = (min: number, max: number): FieldValues => ({
  valid: fc.oneof(fc.constantFrom(min, max, String(max)), fc.integer({ min, max })),
  invalid: fc.oneof(fc.constantFrom(min - 1, max + 1, ...INT_EDGES), fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER })),
});

export const refId = intIn(0, INT_MAX);
export const duration = intIn(0, INT_MAX);

export const money: FieldValues = {
  valid: fc.oneof(fc.constantFrom<unknown>(0, 1e9, 5e-324, 2.2250738585072014e-309, 0.005, 123.456, null, '12.5'), fc.double({ min: 0, max: 1e9, noNaN: true })),
  invalid: fc.constantFrom(1e9 + 0.01, -0.01, 1e300, 'x'),
};

/**
 * A long text, sent as itself (JSON.stringify calls toJSON) but shown as `"😀"×16384` in a failure
 * report, which would otherwise print every character.
 */
class Repeated {
  constructor(
    readonly unit: string,
    readonly times: number,
    readonly tail: string,
  ) {}
  toJSON(): string {
    return this.unit.repeat(this.times) + this.tail;
  }
  [fc.toStringMethod](): string {
    return `${JSON.stringify(this.unit)}×${this.times}${this.tail ? ` + ${JSON.stringify(this.tail)}` : ''}`;
  }
}
const repeated = (unit: string, times: number, tail = '') => new Repeated(unit, times, tail);

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** Text of at most `limit` characters. */
export const text = (limit: number): FieldValues => ({
  valid: fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.constantFrom('rtl\u202etxt.exe', 'line\u2028sep', '\u200f\u2066mixed\u2069', '<x>&amp;]]>', '\u0007bell', repeated('😀', limit), repeated('a', limit)),
  ),
  invalid: fc.oneof(
    fc.constantFrom('a\ud800', '\udc00b', '\ud83d', 'x\u0000y', repeated('😀', limit + 1), repeated('a', limit + 1), repeated('a', limit - 1, '\ud800')),
    fc.string({ unit: codeUnit, minLength: 1, maxLength: 12 }).map((s) => `${s}\ud800`),
  ),
});

/** TEXT columns: 65535 characters, and 65535 bytes on MySQL/MariaDB. */
export const longText: FieldValues = {
  valid: fc.oneof(text(20).valid, fc.constantFrom(repeated('😀', 16_383, 'abc'), repeated('a', 65_535), repeated('é', 32_767))),
  invalid: fc.oneof(text(20).invalid, fc.constantFrom(repeated('😀', 16_384), repeated('a', 65_536), repeated('é', 32_768))),
};

/**
 * Some of `fields`, valid, and in about half the writes one of them replaced by a value it must
 * refuse: one hostile value at a time, so no other refusal hides what it would do.
 */
export function someOf(fields: Record<string, FieldValues>): fc.Arbitrary<Record<string, unknown>> {
  const valid = fc.record(Object.fromEntries(Object.entries(fields).map(([key, values]) => [key, values.valid])), { requiredKeys: [] });
  const hostile = fc.constantFrom(...Object.keys(fields)).chain((key) => fields[key].invalid.map((value) => ({ [key]: value })));
  return fc.tuple(valid, fc.option(hostile, { nil: undefined })).map(([params, bad]) => ({ ...params, ...bad }));
}
