/** Timestamps are unix seconds inside TeamPro and ISO 8601 UTC on the wire. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function toIso(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined) return null;
  // Whole seconds always print ".000": cut it off rather than search for it (lists format many dates).
  const iso = new Date(seconds * 1000).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
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
