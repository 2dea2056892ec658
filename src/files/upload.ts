import { Readable } from 'node:stream';
import { actionAt, placeOf, writableAt } from '../access/placement.js';
import { assertConfigured } from '../settings/settings.js';
import { inTransaction } from '../db/dialect.js';
import type { FileRow } from '../db/types.js';
import type { CallContext, Upload } from '../engine/method.js';
import { nowSeconds } from '../engine/time.js';
import { ApiError, badRequest, invalidParams, notFound } from '../errors.js';
import { touchProject } from '../projects/repository.js';
import { BlobTooLargeError, type StoredBlob } from './blob-store.js';
import { detectMime, readHead, SNIFF_BYTES } from './mime.js';
import { insertFile, loadFile, nextVersion } from './repository.js';
import { THREAD_FIELDS } from './schemas.js';
import { deleteBlobs, fileNameParam, getVisibleFile } from './service.js';
import type { FileCreateParams } from './methods.js';

/** What a createFile call will write, settled before a byte is stored. */
interface UploadPlan {
  readonly source: { upload: Upload } | { base64: string };
  readonly threadId: number;
  readonly projectId: number;
  readonly actionId: number;
  readonly name: string;
  readonly label: string;
  readonly detail: string;
  readonly status: string;
  readonly clientAccess: string;
}

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${Math.round((bytes / MiB) * 100) / 100} MiB`;

/**
 * createFile: check everything that can be checked first, stream the contents to the blob store
 * (no transaction open meanwhile), then commit the row in one short transaction. If anything fails
 * after the blob was stored, the blob is deleted again: no row without a blob, no blob without a row.
 */
export async function createFile(ctx: CallContext, params: FileCreateParams): Promise<FileRow> {
  const plan = await planUpload(ctx, params);
  const stored = await storeContents(ctx, plan.source);
  try {
    const mime = await sniffMime(ctx, stored, plan.name);
    return await inTransaction(ctx.db, (db) => insertVersion({ ...ctx, db }, plan, stored, mime));
  } catch (error) {
    await deleteBlobs(ctx, [stored.key]);
    throw error;
  }
}

async function planUpload(ctx: CallContext, params: FileCreateParams): Promise<UploadPlan> {
  const source = sourceOf(ctx.upload, params.content);
  const rawName = params.name ?? ('upload' in source ? multipartFileName(source.upload.filename) : undefined);
  if (!rawName) throw invalidParams([{ param: 'name', message: 'is required (the upload carries no file name)' }]);
  assertConfigured(ctx.settings, 'file_statuses', params.status, 'status');
  const common = { source, name: fileNameParam(rawName), detail: params.detail ?? '', status: params.status ?? ctx.settings.file_statuses[0] ?? '' };
  if (params.thread_id) return { ...common, ...(await threadOf(ctx, params.thread_id, params)) };
  if (params.project_id === undefined) throw invalidParams([{ param: 'project_id', message: 'is required (or thread_id, to add a version)' }]);
  const actionId = params.action_id ?? 0;
  const place = { projectId: params.project_id, actionId };
  await writableAt(ctx, place);
  await actionAt(ctx, place);
  return { ...common, threadId: 0, projectId: params.project_id, actionId, label: params.label ?? common.name, clientAccess: params.client_access ?? 'hidden' };
}

/**
 * Browsers and fetch send `"`, CR and LF in a multipart file name as %22, %0D and %0A (WHATWG); those
 * three are decoded back (CR and LF then become `_` like any control character). Nothing else is.
 */
