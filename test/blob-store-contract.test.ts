import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CreateMultipartUploadCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError, BlobTooLargeError, type BlobInfo, type BlobStore } from '../src/files/blob-store.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { s3ClientFor } from '../src/files/s3-blob-store.js';
import { startS3Server, type TestS3Server } from './helpers/s3-server.js';

/** The BlobStore contract, held by every store the server can be configured with. */
const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const bytes = async (stream: Readable) => Buffer.concat(await stream.toArray());
const all = async (items: AsyncIterable<BlobInfo>) => {
  const found: BlobInfo[] = [];
  for await (const item of items) found.push(item);
  return found;
};
/** Yields `chunks` of 1 MiB, then fails. */
const failingAfter = (chunks: number) =>
  Readable.from(
    (async function* () {
      for (let i = 0; i < chunks; i++) yield randomBytes(MiB);
      throw new Error('source broke');
    })(),
  );

interface StoreUnderTest {
  store: BlobStore;
  /** Leaves an unfinished write of `data` as a crash would, outside the store's API. */
  leavePartial(data: Buffer): Promise<void>;
  close(): Promise<void>;
}

function localStore(): StoreUnderTest {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-blobs-'));
  return {
    store: new LocalBlobStore(root),
    async leavePartial(data) {
      fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
      fs.writeFileSync(path.join(root, 'tmp', `${randomBytes(16).toString('hex')}.part`), data);
    },
    async close() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A multipart upload begun and never completed, with one part of `data`. */
async function leaveMultipartUpload(server: TestS3Server, prefix: string, data: Buffer) {
  const client = s3ClientFor(server.settings(prefix));
  try {
    const Bucket = server.settings().bucket;
    const Key = `${prefix}${randomBytes(16).toString('hex')}`;
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    await client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: data }));
  } finally {
    client.destroy();
  }
}

async function s3Store(prefix = 'teampro/'): Promise<StoreUnderTest> {
  const server = await startS3Server();
  return { store: server.store(prefix), leavePartial: (data) => leaveMultipartUpload(server, prefix, data), close: () => server.close() };
}

