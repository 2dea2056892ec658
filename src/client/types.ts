/**
 * The SDK's types, taken from the server's own TypeBox schemas with type-only imports: the record
 * types from each resource's reply schema, the params from each method definition. Type-only, so no
 * server code reaches the client bundle, and the SDK's types change when the API does.
 */
import type { Static, TObject } from '@sinclair/typebox';
import type * as actionMethods from '../actions/methods.js';
import type * as adminMethods from '../admins/methods.js';
import type { AdminRecord } from '../admins/schemas.js';
import type { ActionRecord } from '../actions/schemas.js';
import type { ResourceDescription } from '../api/methods.js';
import type * as configMethods from '../settings/methods.js';
import type { Settings } from '../settings/settings.js';
import type { ListDataSchema } from '../engine/records.js';
import type * as fileMethods from '../files/methods.js';
import type { FileRecord, FileThreadRecord } from '../files/schemas.js';
import type * as projectMethods from '../projects/methods.js';
import type * as recurrenceMethods from '../recurrences/methods.js';
import type { RecurrenceRecord } from '../recurrences/schemas.js';
import type * as sessionMethods from '../sessions/methods.js';
import type { SessionRecord } from '../sessions/schemas.js';
import type { ProjectRecord } from '../projects/schemas.js';
import type * as ticketMethods from '../tickets/methods.js';
import type { TicketRecord } from '../tickets/schemas.js';
import type * as xrefMethods from '../ticket-links/methods.js';
import type { TicketXrefRecord } from '../ticket-links/schemas.js';
import type * as timelogMethods from '../timelogs/methods.js';
import type { TimelogRecord, TimelogTotals } from '../timelogs/schemas.js';
import type * as topicMethods from '../topics/methods.js';
import type { TopicRecord, TopicThreadRecord } from '../topics/schemas.js';

/** Timestamps may be given as ISO 8601 text, YYYY-MM-DD, unix seconds or a Date. */
export type When = string | number | Date;

/** A method's params as the SDK takes them: like the server's, but timestamps also as text or Date. */
export type Input<P> = {
  [K in keyof P]: K extends `date_${string}` | 'modified_since' ? Exclude<P[K], number> | When : P[K];
};

type ParamsOf<M> = M extends { readonly params: infer S extends TObject } ? Input<Static<S>> : never;

export type ListData = Static<typeof ListDataSchema>;
export type ResourceInfo = ResourceDescription;
export type Config = Settings;

export type Admin = Static<typeof AdminRecord>;
/** A browser session (never its token). */
export type Session = Static<typeof SessionRecord>;
export type Project = Static<typeof ProjectRecord>;
export type Action = Static<typeof ActionRecord>;
export type Topic = Static<typeof TopicRecord>;
export type TopicThread = Static<typeof TopicThreadRecord>;
export type TeamProFile = Static<typeof FileRecord>;
export type FileThread = Static<typeof FileThreadRecord>;
export type Timelog = Static<typeof TimelogRecord>;
/** A WHMCS ticket; in a project's or action's list it carries its `ticketxref` for that context. */
export type Ticket = Static<typeof TicketRecord>;
export type TicketXref = Static<typeof TicketXrefRecord>;
export type Recurrence = Static<typeof RecurrenceRecord>;
export type TimelogTotalsData = Static<typeof TimelogTotals>;

/** A page of a list: `data` (total, page, pages, limit, offset, filters) and the records under `K`. */
export type Page<K extends string, R, D = ListData> = { data: D } & { [P in K]: R[] };
/** A combined reply: the parent record under its key plus a page of the child list. */
export type Combined<PK extends string, P, K extends string, R, D = ListData> = Page<K, R, D> & { [Q in PK]: P };

export type TimelogPage = Page<'timelogs', Timelog, ListData & { totals: TimelogTotalsData }>;

export type FindAdminsParams = ParamsOf<typeof adminMethods.findAdmins>;
export type FindSessionsParams = ParamsOf<typeof sessionMethods.findSessions>;

export type FindProjectsParams = ParamsOf<typeof projectMethods.findProjects>;
export type CreateProjectParams = ParamsOf<typeof projectMethods.createProject>;
export type UpdateProjectParams = Omit<ParamsOf<typeof projectMethods.updateProject>, 'project_id'>;
export type CopyProjectParams = Omit<ParamsOf<typeof projectMethods.copyProject>, 'project_id'>;

export type FindActionsParams = ParamsOf<typeof actionMethods.findActions>;
export type CreateActionParams = ParamsOf<typeof actionMethods.createAction>;
export type UpdateActionParams = Omit<ParamsOf<typeof actionMethods.updateAction>, 'action_id'>;
export type CopyActionParams = Omit<ParamsOf<typeof actionMethods.copyAction>, 'action_id'>;

export type FindTopicsParams = ParamsOf<typeof topicMethods.findTopics>;
export type FindTopicThreadsParams = ParamsOf<typeof topicMethods.findTopicThreads>;
export type CreateTopicParams = ParamsOf<typeof topicMethods.createTopic>;
export type UpdateTopicParams = Omit<ParamsOf<typeof topicMethods.updateTopic>, 'topic_id'>;

export type FindFilesParams = ParamsOf<typeof fileMethods.findFiles>;
export type FindFileThreadsParams = ParamsOf<typeof fileMethods.findFileThreads>;
export type CreateFileParams = ParamsOf<typeof fileMethods.createFile>;
export type UpdateFileParams = Omit<ParamsOf<typeof fileMethods.updateFile>, 'file_id'>;

export type FindTicketsParams = ParamsOf<typeof ticketMethods.findWHMCSTickets>;

export type FindTicketXrefsParams = ParamsOf<typeof xrefMethods.findTicketXrefs>;
export type CreateTicketXrefParams = ParamsOf<typeof xrefMethods.createTicketXref>;
export type UpdateTicketXrefParams = Omit<ParamsOf<typeof xrefMethods.updateTicketXref>, 'xref_id'>;

export type FindTimelogsParams = ParamsOf<typeof timelogMethods.findTimelogs>;
export type CreateTimelogParams = ParamsOf<typeof timelogMethods.createTimelog>;
export type UpdateTimelogParams = Omit<ParamsOf<typeof timelogMethods.updateTimelog>, 'timelog_id'>;

export type FindRecurrencesParams = ParamsOf<typeof recurrenceMethods.findRecurrences>;
export type CreateRecurrenceParams = ParamsOf<typeof recurrenceMethods.createRecurrence>;
export type UpdateRecurrenceParams = Omit<ParamsOf<typeof recurrenceMethods.updateRecurrence>, 'recurrence_id'>;

export type ConfigParams = ParamsOf<typeof configMethods.getConfig>;
