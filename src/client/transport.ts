import { TeamProError, TeamProNetworkError, type ParamError } from './errors.js';
import { md5 } from './md5.js';
import { METHODS, type MethodName } from './method-table.js';
import { REPLY_SHAPES } from './reply-shapes.js';
import { buildWireRequest, fillChain, type AuthStyle, type Credentials, type Format, type UrlStyle, type WireCall, type WireRequest } from './wire.js';
import { decodeEnvelopeXml } from './xml.js';

export interface TeamProClientOptions {
  /** The API URL, e.g. https://example.com/api.php or https://example.com/modules/addons/wbteampro/api.php */
  readonly url: string;
  /** The admin to log in as; leave it out with `session: true`. */
  readonly username?: string;
  /** The plain password; the client sends its MD5 and keeps only that. */
  readonly password?: string;
  /** The lowercase hex MD5 of the password, instead of `password`. */
  readonly passwordMd5?: string;
  /**
   * Sign calls in with the browser's session cookie instead of a username and password (the web
   * workspace does): no credentials are sent, and fetch sends the cookie to the same origin.
   * `sessions.signIn` makes the session.
   */
  readonly session?: boolean;
  /** Reply format; both decode to the same values. Default json. */
  readonly format?: Format;
  /** Default `clean` (api.php/v1/...); `rewritten` (api/v1/...) or `direct` (api.php?action=v1....). */
  readonly urlStyle?: UrlStyle;
  /** Default `basic` (Authorization header); `params` sends username/password fields, as wbTeamPro clients do. */
  readonly auth?: AuthStyle;
  /** A fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch;
  /** Retries of a GET after a network error or a 503 (default 2); other methods are never retried. */
  readonly retries?: number;
  /** First retry delay in ms, doubled each time (default 250). */
  readonly retryDelayMs?: number;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Envelope {
  request: { action: string; method: string; format: Format; code: number; message: string };
  response: Record<string, unknown>;
}

/** A request as fetch takes it, with a body other than JSON text (multipart uploads). */
export interface SendOptions {
  readonly body?: BodyInit;
  readonly headers?: Record<string, string>;
  readonly duplex?: 'half';
  readonly signal?: AbortSignal;
  /** This call's login instead of the client's (signing in a session). */
  readonly credentials?: Credentials;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A login from a username and either the plain password (hashed here) or its MD5. */
export function loginOf(username: string, password: string | undefined, passwordMd5: string | undefined): Credentials | null {
  if (passwordMd5 !== undefined) return { username, passwordMd5: passwordMd5.toLowerCase() };
  if (password !== undefined) return { username, passwordMd5: md5(password) };
  return null;
}

function credentialsOf(options: TeamProClientOptions): Credentials | null {
  if (options.session) return null;
  const login = options.username === undefined ? null : loginOf(options.username, options.password, options.passwordMd5);
  if (!login) throw new TypeError('TeamProClient needs a username with a password or a passwordMd5, or session: true');
  return login;
}

/** The seconds a Retry-After header asks for (delta-seconds or an HTTP date). */
function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Sends calls: builds the wire request, retries safe reads, decodes the envelope, turns failures into TeamProError. */
export class Transport {
  readonly format: Format;
  private readonly credentials: Credentials | null;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: TeamProClientOptions) {
    if (!options.url) throw new TypeError('TeamProClient needs the API url');
    this.credentials = credentialsOf(options);
    this.format = options.format ?? 'json';
    // Bound, so a browser's window.fetch is not called with the client as `this`.
    const chosen = options.fetch ?? globalThis.fetch;
    this.fetchImpl = (input, init) => chosen(input, init);
  }

  /** A call's wire description: URL form, chain with ids, format, params and credentials. */
  wireCall(name: MethodName, params: Record<string, unknown>, credentials = this.credentials): WireCall {
    const info = METHODS[name];
    const { chain, rest } = fillChain(info.chain, params);
    return {
      apiUrl: this.options.url,
      style: this.options.urlStyle ?? 'clean',
      chain,
      format: this.format,
      http: info.http,
      params: rest,
      credentials,
      auth: this.options.auth ?? 'basic',
    };
  }

