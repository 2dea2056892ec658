import { buildWireRequest, multipartFields, type WireCall, type WireRequest } from '../../client/wire.js';

/** One exchange as the sandbox shows it: what went out, what came back, how long it took. */
export interface Exchange {
  readonly request: WireRequest;
  /** The body as text for display (JSON, or a summary of the multipart parts). */
  readonly bodyShown: string | null;
  readonly status: number;
  readonly statusText: string;
  readonly headers: [string, string][];
  readonly contentType: string;
  /** The reply body as text; for a binary download, a short description instead. */
  readonly text: string;
  readonly binary: boolean;
  readonly ms: number;
}

function multipartSummary(fields: Record<string, string>, file: File): string {
  const lines = Object.entries(fields).map(([name, value]) => `--- part "${name}"\n${value}`);
  lines.push(`--- part "file"; filename="${file.name}" (${file.size} bytes, ${file.type || 'application/octet-stream'})`);
  return lines.join('\n');
}

function prepare(call: WireCall, file: File | null): { request: WireRequest; init: RequestInit; bodyShown: string | null } {
  const request = buildWireRequest(call);
  if (!file) return { request, init: { method: request.method, headers: request.headers, body: request.body }, bodyShown: request.body ?? null };
  const fields = multipartFields(call);
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, file.name);
  // The browser sets the multipart Content-Type with its boundary.
  const { 'Content-Type': _json, ...headers } = request.headers;
  const shown: WireRequest = { ...request, headers: { ...headers, 'Content-Type': 'multipart/form-data; boundary=…' }, body: undefined };
  return { request: shown, init: { method: request.method, headers, body: form }, bodyShown: multipartSummary(fields, file) };
}

const TEXTUAL = /json|xml|text|javascript|csv|yaml/i;

/** Sends the call (multipart when a file is given) and reads the whole reply. */
export async function send(call: WireCall, file: File | null): Promise<Exchange> {
  const { request, init, bodyShown } = prepare(call, file);
  const started = performance.now();
  const response = await fetch(request.url, init);
  const contentType = response.headers.get('content-type') ?? '';
  const binary = !TEXTUAL.test(contentType);
  const text = binary ? `(${(await response.arrayBuffer()).byteLength} bytes of ${contentType || 'unknown type'})` : await response.text();
  return {
    request,
    bodyShown,
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers.entries()],
    contentType,
    text,
    binary,
    ms: Math.round(performance.now() - started),
  };
}
