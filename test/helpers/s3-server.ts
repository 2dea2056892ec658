import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../src/app-config.js';
import { S3BlobStore } from '../../src/files/s3-blob-store.js';

/** s3rver's fixed account: it checks request signatures against these. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3Server {
  readonly endpoint: string;
  /** Settings for a store in `bucket` (made on start) under `prefix`. */
  settings(prefix?: string): S3Settings;
  /** A store on this server, closed by `close`. */
  store(prefix?: string): S3BlobStore;
  close(): Promise<void>;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  status: number;
  body: unknown;
}
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
/** The parts of s3rver (a Koa app) its published types leave out. */
interface S3rverInternals {
  middleware: Middleware[];
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
}

/**
 * s3rver, in this process on a free port, with its data in a temp dir. s3rver answers neither
 * ListMultipartUploads, ListParts nor AbortMultipartUpload, so a small handler adds them over its own
 * record of unfinished uploads (a directory per upload with the key in `key` and each part in a file
 * named by its number).
 */
export async function startS3Server(bucket = 'teampro-test'): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const internals = server as unknown as S3rverInternals;
  const uploadsDir = (name: string) => internals.store.getResourcePath(name, undefined, 'uploads');
  // Before the router (the last middleware), after s3rver's XML encoding of plain-object bodies.
  internals.middleware.splice(internals.middleware.length - 1, 0, multipartUploadsHandler(uploadsDir));
  const { port } = await server.run();
  // Credentials reach the SDK as in production: through its standard chain, here the environment.
  const restoreEnv = setEnv({ AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey });
  const endpoint = `http://127.0.0.1:${port}`;
  const stores: S3BlobStore[] = [];
  const settings = (prefix = ''): S3Settings => ({ bucket, endpoint, region: 'us-east-1', prefix, forcePathStyle: true });
  return {
    endpoint,
    settings,
    store(prefix = '') {
      const store = S3BlobStore.fromSettings(settings(prefix));
      stores.push(store);
      return store;
    },
    async close() {
      for (const store of stores) store.destroy();
      await server.close();
      restoreEnv();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** TeamPro's environment for contents on `server`. */
export function s3Env(server: TestS3Server, prefix = ''): Record<string, string> {
  return { TEAMPRO_S3_BUCKET: server.settings().bucket, TEAMPRO_S3_ENDPOINT: server.endpoint, TEAMPRO_S3_PREFIX: prefix };
}

function setEnv(values: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function multipartUploadsHandler(uploadsDir: (bucket: string) => string): Middleware {
  return async (ctx, next) => {
    const [, bucket, ...rest] = ctx.path.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'GET' && !key && 'uploads' in ctx.query) return listUploads(ctx, bucket, uploadsDir(bucket));
    if (ctx.method === 'GET' && key && uploadId) return listParts(ctx, bucket, key, path.join(uploadsDir(bucket), uploadId));
    if (ctx.method === 'DELETE' && key && uploadId) return abortUpload(ctx, path.join(uploadsDir(bucket), uploadId));
    return next();
  };
}

async function listUploads(ctx: KoaContext, bucket: string, dir: string) {
  const prefix = ctx.query.prefix ?? '';
  const uploads = [];
  for (const uploadId of await fsp.readdir(dir).catch(() => [])) {
    const key = await fsp.readFile(path.join(dir, uploadId, 'key'), 'utf8').catch(() => null);
    if (key === null || !key.startsWith(prefix)) continue;
    const initiated = (await fsp.stat(path.join(dir, uploadId, 'key'))).mtime.toISOString();
    uploads.push({ Key: key, UploadId: uploadId, Initiated: initiated });
  }
  ctx.body = { ListMultipartUploadsResult: { Bucket: bucket, Prefix: prefix, MaxUploads: 1000, IsTruncated: false, Upload: uploads } };
}

async function listParts(ctx: KoaContext, bucket: string, key: string, dir: string) {
  const names = await fsp.readdir(dir).catch(() => null);
  if (!names) return noSuchUpload(ctx);
  const parts = [];
  for (const name of names.filter((n) => /^\d+$/.test(n)).sort((a, b) => Number(a) - Number(b))) {
    const stats = await fsp.stat(path.join(dir, name));
    const etag = await fsp.readFile(path.join(dir, `${name}.md5`), 'utf8').catch(() => '');
    parts.push({ PartNumber: Number(name), LastModified: stats.mtime.toISOString(), ETag: `"${etag}"`, Size: stats.size });
  }
  ctx.body = { ListPartsResult: { Bucket: bucket, Key: key, UploadId: ctx.query.uploadId, IsTruncated: false, Part: parts } };
}

async function abortUpload(ctx: KoaContext, dir: string) {
  if (!fs.existsSync(dir)) return noSuchUpload(ctx);
  await fsp.rm(dir, { recursive: true, force: true });
  ctx.status = 204;
}

function noSuchUpload(ctx: KoaContext) {
  ctx.status = 404;
  ctx.body = { Error: { Code: 'NoSuchUpload', Message: 'The specified upload does not exist.' } };
}
