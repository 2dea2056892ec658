import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFiles } from '../src/files/check.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

describe.each(testDatabases())('files check on $name', (kind) => {
  let t: TestApp;
  let store: LocalBlobStore;
  beforeAll(async () => {
    t = await createTestApp(kind);
    store = new LocalBlobStore(t.config.blobDir);
  });
  afterAll(() => t.close());

  const create = async (params: Record<string, unknown>, text = 'contents') =>
    (await t.ok({ chain: 'files', method: 'POST', params: { name: 'f.txt', ...params, content: Buffer.from(text).toString('base64') } })).file;
  const blobPath = async (fileId: number) => {
    const row = await t.database.db.selectFrom('files').select('blob_key').where('file_id', '=', fileId).executeTakeFirstOrThrow();
    return path.join(t.config.blobDir, row.blob_key.slice(0, 2), row.blob_key);
  };
  const check = (fix: boolean, graceSeconds = 0) => checkFiles(t.database.db, store, { fix, graceSeconds });

  it('reports a consistent store as such', async () => {
    const p = (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Clean' } })).project;
    await create({ project_id: p.project_id });
    const report = await check(false);
    expect(report).toMatchObject({ fixed: false, filesChecked: 1, blobsChecked: 1 });
    for (const kind of ['blobsWithoutRows', 'rowsWithoutBlobs', 'sizeMismatches', 'tempFiles'] as const) expect(report[kind].count).toBe(0);
  });

  it('finds orphan blobs, rows without blobs, damaged blobs and leftover temp files, and fixes what it can', async () => {
    const p = (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Broken' } })).project;
    const head = await create({ project_id: p.project_id, label: 'Thread' });
    const second = await create({ thread_id: head.file_id });
    const third = await create({ thread_id: head.file_id });
    const damaged = await create({ project_id: p.project_id }, 'twelve bytes');
    const orphan = await store.put(Readable.from([Buffer.from('nobody refers to me')]));
    fs.rmSync(await blobPath(head.file_id));
    fs.rmSync(await blobPath(third.file_id));
    fs.writeFileSync(await blobPath(damaged.file_id), 'short');
    const partial = `${'ab'.repeat(16)}.part`;
    fs.mkdirSync(path.join(t.config.blobDir, 'tmp'), { recursive: true });
    fs.writeFileSync(path.join(t.config.blobDir, 'tmp', partial), 'half an upload');

    // A row whose contents are gone is a server fault on download, not a 404.
    const missing = await t.app.inject({ url: `/api.php/v1/files/${head.file_id}/download`, query: credentials('root') });
    expect(missing.statusCode).toBe(500);

    // Fresh orphans may be uploads in progress: inside the grace period only rows without blobs count.
    const young = await check(false, 3600);
    expect(young.blobsWithoutRows.count).toBe(0);
    expect(young.tempFiles.count).toBe(0);
    expect(young.rowsWithoutBlobs.count).toBe(2);

    const report = await check(false);
    expect(report.blobsWithoutRows.items.map((b) => b.key)).toEqual([orphan.key]);
    expect(report.rowsWithoutBlobs.items.map((r) => r.file_id).sort()).toEqual([head.file_id, third.file_id].sort());
    expect(report.sizeMismatches.items).toEqual([expect.objectContaining({ file_id: damaged.file_id, expected: 12, actual: 5 })]);
    expect(report.tempFiles.items.map((b) => b.key)).toEqual([partial]);
    expect(await store.stat(orphan.key)).not.toBeNull();

    const fixed = await check(true);
    expect(fixed).toMatchObject({ fixed: true, blobsWithoutRows: { count: 1 }, rowsWithoutBlobs: { count: 2 }, tempFiles: { count: 1 } });
    expect(await store.stat(orphan.key)).toBeNull();
    expect(fs.readdirSync(path.join(t.config.blobDir, 'tmp'))).toEqual([]);

    // The thread lost its first file: the next one takes it over and still downloads.
    const survivor = (await t.ok({ chain: `files/${second.file_id}` })).file;
    expect(survivor).toMatchObject({ thread_id: second.file_id, version: 2, label: 'Thread' });
    const threads = await t.ok({ chain: 'files/bythread', params: { project_id: p.project_id, sort: 'file_id' } });
    expect(threads.files.map((f: { file_id: number; files_count: number }) => [f.file_id, f.files_count])).toEqual([
      [second.file_id, 1],
      [damaged.file_id, 1],
    ]);
    expect((await t.api({ chain: `files/${head.file_id}` })).status).toBe(404);

    const again = await check(true);
    expect([again.blobsWithoutRows.count, again.rowsWithoutBlobs.count, again.tempFiles.count]).toEqual([0, 0, 0]);
    expect(again.sizeMismatches.count).toBe(1);
  });

  it('counts everything but lists at most listLimit items', async () => {
    for (let i = 0; i < 3; i++) await store.put(Readable.from([Buffer.from(`orphan ${i}`)]));
    const report = await checkFiles(t.database.db, store, { fix: true, graceSeconds: 0, listLimit: 2 });
    expect(report.blobsWithoutRows.count).toBe(3);
    expect(report.blobsWithoutRows.items).toHaveLength(2);
    expect((await check(false)).blobsWithoutRows.count).toBe(0);
  });
});
