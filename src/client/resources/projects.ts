import { paginate } from '../paging.js';
import type {
  Action, Combined, CopyProjectParams, CreateProjectParams, FindActionsParams, FindFilesParams, FindProjectsParams, FindTicketsParams,
  FindTimelogsParams, FindTopicsParams, Page, Project, TeamProFile, Ticket, Timelog, TimelogTotalsData, Topic,
  UpdateProjectParams, ListData,
} from '../types.js';
import { Resource } from './base.js';

type In<P> = Omit<P, 'project_id'>;
type WithProject<K extends string, R, D = ListData> = Combined<'project', Project, K, R, D>;

/** projects: findProjects, createProject, getProject, updateProject, deleteProject, copyProject and the combined lists. */
export class Projects extends Resource {
  list(params: FindProjectsParams = {}): Promise<Page<'projects', Project>> {
    return this.page('findProjects', params);
  }

  /** Every matching project, fetching pages as the loop goes: `for await (const p of client.projects.iterate())`. */
  iterate(params: FindProjectsParams = {}): AsyncGenerator<Project, void, undefined> {
    return paginate((p: FindProjectsParams) => this.list(p), 'projects', params);
  }

  get(projectId: number): Promise<Project> {
    return this.one('getProject', { project_id: projectId }, 'project');
  }

  create(params: CreateProjectParams): Promise<Project> {
    return this.one('createProject', params, 'project');
  }

  update(projectId: number, params: UpdateProjectParams): Promise<Project> {
    return this.one('updateProject', { ...params, project_id: projectId }, 'project');
  }

  /** Deletes the project and everything in it; returns the project as it was. */
  delete(projectId: number): Promise<Project> {
    return this.one('deleteProject', { project_id: projectId }, 'project');
  }

  /**
   * A new project made from this one (a template, say): its fields and its action tree, the dates
   * moved when `date_start` is given, every action started afresh; time logs, topics, files and
   * ticket links stay behind. Returns the new project.
   */
  copy(projectId: number, params: CopyProjectParams): Promise<Project> {
    return this.one('copyProject', { ...params, project_id: projectId }, 'project');
  }

  actions(projectId: number, params: In<FindActionsParams> = {}): Promise<WithProject<'actions', Action>> {
    return this.page('getProjectActions', { ...params, project_id: projectId });
  }

  topics(projectId: number, params: In<FindTopicsParams> = {}): Promise<WithProject<'topics', Topic>> {
    return this.page('getProjectTopics', { ...params, project_id: projectId });
  }

  files(projectId: number, params: In<FindFilesParams> = {}): Promise<WithProject<'files', TeamProFile>> {
    return this.page('getProjectFiles', { ...params, project_id: projectId });
  }

  /** The project's WHMCS tickets, each with its `ticketxref` for this project. */
  tickets(projectId: number, params: In<FindTicketsParams> = {}): Promise<WithProject<'whmcstickets', Ticket>> {
    return this.page('getProjectTickets', { ...params, project_id: projectId });
  }

  timelogs(projectId: number, params: In<FindTimelogsParams> = {}): Promise<WithProject<'timelogs', Timelog, ListData & { totals: TimelogTotalsData }>> {
    return this.page('getProjectTimelogs', { ...params, project_id: projectId });
  }
}
