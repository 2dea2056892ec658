import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableTime, MAX_TIMESTAMP, parseTimestamp, toIso } from '../src/engine/time.js';

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

describe('parseTimestamp', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;

  it('reads unix seconds as a number or as digits, whole ones only', () => {
    expect(parseTimestamp(1_700_000_000)).toBe(1_700_000_000);
    expect(parseTimestamp(' 1700000000 ')).toBe(1_700_000_000);
    expect(parseTimestamp(1.5)).toBeNull();
    expect(parseTimestamp('-5')).toBeNull();
    expect(parseTimestamp(null)).toBeNull();
    expect(parseTimestamp({})).toBeNull();
  });

  it('reads a date, a date and time in UTC, and ISO 8601 with a zone', () => {
    expect(parseTimestamp('2026-11-28')).toBe(at('2026-11-28T00:00:00Z'));
    expect(parseTimestamp('2026-11-28 09:30:15')).toBe(at('2026-11-28T09:30:15Z'));
    expect(parseTimestamp('2026-11-28T09:30')).toBe(at('2026-11-28T09:30:00Z'));
    expect(parseTimestamp('2026-11-28T09:30:15.250Z')).toBe(at('2026-11-28T09:30:15Z'));
    expect(parseTimestamp('2026-11-28T09:30:00+02:00')).toBe(at('2026-11-28T07:30:00Z'));
    expect(parseTimestamp('2026-11-28T09:30:00-0530')).toBe(at('2026-11-28T15:00:00Z'));
    expect(parseTimestamp('2026-11-28T09:30:00-05:45')).toBe(at('2026-11-28T15:15:00Z'));
  });

  it('refuses what is not a time: impossible months, days, hours, minutes, seconds and zones', () => {
    for (const text of ['2026-00-10', '2026-13-10', '2026-02-30', '2026-04-31', '2026-01-00', '2026-01-32', '2026-01-10 24:00:00',
      '2026-01-10 10:60:00', '2026-01-10 10:00:60', '2026-01-10T10:00:00+24:00', '2026-01-10T10:00:00+01:60', '28.11.2026', 'tomorrow', '']) {
      expect(parseTimestamp(text), text).toBeNull();
    }
    expect(parseTimestamp('2024-02-29')).toBe(at('2024-02-29T00:00:00Z'));
    expect(parseTimestamp('2026-12-31 23:59:59')).toBe(at('2026-12-31T23:59:59Z'));
  });

  it('reads years 0000-0099 as written, for isStorableTime to refuse, and tells the storable range', () => {
    expect(parseTimestamp('0099-12-31')).toBe(Date.parse('0099-12-31T00:00:00Z') / 1000);
    expect(isStorableTime(parseTimestamp('0099-12-31')!)).toBe(false);
    expect([isStorableTime(0), isStorableTime(-1), isStorableTime(MAX_TIMESTAMP), isStorableTime(MAX_TIMESTAMP + 1), isStorableTime(1.5)]).toEqual([true, false, true, false, false]);
    expect(parseTimestamp('9999-12-31T23:59:59Z')).toBe(MAX_TIMESTAMP);
    expect(isStorableTime(parseTimestamp('9999-12-31T23:59:59-00:01')!)).toBe(false);
  });
});
