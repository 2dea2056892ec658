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

/** Mostly values that should pass (edges included), now and then one that should not: writes then pass often enough to be read back. */
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 });

const validTime = fc.oneof(
  fc.constantFrom<unknown>(0, LAST_SECOND, String(LAST_SECOND), '9999-12-31T23:59:59Z', '9999-12-31T23:59:59+01:00', '1970-01-01', '1970-01-01T00:59:59+01:00', '2024-02-29T12:00:00+05:45', null),
  fc.integer({ min: 0, max: LAST_SECOND }),
  fc.integer({ min: LAST_SECOND - 200_000, max: LAST_SECOND }),
  fc.tuple(fc.integer({ min: 90_000, max: LAST_SECOND - 90_000 }), fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 })).map(([s, o]) => isoWithOffset(s, o)),
);
const invalidTime = fc.oneof(
  fc.constantFrom<unknown>(-1, LAST_SECOND + 1, 8_640_000_000_001, 2 ** 53, 1.5, '', '999999999999', '9999-12-31T23:59:59-00:01', '1970-01-01T00:00:00+00:01', '0099-12-31', '10000-01-01'),
  fc.integer({ min: LAST_SECOND + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.tuple(fc.integer({ min: -90_000, max: -1 }), fc.integer({ min: -23 * 60, max: 23 * 60 })).map(([s, o]) => isoWithOffset(s, o)),
);
export const timeValue = mostly(validTime, invalidTime);

const INT_EDGES = [-1, 0, 1, 2, 3, 100, 101, INT_MAX, INT_MAX + 1, -INT_MAX - 1, -INT_MAX - 2, 2 ** 53, 1e20, 0.5, '7', null];

/** An integer field taking `min` to `max`. */
export const intIn = (min: number, max: number) => mostly(fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max })), fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer()));

export const refId = intIn(0, INT_MAX);
export const durationValue = fc.oneof(intIn(0, INT_MAX), fc.integer({ min: 0, max: 100_000 }));

export const moneyValue = mostly(
  fc.oneof(fc.constantFrom<unknown>(0, 1e9, 5e-324, 2.2250738585072014e-309, 0.005, 123.456, null, '12.5'), fc.double({ min: 0, max: 1e9, noNaN: true })),
  fc.constantFrom(1e9 + 0.01, -0.01, 1e300, 'x'),
);

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

const storableText = (limit: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.constantFrom('rtl\u202etxt.exe', 'line\u2028sep', '\u200f\u2066mixed\u2069', '<x>&amp;]]>', '\u0007bell', repeated('😀', limit), repeated('a', limit)),
  );
const unstorableText = (limit: number) =>
  fc.oneof(
    fc.string({ unit: codeUnit, minLength: 1, maxLength: 12 }),
    fc.constantFrom('a\ud800', '\udc00b', '\ud83d', 'x\u0000y', ' ', '', repeated('😀', limit + 1), repeated('a', limit + 1), repeated('a', limit - 1, '\ud800')),
  );

export const textValue = (limit: number) => mostly(storableText(limit), unstorableText(limit));

/** TEXT columns: 65535 characters, and 65535 bytes on MySQL/MariaDB. */
export const longTextValue = mostly(
  fc.oneof(storableText(20), fc.constantFrom(repeated('😀', 16_383, 'abc'), repeated('a', 65_535), repeated('é', 32_767))),
  fc.oneof(unstorableText(20), fc.constantFrom(repeated('😀', 16_384), repeated('a', 65_536), repeated('é', 32_768))),
);

/** A record of optional fields, each drawn from its arbitrary. */
export const someOf = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.record(fields, { requiredKeys: [] });
