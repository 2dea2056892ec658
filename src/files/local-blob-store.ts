import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { meter } from './blob-meter.js';
import { BlobNotFoundError, type BlobInfo, type BlobStore, type StoredBlob } from './blob-store.js';

const KEY = /^[a-f0-9]{32}$/;
const PARTIAL = /^[a-f0-9]{32}\.part$/;
const FANOUT = /^[a-f0-9]{2}$/;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Blobs as files under one directory: `<root>/<k[0..2]>/<key>`, keys random (never a client's name).
 * A write goes to `<root>/tmp/<key>.part`, is fsynced, renamed into place only when complete, and the
 * rename is fsynced too, so a blob that `put` returned survives a crash and a half-written one is never
 * mistaken for a blob.
 */
export class LocalBlobStore implements BlobStore {
  private readonly tmpDir: string;

  constructor(private readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`Invalid blob key "${key}"`);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(source: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const key = randomBytes(16).toString('hex');
    const finalPath = this.pathOf(key);
    await fsp.mkdir(this.tmpDir, { recursive: true });
    await fsp.mkdir(path.dirname(finalPath), { recursive: true });
    const tmpPath = path.join(this.tmpDir, `${key}.part`);
    const counted = meter(options.maxBytes);
    try {
      // `flush` fsyncs the file before it is closed; pipeline resolves only after that close.
      const out = fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o640, flush: true, highWaterMark: 1 << 16 });
      await pipeline(source, counted.stream, out);
      await fsp.rename(tmpPath, finalPath);
      await syncDirectory(path.dirname(finalPath));
    } catch (error) {
      await fsp.rm(tmpPath, { force: true });
      throw error;
    }
    return { key, ...counted.result() };
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.pathOf(key), 'r');
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      throw error;
    }
    // 64 KiB reads keep memory flat whatever the size; the stream closes the handle when done or destroyed.
    return handle.createReadStream({ highWaterMark: 1 << 16, ...(range && { start: range.start, end: range.end }) });
  }

  async stat(key: string): Promise<BlobInfo | null> {
    // A key this store could not have made names nothing.
    return KEY.test(key) ? statOf(this.pathOf(key), key) : null;
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<BlobInfo> {
    for await (const dir of entries(this.root)) {
      if (!FANOUT.test(dir)) continue;
      for await (const name of entries(path.join(this.root, dir))) {
        if (!KEY.test(name)) continue;
        const info = await statOf(path.join(this.root, dir, name), name);
        if (info) yield info;
      }
    }
  }

  async *listPartial(): AsyncIterable<BlobInfo> {
    for await (const name of entries(this.tmpDir)) {
      if (!PARTIAL.test(name)) continue;
      const info = await statOf(path.join(this.tmpDir, name), name);
      if (info) yield info;
    }
  }

  async deletePartial(key: string): Promise<void> {
    if (!PARTIAL.test(key)) throw new Error(`Invalid partial blob name "${key}"`);
    await fsp.rm(path.join(this.tmpDir, key), { force: true });
  }
}

async function statOf(file: string, key: string): Promise<BlobInfo | null> {
  try {
    const stats = await fsp.stat(file);
    return { key, size: stats.size, modifiedMs: stats.mtimeMs };
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Names in a directory, read as a stream (a fan-out directory may hold many thousands); none if it is absent. */
async function* entries(dir: string): AsyncIterable<string> {
  let handle;
  try {
    handle = await fsp.opendir(dir);
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for await (const entry of handle) yield entry.name;
}

/** Makes a rename in `dir` durable. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
