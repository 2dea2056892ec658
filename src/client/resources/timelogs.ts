import { paginate } from '../paging.js';
import type { CreateTimelogParams, FindTimelogsParams, TimelogPage, Timelog, UpdateTimelogParams } from '../types.js';
import { Resource } from './base.js';

/** What a timer is started with: createTimelog's params without a stop or duration. */
export type StartTimerParams = Omit<CreateTimelogParams, 'date_stop' | 'duration'>;

/** timelogs: findTimelogs (with `data.totals`), createTimelog, getTimelog, updateTimelog, deleteTimelog, and timers. */
export class Timelogs extends Resource {
  list(params: FindTimelogsParams = {}): Promise<TimelogPage> {
    return this.page('findTimelogs', params);
  }

  iterate(params: FindTimelogsParams = {}): AsyncGenerator<Timelog, void, undefined> {
    return paginate((p: FindTimelogsParams) => this.list(p), 'timelogs', params);
  }

  get(timelogId: number): Promise<Timelog> {
    return this.one('getTimelog', { timelog_id: timelogId }, 'timelog');
  }

  create(params: CreateTimelogParams): Promise<Timelog> {
    return this.one('createTimelog', params, 'timelog');
  }

  update(timelogId: number, params: UpdateTimelogParams): Promise<Timelog> {
    return this.one('updateTimelog', { ...params, timelog_id: timelogId }, 'timelog');
  }

  delete(timelogId: number): Promise<Timelog> {
    return this.one('deleteTimelog', { timelog_id: timelogId }, 'timelog');
  }

  /** Starts a timer: a time log without date_stop and duration (status `active`), starting now unless date_start says otherwise. */
  start(params: StartTimerParams): Promise<Timelog> {
    return this.create(params);
  }

  /** Stops a running timer: date_stop = now (or the one given), duration = stop - start (or the one given). */
  stop(timelogId: number, params: Omit<UpdateTimelogParams, 'stop'> = {}): Promise<Timelog> {
    return this.update(timelogId, { ...params, stop: true });
  }
}
