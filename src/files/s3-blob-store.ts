import { randomBytes } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  paginateListObjectsV2,
  type MultipartUpload,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { S3Settings } from '../app-config.js';
import { meter } from './blob-meter.js';
import { BlobNotFoundError, type BlobInfo, type BlobStore, type StoredBlob } from './blob-store.js';

const KEY = /^[a-f0-9]{32}$/;
/** A partial blob is named by its key and the multipart upload's id, both needed to abort it. */
const PARTIAL = /^([a-f0-9]{32})\.part:(.+)$/s;
/** S3's smallest part (but the last) and most parts of one upload. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** Parts sent at once: each is held in memory while it is sent. */
const PARTS_IN_FLIGHT = 2;

/** Errors S3 gives for a key that is not there; a missing bucket is not one of them. */
function isMissing(error: unknown): boolean {
  const name = (error as Error).name;
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchUpload';
}

export function s3ClientFor(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint && { endpoint: settings.endpoint }),
    forcePathStyle: settings.forcePathStyle,
    // Not every S3-compatible service accepts the SDK's default CRC32 checksums; each blob's sha256 is
    // computed here anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Blobs as objects `<prefix><key>` in one bucket, keys random (never a client's name). S3 makes an
 * object visible only once its upload is complete, so a blob is never half there. A large blob goes
 * up as a multipart upload, which S3 keeps (and bills) until completed or aborted: `put` aborts it on
 * any failure, and the ones a crash left behind are this store's partial blobs.
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {}

  static fromSettings(settings: S3Settings): S3BlobStore {
    return new S3BlobStore(s3ClientFor(settings), settings.bucket, settings.prefix);
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    if (!KEY.test(key)) throw new Error(`Invalid blob key "${key}"`);
    return this.prefix + key;
  }

  async put(source: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const key = randomBytes(16).toString('hex');
    const counted = meter(options.maxBytes);
    let streamError: Error | null = null;
    // A failing source fails the body, and a refused body stops the source being read.
    pipeline(source, counted.stream, (error) => {
      streamError = error ?? null;
    });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectKey(key), Body: counted.stream, ContentType: 'application/octet-stream' },
      partSize: partSizeFor(options.maxBytes),
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      counted.stream.destroy();
      // The stream's own error (too large, the client went away) says more than the upload's.
      throw streamError ?? error;
    }
    return { key, ...counted.result() };
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), ...(range && { Range: `bytes=${range.start}-${range.end}` }) }),
      );
      return response.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async stat(key: string): Promise<BlobInfo | null> {
    // A key this store could not have made names nothing.
    if (!KEY.test(key)) return null;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { key, size: head.ContentLength ?? 0, modifiedMs: head.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async *list(): AsyncIterable<BlobInfo> {
    // The delimiter keeps keys under a deeper prefix (another store's, say) out of the listing.
    const pages = paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: this.prefix, Delimiter: '/' });
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.prefix.length) ?? '';
        if (KEY.test(key)) yield { key, size: object.Size ?? 0, modifiedMs: object.LastModified?.getTime() ?? 0 };
      }
    }
  }

  async *listPartial(): AsyncIterable<BlobInfo> {
    for await (const upload of this.multipartUploads()) {
      const key = upload.Key?.slice(this.prefix.length) ?? '';
      if (!KEY.test(key) || !upload.UploadId) continue;
      const parts = await this.partsOf(upload.Key!, upload.UploadId);
      if (!parts) continue;
      const started = upload.Initiated?.getTime() ?? 0;
      yield { key: `${key}.part:${upload.UploadId}`, size: parts.size, modifiedMs: Math.max(started, parts.lastWriteMs) };
    }
  }

  async deletePartial(name: string): Promise<void> {
    const match = PARTIAL.exec(name);
    if (!match) throw new Error(`Invalid partial blob name "${name}"`);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.prefix + match[1], UploadId: match[2] }));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  private async *multipartUploads(): AsyncIterable<MultipartUpload> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.prefix, Delimiter: '/', KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      yield* page.Uploads ?? [];
      if (!page.IsTruncated) return;
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    }
  }

  /**
   * The bytes an unfinished upload holds and when its last part arrived (an upload in progress is as
   * young as its last part, however long ago it began); null when it ended meanwhile.
   */
  private async partsOf(objectKey: string, uploadId: string): Promise<{ size: number; lastWriteMs: number } | null> {
    let size = 0;
    let lastWriteMs = 0;
    let marker: string | undefined;
    try {
      for (;;) {
        const page = await this.client.send(new ListPartsCommand({ Bucket: this.bucket, Key: objectKey, UploadId: uploadId, PartNumberMarker: marker }));
        for (const part of page.Parts ?? []) {
          size += part.Size ?? 0;
          lastWriteMs = Math.max(lastWriteMs, part.LastModified?.getTime() ?? 0);
        }
        if (!page.IsTruncated) return { size, lastWriteMs };
        marker = page.NextPartNumberMarker;
      }
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }
}

/** Parts big enough that the largest allowed blob fits in S3's part count. */
function partSizeFor(maxBytes: number | undefined): number {
  return maxBytes === undefined ? MIN_PART_BYTES : Math.max(MIN_PART_BYTES, Math.ceil(maxBytes / MAX_PARTS));
}
