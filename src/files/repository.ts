import type { Insertable, Kysely, Updateable } from 'kysely';
import { onlyVisible, recordVisible } from '../access/visibility.js';
import { insertReturningId } from '../db/dialect.js';
import type { Database, FileRow, FilesTable } from '../db/types.js';
import type { Caller } from '../engine/method.js';

export type NewFileRow = Insertable<FilesTable>;
export type FileUpdate = Updateable<FilesTable>;

/** Files the caller may see: through their project, or through an action assigned to the caller (docs/api.md, Roles and visibility). */
export function visibleFiles(db: Kysely<Database>, caller: Caller) {
  return onlyVisible(db.selectFrom('files'), caller, (eb) => recordVisible(eb, caller, 'files.project_id', 'files.action_id'));
}

export function findVisibleFile(db: Kysely<Database>, caller: Caller, fileId: number): Promise<FileRow | undefined> {
  return visibleFiles(db, caller).selectAll('files').where('files.file_id', '=', fileId).executeTakeFirst();
}

export function loadFile(db: Kysely<Database>, fileId: number): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('file_id', '=', fileId).executeTakeFirst();
}

/** Inserts a file; a thread's first file gets its own id as `thread_id`. */
export async function insertFile(db: Kysely<Database>, row: NewFileRow): Promise<number> {
  const id = await insertReturningId(db, 'files', row as Record<string, unknown>, 'file_id');
  if (row.thread_id === 0) await db.updateTable('files').set({ thread_id: id }).where('file_id', '=', id).execute();
  return id;
}

export async function nextVersion(db: Kysely<Database>, threadId: number): Promise<number> {
  const row = await db.selectFrom('files').select((eb) => eb.fn.max('version').as('top')).where('thread_id', '=', threadId).executeTakeFirst();
  return Number(row?.top ?? 0) + 1;
}

export async function updateFileRow(db: Kysely<Database>, fileId: number, changes: FileUpdate): Promise<void> {
  await db.updateTable('files').set(changes).where('file_id', '=', fileId).execute();
}

export async function updateThreadRows(db: Kysely<Database>, threadId: number, changes: FileUpdate): Promise<void> {
  await db.updateTable('files').set(changes).where('thread_id', '=', threadId).execute();
}

/** Deletes one file, or a whole thread; returns the blob keys to delete once the transaction commits. */
export async function deleteFileRows(db: Kysely<Database>, file: FileRow): Promise<string[]> {
  const wholeThread = file.file_id === file.thread_id;
  const column = wholeThread ? 'thread_id' : 'file_id';
  const id = wholeThread ? file.thread_id : file.file_id;
  const rows = await db.selectFrom('files').select('blob_key').where(column, '=', id).execute();
  await db.deleteFrom('files').where(column, '=', id).execute();
  return rows.map((r) => r.blob_key);
}

export interface ThreadStats {
  readonly count: number;
  readonly latest: FileRow;
}

/**
 * File count and latest file of each of `threadIds` (one page of threads): two indexed queries,
 * whatever the table holds. Versions only grow within a thread, so the latest has the highest id.
 */
export async function threadStats(db: Kysely<Database>, threadIds: number[]): Promise<Map<number, ThreadStats>> {
  const stats = new Map<number, ThreadStats>();
  if (threadIds.length === 0) return stats;
  const groups = await db
    .selectFrom('files')
    .select(['thread_id', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.max('file_id').as('latest_id')])
    .where('thread_id', 'in', threadIds)
    .groupBy('thread_id')
    .execute();
  const latestIds = groups.map((g) => Number(g.latest_id));
  const latest = await db.selectFrom('files').selectAll().where('file_id', 'in', latestIds).execute();
  const byId = new Map(latest.map((row) => [row.file_id, row]));
  for (const g of groups) {
    const row = byId.get(Number(g.latest_id));
    if (row) stats.set(g.thread_id, { count: Number(g.count), latest: row });
  }
  return stats;
}

/** Rows of files in keyset pages (the consistency check reads the table without loading it whole). */
export function filesAfter(db: Kysely<Database>, afterId: number, limit: number) {
  return db.selectFrom('files').select(['file_id', 'thread_id', 'blob_key', 'size']).where('file_id', '>', afterId).orderBy('file_id').limit(limit).execute();
}

/** Which of `keys` some file row refers to. */
export async function knownBlobKeys(db: Kysely<Database>, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('files').select('blob_key').where('blob_key', 'in', keys).execute();
  return new Set(rows.map((r) => r.blob_key));
}
