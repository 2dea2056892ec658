import { Type, type Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Params, RefId } from '../engine/types.js';
import { downloadFile as download } from './download.js';
import { fileFields, fileFilters, fileListSpec, FileRecord, FileThreadRecord, presentFile } from './schemas.js';
import * as service from './service.js';
import * as upload from './upload.js';

const fileId = { file_id: Id('File id') };
const { thread_id: _thread, status: _status, mime: _mime, ...threadFilters } = fileFilters;

const listSchema = listParams(fileFilters, fileListSpec);
const threadListSchema = listParams(threadFilters, fileListSpec);
const createSchema = Params({
  project_id: Id('Project id; required unless thread_id is given'),
  thread_id: RefId('Add the file as the next version of this thread (the id of its first file)'),
  ...fileFields,
  content: Type.String({ contentEncoding: 'base64', description: 'The file, base64-encoded (capped, default 10 MiB); or send multipart/form-data with the file in the "file" part after the other fields' }),
}, []);
const updateSchema = Params({ ...fileId, ...fileFields }, ['file_id']);
const idSchema = Params(fileId, ['file_id']);

export type FileListParams = Static<typeof listSchema>;
export type FileThreadListParams = Static<typeof threadListSchema>;
export type FileCreateParams = Static<typeof createSchema>;
export type FileUpdateParams = Static<typeof updateSchema>;

export const findFiles = defineMethod({
  name: 'findFiles',
  resource: 'files',
  chain: 'files',
  http: 'GET',
  description: 'Return a File List',
  params: listSchema,
  reply: listReply('files', FileRecord),
  tx: 'read',
  run: (ctx, params) => service.findFiles(ctx, params),
});

export const findFileThreads = defineMethod({
  name: 'findFileThreads',
  resource: 'files',
  chain: 'files/bythread',
  http: 'GET',
  description: 'Return a File Thread List (first files, with files_count and latest_file)',
  params: threadListSchema,
  reply: listReply('files', FileThreadRecord),
  tx: 'read',
  run: (ctx, params) => service.findFileThreads(ctx, params),
});

export const createFile = defineMethod({
  name: 'createFile',
  resource: 'files',
  chain: 'files',
  http: 'POST',
  description: 'Create a File (a new thread, or with thread_id its next version)',
  params: createSchema,
  reply: singleReply('file', FileRecord),
  // The upload streams to the blob store with no transaction open; the row is committed in a short one after.
  tx: 'none',
  run: async (ctx, params) => ({ file: presentFile(await upload.createFile(ctx, params)) }),
});

export const getFile = defineMethod({
  name: 'getFile',
  resource: 'files',
  chain: 'files/{file_id}',
  http: 'GET',
  description: 'Return a File',
  params: idSchema,
  reply: singleReply('file', FileRecord),
  run: async (ctx, params) => ({ file: presentFile(await service.getVisibleFile(ctx, params.file_id)) }),
});

export const downloadFile = defineMethod({
  name: 'downloadFile',
  resource: 'files',
  chain: 'files/{file_id}/download',
  http: 'GET',
  description: 'Download a File (the bytes, not the envelope; Range, ETag and HEAD supported)',
  params: idSchema,
  tx: 'none',
  run: (ctx, params) => download(ctx, params.file_id),
});

export const updateFile = defineMethod({
  name: 'updateFile',
  resource: 'files',
  chain: 'files/{file_id}',
  http: 'PUT',
  description: 'Update a File (label, action_id and client_access apply to the whole thread)',
  params: updateSchema,
  reply: singleReply('file', FileRecord),
  run: async (ctx, params) => ({ file: presentFile(await service.updateFile(ctx, params)) }),
});

export const deleteFile = defineMethod({
  name: 'deleteFile',
  resource: 'files',
  chain: 'files/{file_id}',
  http: 'DELETE',
  description: 'Delete a File (its thread, with every version, when it is the first file)',
  params: idSchema,
  reply: singleReply('file', FileRecord),
  // Rows in a short transaction; the stored contents after it commits.
  tx: 'none',
  run: async (ctx, params) => ({ file: presentFile(await service.deleteFile(ctx, params.file_id)) }),
});

export const fileMethods = [findFiles, findFileThreads, createFile, getFile, downloadFile, updateFile, deleteFile];
