import { fileTypeFromBuffer } from 'file-type';
import mimeTypes from 'mime-types';
import type { Readable } from 'node:stream';

/** How much of a file is read to detect its type: enough for every format file-type knows by its header. */
export const SNIFF_BYTES = 256 * 1024;

const OCTET = 'application/octet-stream';
// Containers that many specific formats are made of (Office, OpenDocument, EPUB, JAR…): the name says which.
const CONTAINERS = new Set(['application/zip', 'application/x-cfb']);

function isTextual(type: string): boolean {
  return type.startsWith('text/') || /[+/](json|xml|javascript|ecmascript)$/.test(type) || Boolean(mimeTypes.charset(type));
}

/** Text has no NUL bytes and hardly any other control characters (any 8-bit encoding counts). */
export function looksLikeText(head: Uint8Array): boolean {
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b && byte !== 0x08) controls++;
  }
  return controls <= head.length / 100;
}

/**
 * The type of a file from its first bytes and its name. The content decides where it can (a PNG named
 * `x.html` is image/png); the name refines a generic container (a zip named `.docx`) and names the
 * kind of text for contents that are text (`.csv`, `.json`); a name that claims a binary type for text
 * contents (or a text type for binary ones) is not believed. What cannot be told is application/octet-stream.
 */
export async function detectMime(head: Uint8Array, name: string): Promise<string> {
  const byName = mimeTypes.lookup(name) || null;
  if (head.length === 0) return byName ?? OCTET;
  const byContent = (await fileTypeFromBuffer(head))?.mime ?? null;
  if (byContent) {
    const refined = CONTAINERS.has(byContent) && byName?.startsWith('application/') && !isTextual(byName);
    return refined ? byName! : byContent;
  }
  if (looksLikeText(head)) return byName && isTextual(byName) ? byName : 'text/plain';
  return byName && !isTextual(byName) ? byName : OCTET;
}

/** Reads a stream's bytes up to `limit` (the stream is expected to end there: a ranged read). */
export async function readHead(stream: Readable, limit = SNIFF_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= limit) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, limit);
}
