import rrule from 'rrule';
import { ApiError, invalidParams } from '../errors.js';
import { isStorableTime } from '../engine/time.js';

const { RRule } = rrule;

/**
 * The RFC 5545 parts a rule may use. DTSTART is the recurrence's own `starts`, and the rest (BYHOUR,
 * BYMINUTE, BYSECOND, BYEASTER…) either repeat more often than an action needs or are not standard.
 */
const PART = /^(FREQ|INTERVAL|COUNT|UNTIL|BYDAY|BYMONTHDAY|BYMONTH|BYSETPOS|BYWEEKNO|BYYEARDAY|WKST)=[A-Z0-9,+-]{1,100}$/;
/** A copy at most every hour: a rule that repeats faster would fill a project in a day. */
const FASTEST = RRule.HOURLY;
const MAX_INTERVAL = 1000;

const ruleError = (message: string) => invalidParams([{ param: 'rule', message }]);

/** A rule as sent (`FREQ=MONTHLY;BYMONTHDAY=1`), checked part by part, in upper case; 400 on `rule` otherwise. */
export function normalRule(text: string): string {
  const rule = text.trim().replace(/^RRULE:/i, '').toUpperCase();
  const parts = rule.split(';').filter((part) => part !== '');
  const bad = parts.find((part) => !PART.test(part));
  if (bad !== undefined) throw ruleError(`"${bad.slice(0, 40)}" is not a rule part TeamPro takes (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, BYWEEKNO, BYYEARDAY, WKST)`);
  if (!parts.some((part) => part.startsWith('FREQ='))) throw ruleError('needs a FREQ (YEARLY, MONTHLY, WEEKLY, DAILY or HOURLY)');
  const names = parts.map((part) => part.split('=')[0]);
  if (new Set(names).size !== names.length) throw ruleError('names a part twice');
  return parts.join(';');
}

/** The rule with its first occurrence, refused (400 on `rule`) when the library cannot read it or it repeats too fast. */
export function parsedRule(rule: string, starts: number): InstanceType<typeof RRule> {
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(normalRule(rule));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw ruleError(`cannot be read: ${(error as Error).message}`);
  }
  if (options.freq === undefined || options.freq > FASTEST) throw ruleError('repeats more often than hourly; the fastest is FREQ=HOURLY');
  for (const [name, value] of [['INTERVAL', options.interval], ['COUNT', options.count]] as const) {
    if (value !== undefined && value !== null && !(Number.isInteger(value) && value >= 1 && value <= MAX_INTERVAL)) {
      throw ruleError(`${name} must be a whole number from 1 to ${MAX_INTERVAL}`);
    }
  }
  return new RRule({ ...options, dtstart: new Date(starts * 1000) });
}

/** The first occurrence at or after `from` (unix seconds), or null when the rule has no more that TeamPro can store. */
export function occurrenceFrom(rule: InstanceType<typeof RRule>, from: number, inclusive: boolean): number | null {
  const next = rule.after(new Date(from * 1000), inclusive);
  if (!next) return null;
  const seconds = Math.floor(next.getTime() / 1000);
  return isStorableTime(seconds) ? seconds : null;
}

/** The next `count` occurrences from `from` (inclusive): what a recurrence will make next. */
export function upcoming(rule: InstanceType<typeof RRule>, from: number, count: number): number[] {
  const out: number[] = [];
  for (let at = occurrenceFrom(rule, from, true); at !== null && out.length < count; at = occurrenceFrom(rule, at, false)) out.push(at);
  return out;
}