  /** The exact request a call makes. */
  wireRequest(name: MethodName, params: Record<string, unknown>, credentials = this.credentials): WireRequest {
    return buildWireRequest(this.wireCall(name, params, credentials));
  }

  /** Calls a method and returns the envelope's `response`; throws TeamProError unless it succeeded. */
  async call(name: MethodName, params: Record<string, unknown>, send: SendOptions = {}): Promise<Record<string, unknown>> {
    const response = await this.send(name, params, send);
    const envelope = await this.decode(response);
    if (!response.ok || envelope.request.code !== 200) throw this.errorFrom(response, envelope);
    return envelope.response;
  }

  /** Sends a call and returns the raw Response (downloads); an error reply still throws TeamProError. */
  async raw(name: MethodName, params: Record<string, unknown>, send: SendOptions = {}): Promise<Response> {
    const response = await this.send(name, params, send);
    if (response.ok) return response;
    throw this.errorFrom(response, await this.decode(response));
  }

  private async send(name: MethodName, params: Record<string, unknown>, send: SendOptions): Promise<Response> {
    const wire = this.wireRequest(name, params, send.credentials ?? this.credentials);
    // A body of our own (multipart) brings its own Content-Type, or lets fetch set it with the boundary.
    const { 'Content-Type': jsonType, ...base } = wire.headers;
    const headers = { ...base, ...(send.body === undefined && jsonType ? { 'Content-Type': jsonType } : {}), ...this.options.headers, ...send.headers };
    const init: RequestInit & { duplex?: 'half' } = { method: wire.method, headers, body: send.body ?? wire.body, signal: send.signal };
    // The session cookie goes to the workspace's own server only.
    if (this.credentials === null) init.credentials = 'same-origin';
    if (send.duplex) init.duplex = send.duplex;
    // Only reads are safe to repeat: a POST, PUT or DELETE may have been applied before the failure.
    const retries = wire.method === 'GET' && send.body === undefined ? (this.options.retries ?? 2) : 0;
    return this.fetchWithRetries(wire.url, init, retries);
  }

  private async fetchWithRetries(url: string, init: RequestInit, retries: number): Promise<Response> {
    const delay = this.options.retryDelayMs ?? 250;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(url, init);
      } catch (error) {
        const aborted = (error as Error)?.name === 'AbortError';
        if (aborted || attempt >= retries) throw new TeamProNetworkError(`Cannot reach ${url.split('?')[0]}: ${(error as Error)?.message ?? error}`, error);
        await sleep(delay * 2 ** attempt);
        continue;
      }
      if (response.status !== 503 || attempt >= retries) return response;
      await response.body?.cancel();
      const wait = retryAfterSeconds(response.headers.get('retry-after'));
      await sleep(Math.min(wait !== undefined ? wait * 1000 : delay * 2 ** attempt, 10_000));
    }
  }

  /** Decodes the envelope by the reply's content type (JSON or XML). */
  private async decode(response: Response): Promise<Envelope> {
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    try {
      const envelope = (type.includes('xml') ? decodeEnvelopeXml(text, REPLY_SHAPES) : JSON.parse(text)) as Envelope;
      if (envelope && typeof envelope.request === 'object' && envelope.request !== null) return { ...envelope, response: envelope.response ?? {} };
    } catch {
      // Not an envelope (a proxy's error page, say): reported below with the start of the text.
    }
    throw new TeamProError(response.ok ? 502 : response.status, `Unexpected reply (HTTP ${response.status}): ${text.slice(0, 200)}`, {
      requestId: response.headers.get('x-request-id') ?? undefined,
    });
  }

  private errorFrom(response: Response, envelope: Envelope): TeamProError {
    const errors = Array.isArray(envelope.response.errors) ? (envelope.response.errors as ParamError[]) : [];
    return new TeamProError(response.ok ? envelope.request.code : response.status, envelope.request.message, {
      errors,
      action: envelope.request.action,
      requestId: response.headers.get('x-request-id') ?? undefined,
      retryAfter: retryAfterSeconds(response.headers.get('retry-after')),
    });
  }
}
