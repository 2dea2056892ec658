import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/*
 * Edges of the files service the broader suites leave open (docs/testing.md, mutation scores): which
 * rows an update stamps, what a refusal says and names, and the log line of contents that could not be
 * removed after a delete.
 */
describe.each(testDatabases())('file updates on $name', (kind) => {
  let t: TestApp;
  const logLines: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (logLines.push(chunk.toString()), done()) });
    t = await createTestApp(kind, { TEAMPRO_LOG_LEVEL: 'error' }, { logDestination: destination });
  });
  afterAll(() => t.close());

  const LONG_AGO = 1_500_000_000;
  const project = async () => (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Files' } })).project;
  const upload = async (params: Record<string, unknown>) =>
    (await t.ok({ chain: 'files', method: 'POST', params: { name: 'f.txt', content: Buffer.from('contents').toString('base64'), ...params } })).file;
  const modifiedOf = async (threadId: number) => {
    const rows = await t.database.db.selectFrom('files').select(['file_id', 'modified']).where('thread_id', '=', threadId).orderBy('file_id').execute();
    return rows.map((row) => Number(row.modified));
  };
  const ageThread = (threadId: number) => t.database.db.updateTable('files').set({ modified: LONG_AGO }).where('thread_id', '=', threadId).execute();

  it("stamps only the version whose own fields change, every version when the thread's fields do, and none for an empty update", async () => {
    const p = await project();
    const head = await upload({ project_id: p.project_id, label: 'Thread' });
    const second = await upload({ thread_id: head.file_id });
    await ageThread(head.file_id);
    await t.ok({ chain: `files/${second.file_id}`, method: 'PUT', params: { detail: 'Second draft' } });
    const [headStamp, secondStamp] = await modifiedOf(head.file_id);
    expect(headStamp).toBe(LONG_AGO);
    expect(secondStamp).toBeGreaterThan(LONG_AGO);

    await ageThread(head.file_id);
    await t.ok({ chain: `files/${second.file_id}`, method: 'PUT', params: { label: 'Renamed thread' } });
    for (const stamp of await modifiedOf(head.file_id)) expect(stamp).toBeGreaterThan(LONG_AGO);

    // An update that names nothing to change changes nothing, its stamp included.
    await ageThread(head.file_id);
    await t.ok({ chain: `files/${second.file_id}`, method: 'PUT', params: {} });
    expect(await modifiedOf(head.file_id)).toEqual([LONG_AGO, LONG_AGO]);
  });

  it('says which file was not found, and names the param of a bad name or status', async () => {
    const missing = await t.api({ chain: 'files/999999', method: 'PUT', params: { detail: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.body.request.message).toBe('File 999999 not found');
    const p = await project();
    const file = await upload({ project_id: p.project_id });
    const badName = await t.api({ chain: `files/${file.file_id}`, method: 'PUT', params: { name: '..' } });
    expect(badName.status).toBe(400);
    expect(badName.body.response.errors).toEqual([{ param: 'name', message: 'must be a file name (not empty, not "." or "..")' }]);
    const badStatus = await t.api({ chain: `files/${file.file_id}`, method: 'PUT', params: { status: 'No such status' } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.response.errors.map((e: { param: string }) => e.param)).toEqual(['status']);
  });

  it('logs the contents it could not remove after a delete, by key, and nothing when all went', async () => {
    const p = await project();
    const kept = await upload({ project_id: p.project_id });
    const stuck = await upload({ project_id: p.project_id });
    const keyOf = async (fileId: number) => (await t.database.db.selectFrom('files').select('blob_key').where('file_id', '=', fileId).executeTakeFirstOrThrow()).blob_key;
    const stuckKey = await keyOf(stuck.file_id);
    // A folder where the contents were: removing it as a file fails.
    const stuckPath = path.join(t.config.blobDir, stuckKey.slice(0, 2), stuckKey);
    fs.rmSync(stuckPath);
    fs.mkdirSync(path.join(stuckPath, 'inside'), { recursive: true });

    logLines.length = 0;
    await t.ok({ chain: `files/${kept.file_id}`, method: 'DELETE' });
    expect(logLines).toEqual([]);
    await t.ok({ chain: `files/${stuck.file_id}`, method: 'DELETE' });
    const errors = logLines.map((line) => JSON.parse(line)).filter((line) => line.msg?.startsWith('could not delete file contents'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ level: 50, blob_key: stuckKey });
    fs.rmSync(stuckPath, { recursive: true });
  });
});
