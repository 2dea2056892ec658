import { paginate } from '../paging.js';
import type { CreateTopicParams, FindTopicsParams, FindTopicThreadsParams, Page, Topic, TopicThread, UpdateTopicParams } from '../types.js';
import { Resource } from './base.js';

/** topics (discussion threads and their posts): findTopics, findTopicThreads, createTopic, getTopic, updateTopic, deleteTopic. */
export class Topics extends Resource {
  list(params: FindTopicsParams = {}): Promise<Page<'topics', Topic>> {
    return this.page('findTopics', params);
  }

  iterate(params: FindTopicsParams = {}): AsyncGenerator<Topic, void, undefined> {
    return paginate((p: FindTopicsParams) => this.list(p), 'topics', params);
  }

  /** First posts of the threads, with their `posts` count and `last_post` time (findTopicThreads). */
  threads(params: FindTopicThreadsParams = {}): Promise<Page<'topics', TopicThread>> {
    return this.page('findTopicThreads', params);
  }

  iterateThreads(params: FindTopicThreadsParams = {}): AsyncGenerator<TopicThread, void, undefined> {
    return paginate((p: FindTopicThreadsParams) => this.threads(p), 'topics', params);
  }

  get(topicId: number): Promise<Topic> {
    return this.one('getTopic', { topic_id: topicId }, 'topic');
  }

  /** A new thread (with `title`), or a reply to one (with `thread_id`). */
  create(params: CreateTopicParams): Promise<Topic> {
    return this.one('createTopic', params, 'topic');
  }

  update(topicId: number, params: UpdateTopicParams): Promise<Topic> {
    return this.one('updateTopic', { ...params, topic_id: topicId }, 'topic');
  }

  /** Deletes the post; deleting a thread's first post deletes the thread. */
  delete(topicId: number): Promise<Topic> {
    return this.one('deleteTopic', { topic_id: topicId }, 'topic');
  }
}
