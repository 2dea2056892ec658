import type { IncomingHttpHeaders } from 'node:http';
import type { FileRow } from '../db/types.js';
import type { CallContext, RawReply } from '../engine/method.js';
import { ApiError } from '../errors.js';
import { BlobNotFoundError } from './blob-store.js';
import { attachmentHeader } from './names.js';
import { getVisibleFile } from './service.js';

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** What a Range header asks of a representation of `size` bytes. */
export type RangeAnswer = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const FULL: RangeAnswer = { kind: 'full' };

/**
 * Reads a `Range` header (RFC 9110 §14). One range is served as 206: `a-b` (end clamped to the last
 * byte), `a-` (to the end), `-n` (the last n bytes). A range starting past the end is 416. Anything
 * else is ignored and the whole file sent with 200, as the RFC allows: malformed headers, units other
 * than bytes, and several ranges (no multipart/byteranges; clients get the whole file in one go).
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header ?? '');
  if (!match || match[1].includes(',')) return FULL;
  const spec = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(match[1]);
  if (!spec || (spec[1] === '' && spec[2] === '')) return FULL;
  if (spec[1] === '') {
    const suffix = Number(spec[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(spec[1]);
  if (spec[2] !== '' && Number(spec[2]) < start) return FULL;
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = spec[2] === '' ? size - 1 : Number(spec[2]);
  return { kind: 'partial', range: { start, end: Math.min(end, size - 1) } };
}

const etagOf = (file: FileRow) => `"${file.sha256}"`;
const lastModifiedOf = (file: FileRow) => new Date(Number(file.created) * 1000).toUTCString();

/** If-None-Match (weak comparison, `*`), else If-Modified-Since: the client's copy is current. */
export function notModified(headers: IncomingHttpHeaders, file: FileRow): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    const tags = noneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etagOf(file));
  }
  const since = Date.parse(headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Number(file.created) * 1000 <= since;
}

/** If-Range: a Range applies only while the client's validator still matches (strong ETag or exact date). */
function rangeStillValid(headers: IncomingHttpHeaders, file: FileRow): boolean {
  const ifRange = String(headers['if-range'] ?? '').trim();
  if (!ifRange) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return ifRange === etagOf(file);
  return ifRange === lastModifiedOf(file);
}

/** Headers every reply about this file's bytes carries (200, 206, 304, HEAD). */
function validatorHeaders(file: FileRow): Record<string, string> {
  return { ETag: etagOf(file), 'Last-Modified': lastModifiedOf(file), 'Cache-Control': 'private, no-cache' };
}

function contentHeaders(file: FileRow, length: number): Record<string, string | number> {
  return {
    ...validatorHeaders(file),
    'Content-Type': file.mime || 'application/octet-stream',
    'Content-Length': length,
    'Content-Disposition': attachmentHeader(file.name),
    'Accept-Ranges': 'bytes',
    // Downloads are attachments and never rendered as our origin's pages, whatever they contain.
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  };
}

/**
 * downloadFile: the bytes, streamed from the blob store with no transaction open, not the envelope.
 * A blob missing under a row is a server fault (500, logged); `teampro files check` reports it.
 */
export async function downloadFile(ctx: CallContext, fileId: number): Promise<RawReply> {
  const file = await getVisibleFile(ctx, fileId);
  if (notModified(ctx.headers, file)) return { raw: true, status: 304, headers: validatorHeaders(file), body: null };
  const size = Number(file.size);
  const answer = rangeStillValid(ctx.headers, file) ? parseRange(ctx.headers.range, size) : FULL;
  if (answer.kind === 'unsatisfiable') {
    throw new ApiError('RANGE_NOT_SATISFIABLE', `The range is outside the file's ${size} bytes`, undefined, { 'Content-Range': `bytes */${size}` });
  }
  const range = answer.kind === 'partial' ? answer.range : undefined;
  const body = await openBlob(ctx, file, range);
  if (!range) return { raw: true, status: 200, headers: contentHeaders(file, size), body };
  const headers = { ...contentHeaders(file, range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` };
  return { raw: true, status: 206, headers, body };
}

async function openBlob(ctx: CallContext, file: FileRow, range: ByteRange | undefined) {
  if (Number(file.size) === 0) return Buffer.alloc(0);
  try {
    return await ctx.blobs.get(file.blob_key, range);
  } catch (error) {
    if (error instanceof BlobNotFoundError) {
      ctx.log().error({ file_id: file.file_id, blob_key: file.blob_key }, 'file contents missing; run "teampro files check"');
      throw new ApiError('INTERNAL');
    }
    throw error;
  }
}
