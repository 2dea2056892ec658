import { afterEach, describe, expect, it, vi } from 'vitest';
import { nowSeconds, parseTimestamp } from '../src/engine/time.js';

/* The edges of time input test/time.test.ts leaves open: text around a date, the widest zones, the clock. */

const at = (iso: string) => Date.parse(iso) / 1000;

describe('parseTimestamp edges', () => {
  it('takes a date or a date and time only as the whole text, not inside a longer one', () => {
    for (const text of ['12026-01-10', 'x2026-01-10', '2026-01-10x', '12026-01-10T10:00:00Z', 'x2026-01-10 10:00', '2026-01-10T10:00:00Zjunk', '2026-01-10T10:00:00+01:00:00']) {
      expect(parseTimestamp(text), text).toBeNull();
    }
  });

  it('takes zones up to 23 hours and 59 minutes either way', () => {
    expect(parseTimestamp('2026-01-10T10:00:00+23:00')).toBe(at('2026-01-09T11:00:00Z'));
    expect(parseTimestamp('2026-01-10T10:00:00-01:59')).toBe(at('2026-01-10T11:59:00Z'));
    expect(parseTimestamp('2026-01-10T10:00:00+2359')).toBe(at('2026-01-09T10:01:00Z'));
  });
});

describe('nowSeconds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is the clock in whole unix seconds, rounded down', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_800_000_000_999);
    expect(nowSeconds()).toBe(1_800_000_000);
  });
});
