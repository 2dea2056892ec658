import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../errors.js';
import type { BlobStore, StoredBlob } from './blob-store.js';

const KEY = /^[a-f0-9]{32}$/;

/**
 * Blobs as files under one directory, named by random keys (two-level fan-out). A write goes to a
 * temporary file, is fsynced, and is renamed into place only when complete.
 */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`Invalid blob key "${key}"`);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(source: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const key = randomBytes(16).toString('hex');
    const finalPath = this.pathOf(key);
    const tmpDir = path.join(this.root, 'tmp');
    await fsp.mkdir(tmpDir, { recursive: true });
    await fsp.mkdir(path.dirname(finalPath), { recursive: true });
    const tmpPath = path.join(tmpDir, `${key}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          done(new ApiError('PAYLOAD_TOO_LARGE', `The file is larger than the ${options.maxBytes}-byte limit`));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      const out = fs.createWriteStream(tmpPath, { flags: 'wx' });
      await pipeline(source, meter, out);
      const handle = await fsp.open(tmpPath, 'r');
      await handle.sync().finally(() => handle.close());
      await fsp.rename(tmpPath, finalPath);
    } catch (error) {
      await fsp.rm(tmpPath, { force: true });
      throw error;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const file = this.pathOf(key);
    await fsp.access(file);
    return fs.createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<string> {
    let fanout: string[];
    try {
      fanout = await fsp.readdir(this.root);
    } catch {
      return;
    }
    for (const dir of fanout.filter((d) => /^[a-f0-9]{2}$/.test(d))) {
      for (const name of await fsp.readdir(path.join(this.root, dir))) if (KEY.test(name)) yield name;
    }
  }
}