function multipartFileName(raw: string): string {
  return raw.replace(/%22/gi, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

function sourceOf(upload: Upload | undefined, content: string | undefined): UploadPlan['source'] {
  if (upload && content !== undefined) throw badRequest('Send the file either as the multipart "file" part or as base64 "content", not both');
  if (upload) return { upload };
  if (content !== undefined) return { base64: content };
  throw badRequest('No file: send it as the multipart "file" part or as base64 "content" in params');
}

/** A new version goes into the thread's project and action; thread-level fields are the thread's. */
async function threadOf(ctx: CallContext, threadId: number, params: FileCreateParams) {
  const head = await getVisibleFile(ctx, threadId);
  if (head.thread_id !== head.file_id) {
    throw invalidParams([{ param: 'thread_id', message: `file ${threadId} is version ${head.version} of thread ${head.thread_id}; use thread_id ${head.thread_id}` }]);
  }
  if (params.project_id !== undefined && params.project_id !== head.project_id) {
    throw invalidParams([{ param: 'project_id', message: `thread ${threadId} is in project ${head.project_id}` }]);
  }
  for (const field of THREAD_FIELDS) {
    if (params[field] !== undefined && params[field] !== head[field]) {
      throw invalidParams([{ param: field, message: `is set on the thread (${JSON.stringify(head[field])}); change it with updateFile` }]);
    }
  }
  await writableAt(ctx, placeOf(head));
  return { threadId, projectId: head.project_id, actionId: head.action_id, label: head.label, clientAccess: head.client_access };
}

async function storeContents(ctx: CallContext, source: UploadPlan['source']): Promise<StoredBlob> {
  const { maxUploadBytes, maxBase64Bytes } = ctx.config;
  if ('base64' in source) return ctx.blobs.put(Readable.from([decodeBase64(source.base64, maxBase64Bytes)]));
  const stream = source.upload.stream as Readable & { truncated?: boolean };
  let sourceError: unknown = null;
  stream.once('error', (error) => (sourceError ??= error));
  try {
    const stored = await ctx.blobs.put(stream, { maxBytes: maxUploadBytes });
    // Busboy's own limit truncates rather than fails; inputs.ts turns it into an error, this is the backstop.
    if (stream.truncated) {
      await deleteBlobs(ctx, [stored.key]);
      throw new BlobTooLargeError(maxUploadBytes);
    }
    return stored;
  } catch (error) {
    const tooLarge = error instanceof BlobTooLargeError || (error instanceof ApiError && error.status === 413);
    if (tooLarge) throw new ApiError('PAYLOAD_TOO_LARGE', `The file is larger than the upload limit of ${mib(maxUploadBytes)}`);
    // The body itself failed (cut off, malformed multipart): the client's doing, not a server fault.
    // A disk error also reaches the source (pipeline destroys it with it) but carries a syscall.
    if (error === sourceError && !(error as NodeJS.ErrnoException).syscall) {
      throw badRequest('The upload ended before the file was complete (cut off, or not valid multipart)');
    }
    throw error;
  }
}

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/** Decodes base64 `content` (standard or URL-safe, line breaks allowed), refusing more than `maxBytes` before decoding. */
export function decodeBase64(text: string, maxBytes: number): Buffer {
  const clean = text.replace(/\s+/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const decodedSize = Math.floor((clean.length * 3) / 4) - padding;
  if (decodedSize > maxBytes) {
    throw new ApiError('PAYLOAD_TOO_LARGE', `Base64 content is limited to ${mib(maxBytes)} decoded; upload larger files as multipart/form-data`);
  }
  if (!BASE64.test(clean) || clean.length % 4 === 1) throw invalidParams([{ param: 'content', message: 'must be base64-encoded file contents' }]);
  return Buffer.from(clean, 'base64');
}

async function sniffMime(ctx: CallContext, stored: StoredBlob, name: string): Promise<string> {
  if (stored.size === 0) return detectMime(new Uint8Array(0), name);
  const head = await readHead(await ctx.blobs.get(stored.key, { start: 0, end: Math.min(stored.size, SNIFF_BYTES) - 1 }));
  return detectMime(head, name);
}

/** The short write transaction: re-checks what may have changed while the upload streamed, then inserts. */
async function insertVersion(ctx: CallContext, plan: UploadPlan, stored: StoredBlob, mime: string): Promise<FileRow> {
  const now = nowSeconds();
  // Writing `activity` first takes the project row's lock before anything else, in the order every
  // writer in a project uses (no deadlocks), and makes writers of one thread take turns for version
  // numbers. It comes before any plain read: on MySQL the snapshot starts at the first one.
  await touchProject(ctx.db, plan.projectId, now);
  await writableAt(ctx, { projectId: plan.projectId, actionId: plan.actionId });
  let version = 1;
  if (plan.threadId > 0) {
    if (!(await loadFile(ctx.db, plan.threadId))) throw notFound('Thread', plan.threadId);
    version = await nextVersion(ctx.db, plan.threadId);
  }
  const id = await insertFile(ctx.db, {
    thread_id: plan.threadId, project_id: plan.projectId, action_id: plan.actionId, label: plan.label,
    name: plan.name, detail: plan.detail, version, mime, size: stored.size, sha256: stored.sha256,
    blob_key: stored.key, status: plan.status, client_access: plan.clientAccess,
    uploader_adminid: ctx.caller.id, created: now, modified: now,
  });
  return (await loadFile(ctx.db, id))!;
}
