import type { TimelogRow } from '../db/types.js';
import { MAX_INT } from '../engine/types.js';
import { MAX_TIMESTAMP } from '../engine/time.js';
import { conflict, invalidParams } from '../errors.js';

/**
 * The start/stop/duration rules of a time log, without the database. A log is either a running timer
 * (no stop, no duration: status `active`) or complete (both known). The stored row always keeps this
 * invariant, so `status`, `elapsed` and totals can trust it.
 */
export interface Timing {
  date_start: number;
  date_stop: number | null;
  duration: number | null;
  status: 'active' | 'complete';
}

export interface TimingInput {
  date_start?: number;
  date_stop?: number | null;
  duration?: number | null;
}

/**
 * From what is known, the whole timing: a missing stop is start + duration, a missing duration stop − start.
 * What is computed keeps the limits of what may be sent: a stop within the time range, a duration
 * within a duration's maximum.
 */
export function settleTiming(start: number, stop: number | null, duration: number | null): Timing {
  if (stop === null && duration === null) return { date_start: start, date_stop: null, duration: null, status: 'active' };
  const settledStop = stop ?? start + (duration ?? 0);
  if (settledStop < start) throw invalidParams([{ param: 'date_stop', message: 'must not be before date_start' }]);
  if (settledStop > MAX_TIMESTAMP) {
    throw invalidParams([{ param: 'duration', message: 'is too long: date_start + duration would end after 9999-12-31T23:59:59Z' }]);
  }
  const settledDuration = duration ?? settledStop - start;
  if (settledDuration > MAX_INT) {
    throw invalidParams([{ param: 'date_stop', message: `is too far from date_start: a time log lasts at most ${MAX_INT} seconds` }]);
  }
  return { date_start: start, date_stop: settledStop, duration: settledDuration, status: 'complete' };
}

/** createTimelog: no date_stop and no duration starts a timer at date_start (default now). */
export function timingForCreate(input: TimingInput, now: number): Timing {
  return settleTiming(input.date_start ?? now, input.date_stop ?? null, input.duration ?? null);
}

/** updateTimelog with `stop: true`: a running timer ends now (or at the date_stop given). */
export function timingForStop(current: TimelogRow, input: TimingInput, now: number): Timing {
  if (current.status !== 'active') {
    throw conflict(`Time log ${current.timelog_id} is not running; only a running timer can be stopped`);
  }
  return settleTiming(input.date_start ?? Number(current.date_start), input.date_stop ?? now, input.duration ?? null);
}

/**
 * updateTimelog without `stop`: the fields given replace the stored ones. Moving date_start or date_stop
 * recomputes the duration from them unless a duration is given too; otherwise the stored duration
 * (which may differ from the span, e.g. for breaks) is kept.
 */
export function timingForUpdate(current: TimelogRow, input: TimingInput): Timing {
  const start = input.date_start ?? Number(current.date_start);
  const stop = input.date_stop !== undefined ? input.date_stop : current.date_stop === null ? null : Number(current.date_stop);
  const spanChanged = input.date_start !== undefined || input.date_stop !== undefined;
  const kept = spanChanged || current.duration === null ? null : Number(current.duration);
  return settleTiming(start, stop, input.duration !== undefined ? input.duration : kept);
}
