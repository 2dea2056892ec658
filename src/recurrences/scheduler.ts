import type { Kysely } from 'kysely';
import { copyActionLocked } from '../actions/copy.js';
import { inTransaction } from '../db/dialect.js';
import type { Database, RecurrenceRow } from '../db/types.js';
import { nowSeconds } from '../engine/time.js';
import { ApiError } from '../errors.js';
import { lockProject } from '../projects/repository.js';
import type { Settings, SettingsCache } from '../settings/settings.js';
import { claimOccurrence, deleteRecurrenceRow, dueRecurrences, updateRecurrenceRow } from './repository.js';
import { occurrenceFrom, parsedRule } from './rule.js';

/** Occurrences made per tick at most: a backlog (the server was down a while) drains over a few ticks. */
const PER_TICK = 100;

export interface SchedulerDeps {
  readonly db: Kysely<Database>;
  readonly settings: SettingsCache;
  readonly warn: (message: string) => void;
}

/** What one occurrence came to. */
export type Outcome = 'made' | 'taken' | 'skipped' | 'ended';

/**
 * Makes every occurrence due at `now` (oldest first, one per recurrence and run, so a recurrence that
 * missed several makes them over the next runs). Safe to run in every worker and instance at once:
 * each occurrence is claimed in the transaction that makes its copy.
 */
export async function makeDueOccurrences(deps: SchedulerDeps, now: number): Promise<Outcome[]> {
  const settings = await deps.settings.get(deps.db);
  const outcomes: Outcome[] = [];
  for (const row of await dueRecurrences(deps.db, now, PER_TICK)) outcomes.push(await makeOccurrence(deps, settings, row, now));
  return outcomes;
}

async function makeOccurrence(deps: SchedulerDeps, settings: Settings, row: RecurrenceRow, now: number): Promise<Outcome> {
  const due = Number(row.next_at);
  const next = occurrenceFrom(parsedRule(row.rule, Number(row.starts)), due, false);
  try {
    return await inTransaction(deps.db, async (db) => {
      // The project first, as every writer in it does, then the claim: no lock is ever taken the other way round.
      await lockProject(db, row.project_id);
      if (!(await claimOccurrence(db, row, next, now))) return 'taken';
      // The recurrence was allowed when it was set; its occurrences are the system's writes.
      const caller = { id: row.created_by, username: 'recurrence', access: 'super' as const };
      const copy = await copyActionLocked({ db, caller, settings, now }, { action_id: row.action_id, date_start: due }, row.project_id);
      await updateRecurrenceRow(db, row.recurrence_id, { last_action_id: copy.action_id });
      return 'made';
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return passOver(deps, row, next, now, error);
  }
}

/**
 * An occurrence the rules refuse (the project archived, the copy too deep or its dates out of range)
 * is passed over, so the recurrence goes on with the next; a recurrence whose action is gone ends.
 */
async function passOver(deps: SchedulerDeps, row: RecurrenceRow, next: number | null, now: number, error: ApiError): Promise<Outcome> {
  const what = `Recurrence ${row.recurrence_id} (action ${row.action_id}, project ${row.project_id})`;
  if (error.status === 404) {
    await deleteRecurrenceRow(deps.db, row.recurrence_id);
    deps.warn(`${what} ended: ${error.message}`);
    return 'ended';
  }
  await inTransaction(deps.db, async (db) => {
    await lockProject(db, row.project_id);
    await claimOccurrence(db, row, next, now, true);
  });
  deps.warn(`${what} passed over its occurrence at ${new Date(Number(row.next_at) * 1000).toISOString()}: ${error.message}`);
  return 'skipped';
}

/** Runs `makeDueOccurrences` every `seconds` until the returned stop is called; a failed run is logged and retried at the next. */
export function startScheduler(deps: SchedulerDeps, seconds: number, error: (message: string) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    makeDueOccurrences(deps, nowSeconds())
      .catch((failure: unknown) => error(`Recurrences: ${failure instanceof Error ? failure.message : String(failure)}`))
      .finally(() => (running = false));
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
