import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { BlobInfo, BlobStore } from './blob-store.js';
import { filesAfter, knownBlobKeys } from './repository.js';

export interface CheckOptions {
  /** Remove what is found: orphan blobs, rows without blobs, leftover partial writes. */
  readonly fix: boolean;
  /**
   * Leave blobs and partial writes younger than this alone (default 1 hour): an upload in progress has
   * a partial write, and for a moment after it a blob whose row is about to be committed.
   */
  readonly graceSeconds?: number;
  /** At most this many items of each kind are listed in the report (all are counted and fixed). */
  readonly listLimit?: number;
}

export interface MissingBlob {
  readonly file_id: number;
  readonly thread_id: number;
  readonly blob_key: string;
}

export interface SizeMismatch extends MissingBlob {
  readonly expected: number;
  readonly actual: number;
}

export interface Finding<T> {
  count: number;
  items: T[];
}

export interface CheckReport {
  readonly fixed: boolean;
  readonly blobsChecked: number;
  readonly filesChecked: number;
  /** Stored contents no file row refers to. */
  readonly blobsWithoutRows: Finding<BlobInfo>;
  /** File rows whose contents are gone (removed with fix; a thread's later version takes over as its first). */
  readonly rowsWithoutBlobs: Finding<MissingBlob>;
  /** Rows whose blob has another size than recorded: damaged contents. Reported only, never removed. */
  readonly sizeMismatches: Finding<SizeMismatch>;
  /** Partial writes left by uploads that never finished. */
  readonly tempFiles: Finding<BlobInfo>;
}

const BATCH = 500;

function finding<T>(): Finding<T> {
  return { count: 0, items: [] };
}

function note<T>(found: Finding<T>, item: T, limit: number) {
  found.count++;
  if (found.items.length < limit) found.items.push(item);
}

/**
 * Compares the blob store with the files table and reports (and with `fix`, removes) what a crash or
 * a failed cleanup left behind. Streams through both sides in batches, so it runs in flat memory
 * whatever their size, and may run while the server is serving.
 */
export async function checkFiles(db: Kysely<Database>, blobs: BlobStore, options: CheckOptions): Promise<CheckReport> {
  const cutoff = Date.now() - (options.graceSeconds ?? 3600) * 1000;
  // mtimes have sub-millisecond precision; Date.now() does not.
  const young = (item: BlobInfo) => Math.floor(item.modifiedMs) > cutoff;
  const limit = options.listLimit ?? 1000;
  const blobsWithoutRows = finding<BlobInfo>();
  const blobsChecked = await checkBlobs(db, blobs, young, (blob) => note(blobsWithoutRows, blob, limit), options.fix);
  const rowsWithoutBlobs = finding<MissingBlob>();
  const sizeMismatches = finding<SizeMismatch>();
  const filesChecked = await checkRows(db, blobs, {
    async missing(row) {
      note(rowsWithoutBlobs, row, limit);
      if (options.fix) await removeRow(db, row);
    },
    mismatch: (row) => note(sizeMismatches, row, limit),
  });
  const tempFiles = finding<BlobInfo>();
  for await (const partial of blobs.listPartial()) {
    if (young(partial)) continue;
    note(tempFiles, partial, limit);
    if (options.fix) await blobs.deletePartial(partial.key);
  }
  return { fixed: options.fix, blobsChecked, filesChecked, blobsWithoutRows, rowsWithoutBlobs, sizeMismatches, tempFiles };
}

async function checkBlobs(db: Kysely<Database>, blobs: BlobStore, young: (blob: BlobInfo) => boolean, found: (blob: BlobInfo) => void, fix: boolean) {
  let checked = 0;
  let batch: BlobInfo[] = [];
  const flush = async () => {
    const known = await knownBlobKeys(db, batch.map((b) => b.key));
    for (const blob of batch) {
      if (known.has(blob.key) || young(blob)) continue;
      found(blob);
      if (fix) await blobs.delete(blob.key);
    }
    batch = [];
  };
  for await (const blob of blobs.list()) {
    checked++;
    batch.push(blob);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return checked;
}

interface RowFindings {
  missing(row: MissingBlob): Promise<void>;
  mismatch(row: SizeMismatch): void;
}

/** Walks the table in id order; removing a row behind the cursor (with fix) does not disturb the walk. */
async function checkRows(db: Kysely<Database>, blobs: BlobStore, found: RowFindings) {
  let checked = 0;
  for (let after = 0; ; ) {
    const rows = await filesAfter(db, after, BATCH);
    if (rows.length === 0) return checked;
    for (const row of rows) {
      const blob = await blobs.stat(row.blob_key);
      const ids = { file_id: row.file_id, thread_id: row.thread_id, blob_key: row.blob_key };
      if (!blob) await found.missing(ids);
      else if (blob.size !== Number(row.size)) found.mismatch({ ...ids, expected: Number(row.size), actual: blob.size });
    }
    checked += rows.length;
    after = rows[rows.length - 1].file_id;
  }
}

/** Removes a row whose contents are gone; when it was a thread's first file, the next one takes the thread over. */
async function removeRow(db: Kysely<Database>, row: MissingBlob): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('files').where('file_id', '=', row.file_id).execute();
    if (row.file_id !== row.thread_id) return;
    const next = await trx.selectFrom('files').select('file_id').where('thread_id', '=', row.thread_id).orderBy('file_id').limit(1).executeTakeFirst();
    if (next) await trx.updateTable('files').set({ thread_id: next.file_id }).where('thread_id', '=', row.thread_id).execute();
  });
}
