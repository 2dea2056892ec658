import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/** Upload and download over real HTTP on loopback: streaming, limits, aborted uploads, ranges, validators. */
const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe.each(testDatabases())('file transfer over HTTP on $name', (kind) => {
  let t: TestApp;
  let base: string;
  let store: LocalBlobStore;
  let projectId: number;
  const auth = new URLSearchParams(credentials('root')).toString();

  beforeAll(async () => {
    t = await createTestApp(kind, { TEAMPRO_MAX_UPLOAD_MB: '8' });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    store = new LocalBlobStore(t.config.blobDir);
    projectId = (await t.api({ chain: 'projects', method: 'POST', params: { name: 'Transfers' } })).body.response.project.project_id;
  });
  afterAll(() => t.close());

  const url = (chain: string) => `${base}/api.php/v1/${chain}/json?${auth}`;

  async function uploadForm(data: Buffer, name: string, params: Record<string, unknown> = { project_id: projectId }) {
    const form = new FormData();
    form.append('params', JSON.stringify(params));
    form.append('file', new Blob([new Uint8Array(data)]), name);
    const res = await fetch(url('files'), { method: 'POST', body: form });
    return { status: res.status, body: (await res.json()) as any };
  }
  const download = (id: number, headers: Record<string, string> = {}, method = 'GET') => fetch(url(`files/${id}/download`), { method, headers });
  const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());
  /** The status of a download whose body is not wanted (cancelled, so the server is not left writing). */
  const statusOf = async (pending: Promise<Response>) => {
    const res = await pending;
    await res.body?.cancel();
    return res.status;
  };

  async function storeState() {
    const blobs: string[] = [];
    for await (const blob of store.list()) blobs.push(blob.key);
    const partial: string[] = [];
    for await (const part of store.listPartial()) partial.push(part.key);
    const rows = await t.database.db.selectFrom('files').select('blob_key').execute();
    return { blobs: blobs.sort(), rows: rows.map((r) => r.blob_key).sort(), partial };
  }
  /** Polls until the server has finished with an aborted request (it learns of the abort asynchronously). */
  async function settled(expectRows: number) {
    for (let i = 0; i < 100; i++) {
      const state = await storeState();
      if (state.partial.length === 0 && state.rows.length === expectRows && state.blobs.length === expectRows) return state;
      await new Promise((r) => setTimeout(r, 50));
    }
    return storeState();
  }

  let sample: { id: number; data: Buffer };

  it('round-trips a multi-MiB binary file byte for byte', async () => {
    const data = Buffer.concat([Buffer.alloc(1000), randomBytes(5 * MiB), Buffer.from([0, 0, 0])]);
    const res = await uploadForm(data, 'big.bin');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.response.file).toMatchObject({ size: data.length, sha256: sha256(data) });
    sample = { id: res.body.response.file.file_id, data };
    const got = await download(sample.id);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe(String(data.length));
    expect(got.headers.get('etag')).toBe(`"${sha256(data)}"`);
    expect(got.headers.get('accept-ranges')).toBe('bytes');
    expect(Date.parse(got.headers.get('last-modified') ?? '')).toBeGreaterThan(0);
    expect((await bytes(got)).equals(data)).toBe(true);
    const state = await storeState();
    expect(state.blobs).toEqual(state.rows);
  });

  it('refuses an upload whose Content-Length is past the limit with 413, storing nothing', async () => {
    const before = await storeState();
    const res = await uploadForm(Buffer.alloc(9 * MiB), 'too-big.bin').catch((error) => ({ status: 0, body: String(error) }));
    expect(res.status).toBe(413);
    expect(res.body.request.message).toMatch(/8 MiB/);
    expect(await settled(before.rows.length)).toEqual(before);
  });

  it('invites the body of an Expect: 100-continue upload only when its length is within the limit', async () => {
    const before = await storeState();
    const refused = await expectContinue(20 * MiB);
    expect(refused).toEqual({ invited: false, status: 413 });
    const accepted = await expectContinue(2 * MiB);
    expect(accepted).toEqual({ invited: true, status: 200 });
    expect((await storeState()).rows.length).toBe(before.rows.length + 1);
  });

  it('stops a chunked upload at the limit with 413 before reading the rest, storing nothing', async () => {
    const before = await storeState();
    const { status, bytesSent } = await chunkedUpload(64 * MiB);
    expect(status).toBe(413);
    // The limit (8 MiB) plus what socket buffers hold; never the whole body.
    expect(bytesSent).toBeLessThan(32 * MiB);
    expect(await settled(before.rows.length)).toEqual(before);
  });

  it('leaves neither row nor blob nor temp file when the client goes away half way', async () => {
    const before = await storeState();
    const inFlight = await abortedUpload(4 * MiB, 2 * MiB);
    expect(inFlight.partial).toHaveLength(1);
    const after = await settled(before.rows.length);
    expect(after).toEqual(before);
    const ok = await fetch(url('files'));
    expect(ok.status).toBe(200);
  });

  it('serves single ranges with 206 and the right Content-Range', async () => {
    const { id, data } = sample;
    const size = data.length;
    const cases: [string, number, number][] = [
      ['bytes=0-0', 0, 0],
      ['bytes=10-19', 10, 19],
      ['bytes=1000-', 1000, size - 1],
      ['bytes=-10', size - 10, size - 1],
      [`bytes=-${size + 50}`, 0, size - 1],
      [`bytes=${size - 5}-${size + 1000}`, size - 5, size - 1],
      [' BYTES = 5 - 6 ', 5, 6],
    ];
    for (const [range, start, end] of cases) {
      const res = await download(id, { Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect((await bytes(res)).equals(data.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('answers 416 to a range past the end, and the whole file to ranges it ignores', async () => {
    const { id, data } = sample;
    const size = data.length;
    for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=-0']) {
      const res = await download(id, { Range: range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
      expect(((await res.json()) as any).request.code).toBe(416);
    }
    for (const range of ['bytes=0-1,4-5', 'bytes=5-2', 'items=0-1', 'bytes=abc', 'bytes=-']) {
      const res = await download(id, { Range: range });
      expect(res.status, range).toBe(200);
      expect(res.headers.get('content-range')).toBeNull();
      expect((await bytes(res)).length, range).toBe(size);
    }
  });

  it('applies a Range only while If-Range still matches', async () => {
    const { id, data } = sample;
    const etag = `"${sha256(data)}"`;
    const first = await download(id);
    const lastModified = first.headers.get('last-modified')!;
    await first.body?.cancel();
    expect(await statusOf(download(id, { Range: 'bytes=0-9', 'If-Range': etag }))).toBe(206);
    expect(await statusOf(download(id, { Range: 'bytes=0-9', 'If-Range': lastModified }))).toBe(206);
    const stale = await download(id, { Range: 'bytes=0-9', 'If-Range': '"other"' });
    expect(stale.status).toBe(200);
    expect((await bytes(stale)).length).toBe(data.length);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const { id, data } = sample;
    const head = await download(id, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(data.length));
    expect(head.headers.get('content-disposition')).toBe('attachment; filename="big.bin"');
    expect((await bytes(head)).length).toBe(0);
    const ranged = await download(id, { Range: 'bytes=0-99' }, 'HEAD');
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-length')).toBe('100');
  });

  it('answers 304 when the client already has the file', async () => {
    const { id, data } = sample;
    const etag = `"${sha256(data)}"`;
    for (const tag of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await download(id, { 'If-None-Match': tag });
      expect(res.status, tag).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect((await bytes(res)).length).toBe(0);
    }
    expect(await statusOf(download(id, { 'If-None-Match': '"nope"' }))).toBe(200);
    const future = new Date(Date.now() + 3600_000).toUTCString();
    expect(await statusOf(download(id, { 'If-Modified-Since': future }))).toBe(304);
    expect(await statusOf(download(id, { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' }))).toBe(200);
    expect(await statusOf(download(id, { 'If-None-Match': '"nope"', 'If-Modified-Since': future }))).toBe(200);
  });

  it('serves an empty file and refuses any range of it', async () => {
    const res = await uploadForm(Buffer.alloc(0), 'nothing.bin');
    const id = res.body.response.file.file_id;
    const got = await download(id);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe('0');
    expect((await bytes(got)).length).toBe(0);
    expect(await statusOf(download(id, { Range: 'bytes=0-' }))).toBe(416);
    expect(await statusOf(download(id, { Range: 'bytes=-1' }))).toBe(416);
  });

  /** A multipart body sent chunked (no Content-Length), so only the streaming limit can stop it. */
  function chunkedUpload(fileBytes: number): Promise<{ status: number; bytesSent: number }> {
    const boundary = 'chunkedboundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="params"\r\n\r\n${JSON.stringify({ project_id: projectId })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="endless.bin"\r\n\r\n`;
    return new Promise((resolve, reject) => {
      let bytesSent = 0;
      let stopped = false;
      const req = http.request(url('files'), { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' } });
      req.on('response', (res) => {
        stopped = true;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytesSent }));
      });
      req.on('error', (error) => {
        stopped = true;
        if (bytesSent === 0) reject(error);
      });
      req.write(head);
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (bytesSent < fileBytes) {
          if (stopped) return;
          bytesSent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
  }

  /** Asks before sending (Expect: 100-continue) and sends the body only when invited. */
  function expectContinue(fileBytes: number): Promise<{ invited: boolean; status: number }> {
    const boundary = 'continueboundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="params"\r\n\r\n${JSON.stringify({ project_id: projectId })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="asked.bin"\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    return new Promise((resolve, reject) => {
      let invited = false;
      const req = http.request(url('files'), {
        method: 'POST',
        headers: { expect: '100-continue', 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + fileBytes + tail.length },
      });
      req.on('continue', () => {
        invited = true;
        req.write(head);
        req.write(Buffer.alloc(fileBytes, 2));
        req.end(tail);
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => {
          req.destroy();
          resolve({ invited, status: res.statusCode ?? 0 });
        });
      });
      req.on('error', reject);
      req.flushHeaders();
    });
  }

  /** Declares `total` bytes of file, sends `sent` of them, then drops the connection; returns the store as it was just before. */
  function abortedUpload(total: number, sent: number): Promise<Awaited<ReturnType<typeof storeState>>> {
    const boundary = 'abortboundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="params"\r\n\r\n${JSON.stringify({ project_id: projectId })}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    return new Promise((resolve) => {
      const req = http.request(url('files'), {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + total + tail.length },
      });
      req.on('error', () => undefined);
      req.write(head);
      req.write(randomBytes(sent), () =>
        setTimeout(async () => {
          const state = await storeState();
          req.destroy();
          resolve(state);
        }, 200),
      );
    });
  }
});

describe('blob store layout', () => {
  it('writes under server-made keys only, through a temp file', async () => {
    const root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'teampro-blobs-'));
    try {
      const store = new LocalBlobStore(root);
      const { Readable } = await import('node:stream');
      const stored = await store.put(Readable.from([Buffer.from('abc')]));
      expect(stored.key).toMatch(/^[a-f0-9]{32}$/);
      expect(fs.readFileSync(path.join(root, stored.key.slice(0, 2), stored.key), 'utf8')).toBe('abc');
      expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
      const failing = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
      await expect(store.put(failing)).rejects.toThrow('disk on fire');
      const tooBig = store.put(Readable.from([Buffer.alloc(10)]), { maxBytes: 5 });
      await expect(tooBig).rejects.toThrow(/larger than 5 bytes/);
      expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
      expect(await store.stat('../../etc/passwd')).toBeNull();
      await expect(store.get('../../etc/passwd')).rejects.toThrow(/Invalid blob key/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
