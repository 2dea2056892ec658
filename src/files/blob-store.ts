import type { Readable } from 'node:stream';

export interface StoredBlob {
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
}

/** A stored blob or a partial write, as the consistency check sees it. */
export interface BlobInfo {
  readonly key: string;
  readonly size: number;
  /** Last write, in milliseconds since the epoch. */
  readonly modifiedMs: number;
}

/** Where file contents live. Keys are server-made; client file names never reach a path. */
export interface BlobStore {
  /**
   * Streams `source` to a new blob; the blob exists only once the whole stream was written and made
   * durable. On any failure nothing is left behind (not even the partial write) and the error is rethrown.
   */
  put(source: Readable, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** Reads a blob, or the inclusive byte range [start, end] of it; `BlobNotFoundError` when absent. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** The blob's size and age, or null when it does not exist. */
  stat(key: string): Promise<BlobInfo | null>;
  /** Removes a blob; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Every complete blob (for the consistency check). */
  list(): AsyncIterable<BlobInfo>;
  /** Partial writes still on disk: uploads in progress, or left by a crash. */
  listPartial(): AsyncIterable<BlobInfo>;
  deletePartial(key: string): Promise<void>;
}

/** `put` refused a stream longer than `maxBytes`. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The content is larger than ${maxBytes} bytes`);
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`Blob ${key} does not exist`);
  }
}
