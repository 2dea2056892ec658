import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { CreateMultipartUploadCommand, DeleteObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { blobStoreFor } from '../src/files/blob-stores.js';
import { checkFiles } from '../src/files/check.js';
import { S3BlobStore, s3ClientFor } from '../src/files/s3-blob-store.js';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';
import { s3Env, startS3Server, S3RVER_CREDENTIALS, type TestS3Server } from './helpers/s3-server.js';
import { TRANSPILED } from './helpers/transpiled.js';

/** Instances that share a database and a bucket share file contents, with no directory in common. */
const MiB = 1024 * 1024;
const PREFIX = 'contents/';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(testDatabases())('file contents in S3 on $name', (kind) => {
  let server: TestS3Server;
  let first: TestApp;
  let second: FastifyInstance;
  let secondDataDir: string;
  let projectId: number;
  const auth = new URLSearchParams(credentials('root')).toString();

  beforeAll(async () => {
    server = await startS3Server();
    first = await createTestApp(kind, s3Env(server, PREFIX));
    secondDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-second-'));
    const config = loadConfig({ TEAMPRO_DATA_DIR: secondDataDir, ...s3Env(server, PREFIX) });
    second = await buildApp({ config, database: first.database, blobs: await blobStoreFor(config), logger: false });
    await Promise.all([first.app.listen({ host: '127.0.0.1', port: 0 }), second.listen({ host: '127.0.0.1', port: 0 })]);
    projectId = (await first.ok({ chain: 'projects', method: 'POST', params: { name: 'Shared' } })).project.project_id;
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await server?.close();
    fs.rmSync(secondDataDir, { recursive: true, force: true });
  });

  const url = (app: FastifyInstance, chain: string) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api.php/v1/${chain}/json?${auth}`;
  const all = async <T>(items: AsyncIterable<T>) => {
    const found: T[] = [];
    for await (const item of items) found.push(item);
    return found;
  };

  it('chooses the S3 store from the config', () => {
    expect(first.blobs).toBeInstanceOf(S3BlobStore);
  });

  it('downloads through one instance what was uploaded through another', async () => {
    // Past one 5 MiB part: the upload goes to S3 as a multipart upload.
    const data = randomBytes(7 * MiB + 11);
    const form = new FormData();
    form.append('params', JSON.stringify({ project_id: projectId }));
    form.append('file', new Blob([new Uint8Array(data)]), 'shared.bin');
    const uploaded = await fetch(url(first.app, 'files'), { method: 'POST', body: form });
    const body = (await uploaded.json()) as any;
    expect(uploaded.status, JSON.stringify(body)).toBe(200);
    expect(body.response.file).toMatchObject({ size: data.length, sha256: sha256(data) });
    const fileId = body.response.file.file_id;

    const whole = await fetch(url(second, `files/${fileId}/download`));
    expect(whole.status).toBe(200);
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(data));
    const ranged = await fetch(url(second, `files/${fileId}/download`), { headers: { Range: 'bytes=6291456-6291465' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(data.subarray(6291456, 6291466))).toBe(true);

    // Neither instance wrote contents to its own directory.
    expect(fs.existsSync(first.config.blobDir)).toBe(false);
    expect(fs.existsSync(path.join(secondDataDir, 'blobs'))).toBe(false);
    expect(await all(first.blobs.listPartial())).toEqual([]);
  });

  it('lets files check find and fix orphans, lost contents, damage and unfinished uploads in the bucket', async () => {
    const create = async (text: string) =>
      (await first.ok({ chain: 'files', method: 'POST', params: { project_id: projectId, name: 'f.txt', content: Buffer.from(text).toString('base64') } })).file;
    const keyOf = async (fileId: number) =>
      (await first.database.db.selectFrom('files').select('blob_key').where('file_id', '=', fileId).executeTakeFirstOrThrow()).blob_key;
    const lost = await create('soon gone');
    const damaged = await create('twelve bytes');
    const orphan = await first.blobs.put(Readable.from([Buffer.from('nobody refers to me')]));
    const client = s3ClientFor(server.settings(PREFIX));
    const Bucket = server.settings().bucket;
    try {
      await client.send(new DeleteObjectCommand({ Bucket, Key: PREFIX + (await keyOf(lost.file_id)) }));
      await client.send(new PutObjectCommand({ Bucket, Key: PREFIX + (await keyOf(damaged.file_id)), Body: 'short' }));
      const Key = `${PREFIX}${randomBytes(16).toString('hex')}`;
      const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'half an upload' }));
    } finally {
      client.destroy();
    }

    const young = await checkFiles(first.database.db, first.blobs, { fix: false, graceSeconds: 3600 });
    expect(young).toMatchObject({ blobsWithoutRows: { count: 0 }, tempFiles: { count: 0 }, rowsWithoutBlobs: { count: 1 } });

    const report = await checkFiles(first.database.db, first.blobs, { fix: false, graceSeconds: 0 });
    expect(report.blobsWithoutRows.items.map((b) => b.key)).toEqual([orphan.key]);
    expect(report.rowsWithoutBlobs.items.map((r) => r.file_id)).toEqual([lost.file_id]);
    expect(report.sizeMismatches.items).toEqual([expect.objectContaining({ file_id: damaged.file_id, expected: 12, actual: 5 })]);
    expect(report.tempFiles.items).toEqual([expect.objectContaining({ size: 'half an upload'.length })]);

    const fixed = await checkFiles(first.database.db, first.blobs, { fix: true, graceSeconds: 0 });
    expect(fixed).toMatchObject({ blobsWithoutRows: { count: 1 }, rowsWithoutBlobs: { count: 1 }, sizeMismatches: { count: 1 }, tempFiles: { count: 1 } });
    expect(await first.blobs.stat(orphan.key)).toBeNull();
    expect(await all(first.blobs.listPartial())).toEqual([]);
    const after = await checkFiles(first.database.db, first.blobs, { fix: false, graceSeconds: 0 });
    expect(after).toMatchObject({ blobsWithoutRows: { count: 0 }, rowsWithoutBlobs: { count: 0 }, sizeMismatches: { count: 1 }, tempFiles: { count: 0 } });
  });
});

describe('teampro files check with TEAMPRO_S3_BUCKET', () => {
  let server: TestS3Server;
  let dataDir: string;
  beforeAll(async () => {
    server = await startS3Server();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-cli-s3-'));
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const teampro = async (args: string[]) => {
    const env = {
      ...process.env,
      DATABASE_URL: '',
      TEAMPRO_DATA_DIR: dataDir,
      ...s3Env(server, PREFIX),
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    };
    const done = promisify(execFile)(process.execPath, [path.join(TRANSPILED, 'cli/index.js'), ...args], { env });
    return done.then(({ stdout }) => ({ code: 0, stdout }), (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }));
  };

  it('reports contents in the bucket that no file refers to, and removes them with --fix', async () => {
    expect((await teampro(['migrate'])).code).toBe(0);
    const orphan = await server.store(PREFIX).put(Readable.from([Buffer.from('nobody refers to me')]));
    const found = await teampro(['files', 'check', '--grace', '0', '--json']);
    expect(found.code).toBe(1);
    expect(JSON.parse(found.stdout).blobsWithoutRows.items).toEqual([expect.objectContaining({ key: orphan.key })]);
    const fixed = await teampro(['files', 'check', '--grace', '0', '--fix']);
    expect(fixed.stdout).toContain('Fixed');
    expect(fixed.code).toBe(0);
    expect(await server.store(PREFIX).stat(orphan.key)).toBeNull();
    // Nothing went to the local directory.
    expect(fs.existsSync(path.join(dataDir, 'blobs'))).toBe(false);
  });
});
