/** Timestamps are unix seconds inside TeamPro and ISO 8601 UTC on the wire. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Year 10000 begins here: past it (and before 1970, or for fractions) the Date path formats. */
const FAST_ISO_LIMIT = 253_402_300_800;

/**
 * The times TeamPro takes: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z. Every database stores them
 * (BIGINT seconds), the wire writes them as four-digit-year ISO 8601, and Date formats them (it gives
 * up past year 275760), so a time accepted is always a time that can be read back.
 */
export const MIN_TIMESTAMP = 0;
export const MAX_TIMESTAMP = FAST_ISO_LIMIT - 1;

export const isStorableTime = (seconds: number): boolean => Number.isSafeInteger(seconds) && seconds >= MIN_TIMESTAMP && seconds <= MAX_TIMESTAMP;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

export function toIso(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined) return null;
  if (Number.isInteger(seconds) && seconds >= 0 && seconds < FAST_ISO_LIMIT) return isoFromWholeSeconds(seconds);
  const date = new Date(seconds * 1000);
  // A time no Date can hold (stored before inputs were bounded) reads as none instead of failing every reply that holds it.
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * ISO 8601 of whole unix seconds from 1970 to 9999, by arithmetic: lists format many dates, and
 * Date#toISOString costs about half a microsecond each (V8 formats it with printf).
 * Days to civil date after Howard Hinnant's `civil_from_days`.
 */
function isoFromWholeSeconds(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const secondOfDay = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const yyyy = TWO_DIGITS[Math.floor(year / 100)] + TWO_DIGITS[year % 100];
  return `${yyyy}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[secondOfDay % 60]}Z`;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an input timestamp (ISO 8601, YYYY-MM-DD, YYYY-MM-DD HH:MM:SS in UTC, or unix seconds); null
 * if it is none. The result may lie outside the storable range (`isStorableTime` says), so that a
 * caller can tell "not a time" from "a time TeamPro does not take".
 */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) return fromParts(dateOnly.slice(1, 4).map(Number), [0, 0, 0]);
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) return null;
  const [, y, mo, d, h, mi, s, zone] = dateTime;
  const base = fromParts([y, mo, d].map(Number), [Number(h), Number(mi), Number(s ?? 0)]);
  const offset = zoneOffsetSeconds(zone);
  if (base === null || offset === null) return null;
  return base - offset;
}

function fromParts([year, month, day]: number[], [hour, minute, second]: number[]): number | null {
  // A month or day out of range rolls the date over, which the check below catches; a time would roll silently.
  if (hour > 23 || minute > 59 || second > 59) return null;
  // Not Date.UTC: it reads years 0-99 as 1900-1999, which would turn year 0099 into a valid 1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return Math.floor(date.getTime() / 1000);
}

function zoneOffsetSeconds(zone: string | undefined): number | null {
  if (!zone || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const [hours, minutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2, 4))];
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 3600 + minutes * 60);
}
