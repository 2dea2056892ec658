import type { Readable } from 'node:stream';

export interface StoredBlob {
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
}

/** Where file contents live. Keys are server-made; client file names never reach a path. */
export interface BlobStore {
  /** Streams `source` to a new blob; the blob exists only once the whole stream was written. */
  put(source: Readable, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** Reads a blob, or the inclusive byte range [start, end] of it. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** Every key stored (for the consistency check). */
  list(): AsyncIterable<string>;
}
