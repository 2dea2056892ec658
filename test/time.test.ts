import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIso } from '../src/engine/time.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** What the wire has always carried: Date's ISO form without milliseconds. */
const byDate = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const YEAR_10000 = 253_402_300_800;

describe('toIso', () => {
  it('formats whole seconds from 1970 to 9999 as Date does, without milliseconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: YEAR_10000 - 1 }), (seconds) => toIso(seconds) === byDate(seconds)), { numRuns: RUNS });
  });

  it('gets the edges of days, months, leap years and centuries right', () => {
    const edges = ['1970-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2000-02-29T12:00:00Z', '2000-03-01T00:00:00Z', '2024-02-29T23:59:59Z',
      '2100-02-28T23:59:59Z', '2100-03-01T00:00:00Z', '2400-02-29T00:00:00Z', '9999-12-31T23:59:59Z'];
    for (const iso of edges) expect(toIso(Date.parse(iso) / 1000)).toBe(iso);
  });

  it('leaves the rest to Date: before 1970, from year 10000, fractions (cut to the second), none', () => {
    expect(toIso(-1)).toBe('1969-12-31T23:59:59Z');
    expect(toIso(YEAR_10000)).toBe('+010000-01-01T00:00:00Z');
    expect(toIso(1_700_000_000.75)).toBe('2023-11-14T22:13:20Z');
    expect(toIso(null)).toBeNull();
    expect(toIso(undefined)).toBeNull();
  });

  it('reads a time no Date can hold as none instead of throwing (rows stored before inputs were bounded)', () => {
    expect(toIso(8_640_000_000_001)).toBeNull();
    expect(toIso(Number.MAX_SAFE_INTEGER)).toBeNull();
    expect(toIso(Number.NaN)).toBeNull();
  });
});
