import { actionAt, placeOf, writableAt, writableFrom, writableMove } from '../access/placement.js';
import type { TopicRow } from '../db/types.js';
import { runList, whereEquals } from '../engine/lists.js';
import type { CallContext } from '../engine/method.js';
import { badRequest, conflict, invalidParams, notFound } from '../errors.js';
import { touchProject } from '../projects/repository.js';
import type { TopicCreateParams, TopicListParams, TopicThreadListParams, TopicUpdateParams } from './methods.js';
import {
  deletePostOrThread,
  findVisibleTopic,
  insertTopic,
  loadTopic,
  updatePost,
  updateThread,
  visibleThreads,
  visibleTopics,
} from './repository.js';
import { presentThread, presentTopic, threadListSpec, topicListSpec, type ThreadRow } from './schemas.js';

/*
 * Every write touches the project's activity before it writes any post: that takes the project row's
 * lock first, in the same order as the action writers (project, then what hangs off it), so writers
 * in one project queue up instead of deadlocking.
 */

export async function getVisibleTopic(ctx: CallContext, topicId: number): Promise<TopicRow> {
  const topic = await findVisibleTopic(ctx.db, ctx.caller, topicId);
  if (!topic) throw notFound('Topic', topicId);
  return topic;
}

export async function findTopics(ctx: CallContext, params: TopicListParams) {
  const query = whereEquals(visibleTopics(ctx.db, ctx.caller).selectAll('topics'), 'topics', params);
  const { rows, data } = await runList(query, topicListSpec, params, ctx.settings);
  return { data, topics: rows.map(presentTopic) };
}

export async function findTopicThreads(ctx: CallContext, params: TopicThreadListParams) {
  const query = whereEquals(visibleThreads(ctx.db, ctx.caller), 'topics', params);
  const { rows, data } = await runList(query, threadListSpec, params, ctx.settings);
  return { data, topics: (rows as ThreadRow[]).map(presentThread) };
}

export async function createTopic(ctx: CallContext, input: TopicCreateParams): Promise<TopicRow> {
  if (input.thread_id) return createReply(ctx, { ...input, thread_id: input.thread_id });
  if (input.title === undefined) throw invalidParams([{ param: 'title', message: 'is required for a new thread' }]);
  const actionId = input.action_id ?? 0;
  const place = { projectId: input.project_id, actionId };
  await writableAt(ctx, place);
  await actionAt(ctx, place);
  await touchProject(ctx.db, input.project_id, ctx.now);
  const id = await insertTopic(ctx.db, {
    thread_id: 0,
    project_id: input.project_id,
    action_id: actionId,
    title: input.title,
    body: input.body,
    status: input.status ?? 'open',
    client_access: input.client_access ?? 'hidden',
    author_adminid: ctx.caller.id,
    created: ctx.now,
    modified: ctx.now,
  });
  return loadTopic(ctx.db, id);
}

/** A reply joins its thread: same project and action, the thread's title unless it has its own. */
async function createReply(ctx: CallContext, input: TopicCreateParams & { thread_id: number }): Promise<TopicRow> {
  const thread = await getThreadToReplyTo(ctx, input.thread_id);
  if (input.project_id !== thread.project_id) {
    throw invalidParams([{ param: 'project_id', message: `must be the thread's project (${thread.project_id})` }]);
  }
  if (input.action_id !== undefined && input.action_id !== thread.action_id) {
    throw invalidParams([{ param: 'action_id', message: `a reply stays in its thread's action (${thread.action_id}); move the thread with updateTopic` }]);
  }
  await writableAt(ctx, placeOf(thread));
  if (thread.status === 'closed') throw conflict(`Thread ${thread.topic_id} is closed; reopen it (status=open) before replying`);
  await touchProject(ctx.db, thread.project_id, ctx.now);
  const id = await insertTopic(ctx.db, {
    thread_id: thread.topic_id,
    project_id: thread.project_id,
    action_id: thread.action_id,
    title: input.title ?? thread.title,
    body: input.body,
    status: thread.status,
    client_access: thread.client_access,
    author_adminid: ctx.caller.id,
    created: ctx.now,
    modified: ctx.now,
  });
  // Replying may also close the thread or change its client access, as an update of the reply would.
  await applyThreadChanges(ctx, thread, { status: input.status, client_access: input.client_access });
  return loadTopic(ctx.db, id);
}

async function getThreadToReplyTo(ctx: CallContext, threadId: number): Promise<TopicRow> {
  const thread = await findVisibleTopic(ctx.db, ctx.caller, threadId);
  if (!thread) throw notFound('Topic thread', threadId);
  if (thread.thread_id !== thread.topic_id) {
    throw badRequest(`Topic ${threadId} is a reply in thread ${thread.thread_id}; reply to the thread (thread_id=${thread.thread_id})`, [
      { param: 'thread_id', message: `must name a thread's first post (${thread.thread_id})` },
    ]);
  }
  return thread;
}

type ThreadChanges = Partial<Pick<TopicRow, 'status' | 'client_access' | 'action_id'>>;

/** Writes the thread-level fields that differ from the thread's current values. */
async function applyThreadChanges(ctx: CallContext, post: TopicRow, changes: ThreadChanges) {
  const differing = Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => value !== undefined && value !== post[key as keyof ThreadChanges]),
  ) as ThreadChanges;
  if (Object.keys(differing).length > 0) await updateThread(ctx.db, post.thread_id, { ...differing, modified: ctx.now });
}

export async function updateTopic(ctx: CallContext, input: TopicUpdateParams): Promise<TopicRow> {
  const { topic_id, title, body, ...threadChanges } = input;
  const topic = await getVisibleTopic(ctx, topic_id);
  // action_id moves the whole thread: the caller needs write access where it is and where it goes.
  const target = { projectId: topic.project_id, actionId: threadChanges.action_id ?? topic.action_id };
  await writableMove(ctx, `topic thread ${topic.thread_id}`, placeOf(topic), target);
  await actionAt(ctx, target);
  await touchProject(ctx.db, topic.project_id, ctx.now);
  if (title !== undefined || body !== undefined) {
    await updatePost(ctx.db, topic_id, { ...(title !== undefined && { title }), ...(body !== undefined && { body }), modified: ctx.now });
  }
  await applyThreadChanges(ctx, topic, threadChanges);
  return loadTopic(ctx.db, topic_id);
}

/** Deletes a post; the thread's first post takes the whole thread with it. Answers the post as it was. */
export async function deleteTopic(ctx: CallContext, topicId: number): Promise<TopicRow> {
  const topic = await getVisibleTopic(ctx, topicId);
  await writableFrom(ctx, placeOf(topic), () => `Deleting topic ${topicId} needs write access to project ${topic.project_id}`);
  await touchProject(ctx.db, topic.project_id, ctx.now);
  await deletePostOrThread(ctx.db, topic);
  return topic;
}
