import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Params } from '../engine/types.js';
import {
  presentTopic,
  threadFilters,
  threadListSpec,
  topicCreateFields,
  topicFilters,
  topicListSpec,
  TopicRecord,
  TopicThreadRecord,
  topicUpdateFields,
} from './schemas.js';
import * as service from './service.js';

const topicId = { topic_id: Id('Topic (post) id') };

const listSchema = listParams(topicFilters, topicListSpec);
const threadListSchema = listParams(threadFilters, threadListSpec);
const createSchema = Params(topicCreateFields, ['project_id', 'body']);
const updateSchema = Params({ ...topicId, ...topicUpdateFields }, ['topic_id']);
const idSchema = Params(topicId, ['topic_id']);

export type TopicListParams = Static<typeof listSchema>;
export type TopicThreadListParams = Static<typeof threadListSchema>;
export type TopicCreateParams = Static<typeof createSchema>;
export type TopicUpdateParams = Static<typeof updateSchema>;

export const findTopics = defineMethod({
  name: 'findTopics',
  resource: 'topics',
  chain: 'topics',
  http: 'GET',
  description: 'Return a Topic List',
  params: listSchema,
  reply: listReply('topics', TopicRecord),
  tx: 'read',
  run: (ctx, params) => service.findTopics(ctx, params),
});

export const findTopicThreads = defineMethod({
  name: 'findTopicThreads',
  resource: 'topics',
  chain: 'topics/bythread',
  http: 'GET',
  description: 'Return a Topic Thread List',
  params: threadListSchema,
  reply: listReply('topics', TopicThreadRecord),
  tx: 'read',
  run: (ctx, params) => service.findTopicThreads(ctx, params),
});

export const createTopic = defineMethod({
  name: 'createTopic',
  resource: 'topics',
  chain: 'topics',
  http: 'POST',
  description: 'Create a Topic',
  params: createSchema,
  reply: singleReply('topic', TopicRecord),
  run: async (ctx, params) => ({ topic: presentTopic(await service.createTopic(ctx, params)) }),
});

export const getTopic = defineMethod({
  name: 'getTopic',
  resource: 'topics',
  chain: 'topics/{topic_id}',
  http: 'GET',
  description: 'Return a Topic',
  params: idSchema,
  reply: singleReply('topic', TopicRecord),
  run: async (ctx, params) => ({ topic: presentTopic(await service.getVisibleTopic(ctx, params.topic_id)) }),
});

export const updateTopic = defineMethod({
  name: 'updateTopic',
  resource: 'topics',
  chain: 'topics/{topic_id}',
  http: 'PUT',
  description: 'Update a Topic',
  params: updateSchema,
  reply: singleReply('topic', TopicRecord),
  run: async (ctx, params) => ({ topic: presentTopic(await service.updateTopic(ctx, params)) }),
});

export const deleteTopic = defineMethod({
  name: 'deleteTopic',
  resource: 'topics',
  chain: 'topics/{topic_id}',
  http: 'DELETE',
  description: 'Delete a Topic',
  params: idSchema,
  reply: singleReply('topic', TopicRecord),
  run: async (ctx, params) => ({ topic: presentTopic(await service.deleteTopic(ctx, params.topic_id)) }),
});

export const topicMethods = [findTopics, findTopicThreads, createTopic, getTopic, updateTopic, deleteTopic];
