import { Type, type Static } from '@sinclair/typebox';
import type { TopicRow } from '../db/types.js';
import type { ListSpec } from '../engine/lists.js';
import { IsoTime, toIso } from '../engine/records.js';
import { TEXT_COLUMN_BYTES } from '../engine/text.js';
import { AdminFilter, Choice, Id, RefId } from '../engine/types.js';

export const TOPIC_STATUSES = ['open', 'closed'] as const;
export const TOPIC_CLIENT_ACCESS = ['hidden', 'view', 'modify'] as const;

/** Title and body may not be blank: a post is its text. */
const Title = (description: string) => Type.String({ minLength: 1, maxLength: 255, description });
const Body = (description: string) => Type.String({ minLength: 1, maxLength: 65535, 'x-max-bytes': TEXT_COLUMN_BYTES, description });

/**
 * Fields a post may change. `status`, `client_access` and `action_id` belong to the thread: set on
 * any post, they change every post of the thread, so a thread never sits in two places at once.
 */
export const topicUpdateFields = {
  action_id: RefId('Action id in the project (0 = none); thread-level'),
  title: Title('Title (the thread title when set on the first post)'),
  body: Body('Text of the post'),
  status: Choice(TOPIC_STATUSES, 'open or closed; thread-level (a closed thread takes no replies)'),
  client_access: Choice(TOPIC_CLIENT_ACCESS, 'hidden, view or modify for the client; thread-level'),
};

export const topicCreateFields = {
  thread_id: RefId('Thread to reply to (its first post\'s topic_id); omit or 0 to start a new thread'),
  project_id: Id('Project id (a reply names its thread\'s project)'),
  ...topicUpdateFields,
  title: Title('Title; required for a new thread, a reply without one takes the thread\'s'),
};

export const topicFilters = {
  project_id: Id('Only posts of this project'),
  action_id: RefId('Only posts of this action (0 = posts tied to no action)'),
  thread_id: Id('Only posts of this thread'),
  status: Choice(TOPIC_STATUSES, 'Only open or closed threads'),
  client_access: Choice(TOPIC_CLIENT_ACCESS, 'Only threads with this client access'),
  author_adminid: AdminFilter('Only posts written by this admin'),
};

const { thread_id: _threadFilter, ...threadFilters } = topicFilters;
export { threadFilters };

const SORTABLE = ['topic_id', 'thread_id', 'project_id', 'action_id', 'title', 'status', 'created', 'modified'];

export const topicListSpec: ListSpec = {
  idColumn: 'topics.topic_id',
  sortable: Object.fromEntries(SORTABLE.map((f) => [f, `topics.${f}`])),
  searchColumns: ['topics.title', 'topics.body'],
  modifiedColumn: 'topics.modified',
};

/** Threads sort on their first post's columns; `posts` and `last_post` are computed per page, not sortable. */
export const threadListSpec: ListSpec = {
  ...topicListSpec,
  sortable: Object.fromEntries(SORTABLE.filter((f) => f !== 'thread_id').map((f) => [f, `topics.${f}`])),
};

const topicProperties = {
  topic_id: Id('Topic (post) id'),
  thread_id: Id('Thread id: the first post\'s topic_id'),
  project_id: Id('Project id'),
  action_id: Type.Integer({ description: '0 = none' }),
  title: Type.String(),
  body: Type.String(),
  status: Type.String({ description: 'open or closed (thread-level)' }),
  client_access: Type.String({ description: 'hidden, view or modify (thread-level)' }),
  author_adminid: Type.Integer(),
  created: IsoTime('Created'),
  modified: IsoTime('Last modified'),
};

export const TopicRecord = Type.Object(topicProperties);

export const TopicThreadRecord = Type.Object({
  ...topicProperties,
  posts: Type.Integer({ description: 'Posts in the thread, the first one included' }),
  last_post: IsoTime('When the latest post of the thread was written'),
});

export type Topic = Static<typeof TopicRecord>;
export type TopicThread = Static<typeof TopicThreadRecord>;
export type ThreadRow = TopicRow & { posts: number | string; last_post: number | string | null };

export function presentTopic(row: TopicRow): Topic {
  return {
    topic_id: row.topic_id,
    thread_id: row.thread_id,
    project_id: row.project_id,
    action_id: row.action_id,
    title: row.title,
    body: row.body,
    status: row.status,
    client_access: row.client_access,
    author_adminid: row.author_adminid,
    created: toIso(Number(row.created)),
    modified: toIso(Number(row.modified)),
  };
}

export function presentThread(row: ThreadRow): TopicThread {
  const lastPost = row.last_post === null ? null : Number(row.last_post);
  return { ...presentTopic(row), posts: Number(row.posts), last_post: toIso(lastPost) };
}
