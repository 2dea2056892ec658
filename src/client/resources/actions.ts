import { paginate } from '../paging.js';
import type {
  Action, Combined, CopyActionParams, CreateActionParams, FindActionsParams, FindFilesParams, FindTicketsParams, FindTimelogsParams,
  FindTopicsParams, ListData, Page, TeamProFile, Ticket, Timelog, TimelogTotalsData, Topic, UpdateActionParams,
} from '../types.js';
import { Resource } from './base.js';

type In<P> = Omit<P, 'action_id'>;
type WithAction<K extends string, R, D = ListData> = Combined<'action', Action, K, R, D>;

/** actions (milestones, groups, tasks): findActions, createAction, getAction, updateAction, deleteAction, copyAction and the combined lists. */
export class Actions extends Resource {
  list(params: FindActionsParams = {}): Promise<Page<'actions', Action>> {
    return this.page('findActions', params);
  }

  iterate(params: FindActionsParams = {}): AsyncGenerator<Action, void, undefined> {
    return paginate((p: FindActionsParams) => this.list(p), 'actions', params);
  }

  get(actionId: number): Promise<Action> {
    return this.one('getAction', { action_id: actionId }, 'action');
  }

  create(params: CreateActionParams): Promise<Action> {
    return this.one('createAction', params, 'action');
  }

  update(actionId: number, params: UpdateActionParams): Promise<Action> {
    return this.one('updateAction', { ...params, action_id: actionId }, 'action');
  }

  /** Deletes the action and its sub-actions; returns the action as it was. */
  delete(actionId: number): Promise<Action> {
    return this.one('deleteAction', { action_id: actionId }, 'action');
  }

  /**
   * Copies the action with its sub-actions, started afresh: beside it by default, or to the end of
   * `parent_action_id` in `project_id`; `date_start` moves the copy's dates. Returns the copied action.
   */
  copy(actionId: number, params: CopyActionParams = {}): Promise<Action> {
    return this.one('copyAction', { ...params, action_id: actionId }, 'action');
  }

  topics(actionId: number, params: In<FindTopicsParams> = {}): Promise<WithAction<'topics', Topic>> {
    return this.page('getActionTopics', { ...params, action_id: actionId });
  }

  files(actionId: number, params: In<FindFilesParams> = {}): Promise<WithAction<'files', TeamProFile>> {
    return this.page('getActionFiles', { ...params, action_id: actionId });
  }

  tickets(actionId: number, params: In<FindTicketsParams> = {}): Promise<WithAction<'whmcstickets', Ticket>> {
    return this.page('getActionTickets', { ...params, action_id: actionId });
  }

  timelogs(actionId: number, params: In<FindTimelogsParams> = {}): Promise<WithAction<'timelogs', Timelog, ListData & { totals: TimelogTotalsData }>> {
    return this.page('getActionTimelogs', { ...params, action_id: actionId });
  }
}
