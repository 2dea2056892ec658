import type { SendOptions } from './transport.js';

/** What `files.upload` takes as the file: a Blob or File, bytes, or a stream of bytes. */
export type UploadSource = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

const isNode = (): boolean => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/** A file name inside a multipart header: quotes and line breaks escaped as browsers do. */
const quoted = (text: string) => `"${text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;

function toBlob(source: Exclude<UploadSource, ReadableStream<Uint8Array>>, type: string): Blob {
  if (source instanceof Blob) return source;
  // Copied into a plain ArrayBuffer-backed view, which every Blob implementation accepts.
  const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  return new Blob([new Uint8Array(bytes)], { type });
}

/** A multipart body as a stream, so a large upload is never held in memory (Node's fetch can send it). */
function streamedMultipart(fields: Record<string, string>, source: ReadableStream<Uint8Array>, name: string, type: string): SendOptions {
  const boundary = `----teampro${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
  const encoder = new TextEncoder();
  let head = '';
  for (const [field, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(field)}\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename=${quoted(name)}\r\nContent-Type: ${type}\r\n\r\n`;
  const reader = source.getReader();
  let stage: 'head' | 'body' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'body';
        return controller.enqueue(encoder.encode(head));
      }
      const { done, value } = await reader.read();
      if (!done) return controller.enqueue(value);
      controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
      controller.close();
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, duplex: 'half' };
}

/**
 * The body of a createFile upload: the text fields first (the server reads fields up to the file part),
 * then the file. Browsers cannot stream a request body over HTTP/1.1, so there a stream is read into a
 * Blob first; Node streams it.
 */
export async function uploadBody(fields: Record<string, string>, source: UploadSource, name: string, type: string): Promise<SendOptions> {
  if (source instanceof ReadableStream) {
    if (isNode()) return streamedMultipart(fields, source, name, type);
    source = await new Response(source).blob();
  }
  const form = new FormData();
  for (const [field, value] of Object.entries(fields)) form.append(field, value);
  form.append('file', toBlob(source, type), name);
  return { body: form };
}

/** The file name in a Content-Disposition header (`filename*` preferred), or null. */
export function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([\w-]+)''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // Malformed percent-encoding: fall back to the plain filename.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  return plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2].trim()) : null;
}
