import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../app-config.js';
import type { RequestSite } from '../auth/site.js';
import type { Settings } from '../settings/settings.js';
import type { Database } from '../db/types.js';
import type { BlobStore } from '../files/blob-store.js';
import type { TicketSource } from '../tickets/source.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Caller {
  readonly id: number;
  readonly username: string;
  readonly access: 'super' | 'admin';
}

/** What a write of records needs of a call, without the HTTP side: also built for the scheduler's own writes. */
export type DataContext = Pick<CallContext, 'db' | 'caller' | 'settings' | 'now'>;

/** A file arriving in a multipart request, still streaming. */
export interface Upload {
  readonly filename: string;
  readonly mimetype: string;
  readonly stream: Readable;
}

/** Everything a method may use; `db` is a transaction when the engine opened one. */
export interface CallContext {
  readonly db: Kysely<Database>;
  readonly caller: Caller;
  readonly config: AppConfig;
  readonly settings: Settings;
  readonly blobs: BlobStore;
  readonly tickets: TicketSource;
  /** The request's logger, tagged with its id (made when asked for: few calls log at all). */
  readonly log: () => FastifyBaseLogger;
  readonly headers: IncomingHttpHeaders;
  readonly upload?: Upload;
  readonly now: number;
  /** Every method definition (for findResources). */
  readonly methods: readonly MethodDef[];
  /** The HTTP exchange, as far as a method may need it (the session methods do). */
  readonly http: RequestSide;
}

/** What the session methods need of the HTTP exchange; the other methods ignore it. */
export interface RequestSide {
  readonly ip: string;
  readonly userAgent: string;
  /** Whether the request came over HTTPS, directly or through a trusted proxy. */
  readonly secure: boolean;
  /** Where the browser says the request comes from. */
  readonly site: RequestSite;
  /** The session that signed the request in; null for a username/password login. */
  readonly sessionId: number | null;
  /** Sends a Set-Cookie with the reply, if the call succeeds. */
  setCookie(value: string): void;
  /** Makes this process forget a session at once (signed out or revoked). */
  forgetSession(id: number): void;
}

/** A reply that is sent as it is, not wrapped in the envelope (file downloads). */
export interface RawReply {
  readonly raw: true;
  readonly status: number;
  readonly headers: Record<string, string | number>;
  readonly body: Readable | Buffer | null;
}

export type EnvelopeReply = Record<string, unknown>;

export interface MethodDef<S extends TObject = TObject> {
  /** findResources name, e.g. getProject. */
  readonly name: string;
  /** Resource group, e.g. projects. */
  readonly resource: string;
  /** Chain pattern with placeholders, e.g. projects/{project_id}. */
  readonly chain: string;
  readonly http: HttpMethod;
  readonly description: string;
  readonly params: S;
  /** JSON Schema of `response` (documentation and OpenAPI). */
  readonly reply?: TSchema;
  /**
   * How the engine wraps the call: `write` (default for POST/PUT/DELETE) in a transaction, `read` on
   * one consistent snapshot, `none` (default for GET) as it is; a method that streams a body opts out
   * and keeps its own transactions short.
   */
  readonly tx?: 'write' | 'read' | 'none';
  run(ctx: CallContext, params: Static<S>): Promise<EnvelopeReply | RawReply>;
}

export function defineMethod<S extends TObject>(def: MethodDef<S>): MethodDef<S> {
  return def;
}

export function isRawReply(value: unknown): value is RawReply {
  return typeof value === 'object' && value !== null && (value as RawReply).raw === true;
}

/** Placeholder names in a chain pattern, in order. */
export function chainParams(chain: string): string[] {
  return [...chain.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}