describe.each([
  { name: 'LocalBlobStore', open: async () => localStore() },
  { name: 'S3BlobStore', open: () => s3Store() },
])('$name keeps the blob store contract', ({ open }) => {
  let subject: StoreUnderTest;
  let store: BlobStore;
  beforeAll(async () => {
    subject = await open();
    store = subject.store;
  });
  afterAll(() => subject.close());

  async function expectEmpty() {
    expect(await all(store.list())).toEqual([]);
    expect(await all(store.listPartial())).toEqual([]);
  }

  it('stores, reads whole and in ranges, stats, lists and deletes a blob', async () => {
    const data = randomBytes(300 * 1024);
    const before = Date.now();
    const stored = await store.put(Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
    expect(stored).toEqual({ key: expect.stringMatching(/^[a-f0-9]{32}$/), size: data.length, sha256: sha256(data) });
    expect((await bytes(await store.get(stored.key))).equals(data)).toBe(true);
    expect((await bytes(await store.get(stored.key, { start: 10, end: 19 }))).equals(data.subarray(10, 20))).toBe(true);
    expect((await bytes(await store.get(stored.key, { start: data.length - 1, end: data.length - 1 }))).equals(data.subarray(-1))).toBe(true);
    const info = await store.stat(stored.key);
    expect(info).toMatchObject({ key: stored.key, size: data.length });
    // S3 keeps whole seconds.
    expect(info!.modifiedMs).toBeGreaterThanOrEqual(before - 1000);
    expect(info!.modifiedMs).toBeLessThanOrEqual(Date.now() + 1000);
    expect(await all(store.list())).toEqual([{ key: stored.key, size: data.length, modifiedMs: expect.any(Number) }]);
    await store.delete(stored.key);
    expect(await store.stat(stored.key)).toBeNull();
    await expect(store.get(stored.key)).rejects.toBeInstanceOf(BlobNotFoundError);
    await store.delete(stored.key);
    await expectEmpty();
  });

  it('stores an empty blob and a blob of several multipart parts', async () => {
    const empty = await store.put(Readable.from([]));
    expect(empty.size).toBe(0);
    expect((await bytes(await store.get(empty.key))).length).toBe(0);
    const big = randomBytes(11 * MiB + 5);
    const stored = await store.put(Readable.from([big.subarray(0, 3 * MiB), big.subarray(3 * MiB)]), { maxBytes: 12 * MiB });
    expect(stored).toMatchObject({ size: big.length, sha256: sha256(big) });
    expect(sha256(await bytes(await store.get(stored.key)))).toBe(sha256(big));
    const tail = await bytes(await store.get(stored.key, { start: 10 * MiB, end: big.length - 1 }));
    expect(tail.equals(big.subarray(10 * MiB))).toBe(true);
    expect((await all(store.list())).map((b) => b.key).sort()).toEqual([empty.key, stored.key].sort());
    expect(await all(store.listPartial())).toEqual([]);
    await store.delete(empty.key);
    await store.delete(stored.key);
  });

  it('answers a missing blob with BlobNotFoundError and null, and a key it could not have made with null', async () => {
    const absent = randomBytes(16).toString('hex');
    await expect(store.get(absent)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.get(absent, { start: 0, end: 9 })).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.stat(absent)).toBeNull();
    expect(await store.stat('../../etc/passwd')).toBeNull();
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/Invalid blob key/);
  });

  it('refuses more than maxBytes and leaves nothing behind, within one part and past several', async () => {
    await expect(store.put(Readable.from([Buffer.alloc(10)]), { maxBytes: 5 })).rejects.toBeInstanceOf(BlobTooLargeError);
    await expectEmpty();
    // Past the first 5 MiB part, so an S3 store has begun a multipart upload that it must abort.
    const endless = Readable.from((function* () { for (let i = 0; i < 64; i++) yield Buffer.alloc(MiB, i); })());
    await expect(store.put(endless, { maxBytes: 12 * MiB })).rejects.toThrow(BlobTooLargeError);
    await expectEmpty();
    // The refused source is not read to its end.
    expect(endless.destroyed).toBe(true);
  });

  it('leaves nothing behind when the source fails, before the first part is full and after', async () => {
    await expect(store.put(failingAfter(1))).rejects.toThrow('source broke');
    await expectEmpty();
    await expect(store.put(failingAfter(12))).rejects.toThrow('source broke');
    await expectEmpty();
  });

  it('lists an unfinished write as partial (not as a blob) and deletes it', async () => {
    const before = Date.now();
    await subject.leavePartial(Buffer.alloc(5 * MiB + 3, 7));
    expect(await all(store.list())).toEqual([]);
    const [partial, ...more] = await all(store.listPartial());
    expect(more).toEqual([]);
    expect(partial.size).toBe(5 * MiB + 3);
    expect(partial.modifiedMs).toBeGreaterThanOrEqual(before - 1000);
    await store.deletePartial(partial.key);
    await expectEmpty();
    // Gone already (a second `files check --fix`, say) is not an error.
    await store.deletePartial(partial.key);
    await expect(store.deletePartial('not-a-partial')).rejects.toThrow(/Invalid partial blob name/);
  });
});

describe('S3BlobStore under a prefix', () => {
  let server: TestS3Server;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(() => server.close());

  it('sees only its own blobs and unfinished uploads', async () => {
    const [a, b, root] = [server.store('team-a/'), server.store('team-b/'), server.store('')];
    const inA = await a.put(Readable.from([Buffer.from('a')]));
    const inB = await b.put(Readable.from([Buffer.from('b')]));
    const inRoot = await root.put(Readable.from([Buffer.from('root')]));
    await leaveMultipartUpload(server, 'team-a/', Buffer.from('half'));
    expect((await all(a.list())).map((x) => x.key)).toEqual([inA.key]);
    expect((await all(b.list())).map((x) => x.key)).toEqual([inB.key]);
    expect((await all(root.list())).map((x) => x.key)).toEqual([inRoot.key]);
    expect(await b.stat(inA.key)).toBeNull();
    await expect(b.get(inA.key)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await all(a.listPartial())).toHaveLength(1);
    expect(await all(b.listPartial())).toEqual([]);
    expect(await all(root.listPartial())).toEqual([]);
    // Deleting another store's key touches nothing of the owner's.
    await b.delete(inA.key);
    expect(await a.stat(inA.key)).not.toBeNull();
  });
});
