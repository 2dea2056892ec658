import type { Insertable, Kysely, Updateable } from 'kysely';
import { onlyVisible, recordVisible } from '../access/visibility.js';
import { insertReturningId } from '../db/dialect.js';
import type { Database, TopicRow, TopicsTable } from '../db/types.js';
import type { Caller } from '../engine/method.js';

type Db = Kysely<Database>;

/** Posts the caller may see: in a visible project, or tied to an action assigned to them (docs/api.md, Roles and visibility). */
export function visibleTopics(db: Db, caller: Caller) {
  return onlyVisible(db.selectFrom('topics'), caller, (eb) => recordVisible(eb, caller, 'topics.project_id', 'topics.action_id'));
}

export function findVisibleTopic(db: Db, caller: Caller, topicId: number): Promise<TopicRow | undefined> {
  return visibleTopics(db, caller).selectAll('topics').where('topics.topic_id', '=', topicId).executeTakeFirst();
}

/** A post just written, read whoever the writer is (moving a thread may have hidden it from them). */
export function loadTopic(db: Db, topicId: number): Promise<TopicRow> {
  return db.selectFrom('topics').selectAll().where('topic_id', '=', topicId).executeTakeFirstOrThrow();
}

/** First posts the caller may see, each with its thread's post count and latest post time. */
export function visibleThreads(db: Db, caller: Caller) {
  return visibleTopics(db, caller)
    .whereRef('topics.topic_id', '=', 'topics.thread_id')
    .selectAll('topics')
    .select((eb) => [
      eb.selectFrom('topics as posts').select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('posts.thread_id', '=', 'topics.topic_id').as('posts'),
      eb.selectFrom('topics as posts').select((inner) => inner.fn.max('posts.created').as('m'))
        .whereRef('posts.thread_id', '=', 'topics.topic_id').as('last_post'),
    ]);
}

export async function insertTopic(db: Db, row: Insertable<TopicsTable>): Promise<number> {
  const id = await insertReturningId(db, 'topics', row as Record<string, unknown>, 'topic_id');
  // A first post is its own thread; its id is only known once it is stored.
  if (row.thread_id === 0) await db.updateTable('topics').set({ thread_id: id }).where('topic_id', '=', id).execute();
  return id;
}

export async function updatePost(db: Db, topicId: number, changes: Updateable<TopicsTable>): Promise<void> {
  await db.updateTable('topics').set(changes).where('topic_id', '=', topicId).execute();
}

/** Changes thread-level fields (status, client access, action) on every post of the thread. */
export async function updateThread(db: Db, threadId: number, changes: Updateable<TopicsTable>): Promise<void> {
  await db.updateTable('topics').set(changes).where('thread_id', '=', threadId).execute();
}

/** Deletes one post, or the whole thread when it is the thread's first post. */
export async function deletePostOrThread(db: Db, topic: TopicRow): Promise<void> {
  const query = db.deleteFrom('topics');
  const isFirstPost = topic.topic_id === topic.thread_id;
  await (isFirstPost ? query.where('thread_id', '=', topic.thread_id) : query.where('topic_id', '=', topic.topic_id)).execute();
}
