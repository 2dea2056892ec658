import { paginate } from '../paging.js';
import type { CreateRecurrenceParams, FindRecurrencesParams, Page, Recurrence, UpdateRecurrenceParams } from '../types.js';
import { Resource } from './base.js';

/** recurrences: actions copied, with their sub-actions, at each occurrence of an RFC 5545 rule. */
export class Recurrences extends Resource {
  list(params: FindRecurrencesParams = {}): Promise<Page<'recurrences', Recurrence>> {
    return this.page('findRecurrences', params);
  }

  iterate(params: FindRecurrencesParams = {}): AsyncGenerator<Recurrence, void, undefined> {
    return paginate((p: FindRecurrencesParams) => this.list(p), 'recurrences', params);
  }

  get(recurrenceId: number): Promise<Recurrence> {
    return this.one('getRecurrence', { recurrence_id: recurrenceId }, 'recurrence');
  }

  /** Repeats an action: `{ action_id, rule: 'FREQ=MONTHLY;BYMONTHDAY=1' }`, optionally from `starts`. */
  create(params: CreateRecurrenceParams): Promise<Recurrence> {
    return this.one('createRecurrence', params, 'recurrence');
  }

  update(recurrenceId: number, params: UpdateRecurrenceParams): Promise<Recurrence> {
    return this.one('updateRecurrence', { ...params, recurrence_id: recurrenceId }, 'recurrence');
  }

  /** Stops the recurrence; the copies it made stay. */
  delete(recurrenceId: number): Promise<Recurrence> {
    return this.one('deleteRecurrence', { recurrence_id: recurrenceId }, 'recurrence');
  }
}
