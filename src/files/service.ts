import { actionAt, placeOf, writableFrom, writableMove } from '../access/placement.js';
import { assertConfigured } from '../settings/settings.js';
import { inTransaction } from '../db/dialect.js';
import type { FileRow } from '../db/types.js';
import { runList, whereEquals } from '../engine/lists.js';
import type { CallContext } from '../engine/method.js';
import { invalidParams, notFound } from '../errors.js';
import { touchProject } from '../projects/repository.js';
import { cleanFileName } from './names.js';
import {
  deleteFileRows,
  findVisibleFile,
  loadFile,
  threadStats,
  updateFileRow,
  updateThreadRows,
  visibleFiles,
  type FileUpdate,
} from './repository.js';
import { fileListSpec, presentFile } from './schemas.js';
import type { FileListParams, FileThreadListParams, FileUpdateParams } from './methods.js';

export async function getVisibleFile(ctx: CallContext, fileId: number): Promise<FileRow> {
  const file = await findVisibleFile(ctx.db, ctx.caller, fileId);
  if (!file) throw notFound('File', fileId);
  return file;
}

/** A stored file name from a client's, or a 400 naming the parameter. */
export function fileNameParam(raw: string): string {
  const name = cleanFileName(raw);
  if (name === null) throw invalidParams([{ param: 'name', message: 'must be a file name (not empty, not "." or "..")' }]);
  return name;
}

export async function findFiles(ctx: CallContext, params: FileListParams) {
  const query = whereEquals(visibleFiles(ctx.db, ctx.caller).selectAll('files'), 'files', params);
  const { rows, data } = await runList(query, fileListSpec, params, ctx.settings);
  return { data, files: rows.map(presentFile) };
}

/** Threads (their first files), each with its file count and latest file. */
export async function findFileThreads(ctx: CallContext, params: FileThreadListParams) {
  const heads = visibleFiles(ctx.db, ctx.caller).selectAll('files').whereRef('files.file_id', '=', 'files.thread_id');
  const { rows, data } = await runList(whereEquals(heads, 'files', params), fileListSpec, params, ctx.settings);
  const stats = await threadStats(ctx.db, rows.map((r) => r.file_id));
  const files = rows.map((row) => {
    const thread = stats.get(row.file_id);
    return { ...presentFile(row), files_count: thread?.count ?? 1, latest_file: presentFile(thread?.latest ?? row) };
  });
  return { data, files };
}

export async function updateFile(ctx: CallContext, input: FileUpdateParams): Promise<FileRow> {
  const { file_id, action_id, label, client_access, name, detail, status } = input;
  const file = await getVisibleFile(ctx, file_id);
  // action_id moves the whole thread: the caller needs write access where it is and where it goes.
  const target = { projectId: file.project_id, actionId: action_id ?? file.action_id };
  await writableMove(ctx, `file ${file_id}`, placeOf(file), target);
  await actionAt(ctx, target);
  assertConfigured(ctx.settings, 'file_statuses', status, 'status');
  // The project row first, as every writer in a project does, so writers take turns rather than deadlock.
  await touchProject(ctx.db, file.project_id, ctx.now);
  const stamp = { modified: ctx.now };
  const thread: FileUpdate = definedOnly({ action_id, label, client_access });
  const own: FileUpdate = definedOnly({ detail, status, name: name === undefined ? undefined : fileNameParam(name) });
  if (Object.keys(thread).length > 0) await updateThreadRows(ctx.db, file.thread_id, { ...thread, ...stamp });
  if (Object.keys(own).length > 0) await updateFileRow(ctx.db, file_id, { ...own, ...stamp });
  return (await loadFile(ctx.db, file_id))!;
}

/**
 * Deletes a file, or a whole thread when it is the thread's first file. The rows go in one short
 * transaction; the stored contents only once it has committed, so a failure never leaves a row
 * without its blob (a blob left by a crash here is found by `teampro files check`).
 */
export async function deleteFile(ctx: CallContext, fileId: number): Promise<FileRow> {
  const { file, blobKeys } = await inTransaction(ctx.db, async (db) => {
    const tx = { ...ctx, db };
    const file = await getVisibleFile(tx, fileId);
    await writableFrom(tx, placeOf(file), () => `Deleting file ${fileId} needs write access to project ${file.project_id}`);
    await touchProject(db, file.project_id, ctx.now);
    const blobKeys = await deleteFileRows(db, file);
    return { file, blobKeys };
  });
  await deleteBlobs(ctx, blobKeys);
  return file;
}

/** Best-effort removal after a commit: a blob that cannot be removed now is an orphan the check cleans. */
export async function deleteBlobs(ctx: Pick<CallContext, 'blobs' | 'log'>, keys: string[]): Promise<void> {
  const results = await Promise.allSettled(keys.map((key) => ctx.blobs.delete(key)));
  results.forEach((result, i) => {
    if (result.status === 'rejected') ctx.log().error({ err: result.reason, blob_key: keys[i] }, 'could not delete file contents; "teampro files check --fix" will');
  });
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
