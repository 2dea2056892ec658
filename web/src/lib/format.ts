/** Dates, durations and numbers in the browser's locale. */
import { differenceInCalendarDays, format, formatDistanceToNowStrict, parseISO } from 'date-fns';

const locale = typeof navigator === 'undefined' ? 'en' : navigator.language;
const dateFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat(locale);
const moneyFormat = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A calendar date (the API's dates are midnight UTC for a day), or an em dash for none. */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(parseISO(iso)) : '—';
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(parseISO(iso)) : '—';
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

export function formatMoney(value: number): string {
  return moneyFormat.format(value);
}

/** Seconds as hours and minutes: 5400 → "1 h 30 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!seconds) return '0 min';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${numberFormat.format(hours)} h` : `${numberFormat.format(hours)} h ${minutes} min`;
}

/** A running clock: 3725 → "1:02:05". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** The YYYY-MM-DD of an API date, for date inputs (UTC, as the API stores days). */
export function toDateInput(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/** An ISO instant as a local datetime-local input value. */
export function toDateTimeInput(iso: string | null | undefined): string {
  return iso ? format(parseISO(iso), "yyyy-MM-dd'T'HH:mm") : '';
}

/** A datetime-local input value (local time) as an ISO instant. */
export function fromDateTimeInput(value: string): string {
  return new Date(value).toISOString();
}

export function relativeDays(iso: string): string {
  const days = differenceInCalendarDays(parseISO(iso), new Date());
  if (days === 0) return 'today';
  return formatDistanceToNowStrict(parseISO(iso), { addSuffix: true, unit: 'day' });
}
