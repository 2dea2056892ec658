import { chainPlaceholders, type HttpMethod } from './method-table.js';

/**
 * How one call goes on the wire: which URL form, where the params and credentials travel. Shared by
 * the SDK and the sandbox so that what the sandbox shows is exactly what the SDK sends.
 */
export type UrlStyle = 'clean' | 'rewritten' | 'direct';
export type Format = 'json' | 'xml';
/** `basic`: an Authorization header (keeps credentials out of URLs and logs); `params`: username/password fields. */
export type AuthStyle = 'basic' | 'params';

export interface Credentials {
  readonly username: string;
  readonly passwordMd5: string;
}

export interface WireCall {
  /** The api.php URL, e.g. https://example.com/modules/addons/wbteampro/api.php */
  readonly apiUrl: string;
  readonly style: UrlStyle;
  /** The chain with ids filled in, e.g. projects/100/actions. */
  readonly chain: string;
  readonly format: Format;
  readonly http: HttpMethod;
  /** Send as POST with a `method` parameter instead of using the HTTP method itself. */
  readonly override?: boolean;
  readonly params: Record<string, unknown>;
  /** null: the call carries no login, and the browser's session cookie signs it in. */
  readonly credentials: Credentials | null;
  readonly auth: AuthStyle;
}

export interface WireRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  /** JSON text for POST/PUT, or undefined when everything is in the URL. */
  readonly body?: string;
}

/** The site part of an API URL: the URL without a trailing `/api.php` or `/api`. */
export function siteBase(apiUrl: string): string {
  return apiUrl.trim().replace(/[?#].*$/, '').replace(/\/+$/, '').replace(/\/(api\.php|api)$/i, '');
}

/** The URL of a call in one of the three forms, without query parameters other than `action`. */
export function actionUrl(apiUrl: string, style: UrlStyle, chain: string, format: Format): string {
  const base = siteBase(apiUrl);
  const parts = chain.split('/').filter(Boolean).map(encodeURIComponent);
  if (style === 'direct') return `${base}/api.php?action=${['v1', ...parts, format].join('.')}`;
  const script = style === 'rewritten' ? 'api' : 'api.php';
  return `${base}/${script}/${['v1', ...parts, format].join('/')}`;
}

/** Puts the ids a chain pattern names into the chain; the rest stay params. */
export function fillChain(pattern: string, params: Record<string, unknown>): { chain: string; rest: Record<string, unknown> } {
  const rest = { ...params };
  let chain = pattern;
  for (const name of chainPlaceholders(pattern)) {
    const value = rest[name];
    if (value === undefined || value === null || value === '') throw new TypeError(`${name} is required for ${pattern}`);
    chain = chain.replace(`{${name}}`, String(value));
    delete rest[name];
  }
  return { chain, rest };
}

/** JSON text of params; Dates become ISO 8601 UTC, which every timestamp param accepts. */
export function paramsJson(params: Record<string, unknown>): string {
  return JSON.stringify(params, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.toISOString().replace(/\.\d{3}Z$/, 'Z') : value;
  });
}

/** `Basic base64(user:md5)`, UTF-8 safe in browsers and Node alike. */
export function basicAuth({ username, passwordMd5 }: Credentials): string {
  const bytes = new TextEncoder().encode(`${username}:${passwordMd5}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

function withQuery(url: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  if (!search) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${search}`;
}

/** The exact request for a call: URL, HTTP method, headers and body. */
export function buildWireRequest(call: WireCall): WireRequest {
  const method = call.override ? 'POST' : call.http;
  const hasBody = method === 'POST' || method === 'PUT';
  const headers: Record<string, string> = { Accept: call.format === 'xml' ? 'application/xml' : 'application/json' };
  const query: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  if (call.override) query.method = call.http.toLowerCase();
  if (call.credentials !== null) {
    const credentials = { username: call.credentials.username, password: call.credentials.passwordMd5 };
    if (call.auth === 'basic') headers.Authorization = basicAuth(call.credentials);
    else Object.assign(hasBody ? body : query, credentials);
  }
  if (hasBody) body.params = call.params;
  else if (Object.keys(call.params).length > 0) query.params = paramsJson(call.params);
  const url = withQuery(actionUrl(call.apiUrl, call.style, call.chain, call.format), query);
  if (!hasBody) return { url, method, headers };
  headers['Content-Type'] = 'application/json';
  return { url, method, headers, body: paramsJson(body) };
}

/**
 * Fields of a multipart upload (createFile) in the order the server needs them: every text field
 * before the `file` part, because the server reads fields up to the file.
 */
export function multipartFields(call: WireCall): Record<string, string> {
  const fields: Record<string, string> = {};
  if (call.override) fields.method = call.http.toLowerCase();
  if (call.auth === 'params' && call.credentials !== null) {
    fields.username = call.credentials.username;
    fields.password = call.credentials.passwordMd5;
  }
  fields.params = paramsJson(call.params);
  return fields;
}
