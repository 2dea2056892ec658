/** Timestamps are unix seconds inside TeamPro and ISO 8601 UTC on the wire. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Year 10000 begins here: past it (and before 1970, or for fractions) the Date path formats. */
const FAST_ISO_LIMIT = 253_402_300_800;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

export function toIso(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined) return null;
  if (Number.isInteger(seconds) && seconds >= 0 && seconds < FAST_ISO_LIMIT) return isoFromWholeSeconds(seconds);
  const iso = new Date(seconds * 1000).toISOString();
  return iso.replace(/\.\d{3}Z$/, 'Z');
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

/** Parses an input timestamp (ISO 8601, YYYY-MM-DD, YYYY-MM-DD HH:MM:SS in UTC, or unix seconds); null if it is none. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return Number(text);
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) return fromParts(dateOnly.slice(1, 4).map(Number), [0, 0, 0]);
  const dateTime = DATE_TIME.exec(text);
  if (!dateTime) return null;
  const [, y, mo, d, h, mi, s, zone] = dateTime;
  const base = fromParts([y, mo, d].map(Number), [Number(h), Number(mi), Number(s ?? 0)]);
  if (base === null) return null;
  return base - zoneOffsetSeconds(zone);
}

function fromParts([year, month, day]: number[], [hour, minute, second]: number[]): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  return Math.floor(ms / 1000);
}

function zoneOffsetSeconds(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60);
}
