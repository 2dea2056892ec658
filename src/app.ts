import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import qs from 'qs';
import type { AppConfig } from './app-config.js';
import { registerHealth } from './api/health.js';
import { registerOpenApi } from './api/openapi.js';
import { Authenticator } from './auth/authenticator.js';
import { SettingsCache } from './config/settings.js';
import type { DatabaseHandle } from './db/connect.js';
import { registerApiRoutes } from './engine/http.js';
import { MethodRegistry } from './engine/registry.js';
import type { BlobStore } from './files/blob-store.js';
import { continueUnlessOversized, rejectOversizedUpload } from './files/upload-limit.js';
import { allMethods } from './methods.js';
import { registerSandbox } from './sandbox/route.js';
import { createTicketSource } from './tickets/factory.js';
import type { TicketSource } from './tickets/source.js';

export interface AppDeps {
  readonly config: AppConfig;
  readonly database: DatabaseHandle;
  readonly blobs: BlobStore;
  readonly tickets?: TicketSource;
  /** Pino logger options, or false for none (tests). */
  readonly logger?: boolean | object;
}

/** `TEAMPRO_TRUST_PROXY=N`: trust the nearest N hops of X-Forwarded-For. */
const hopsTrusted = (hops: number) => (_address: string, hop: number) => hop < hops;

const parseQuery = (text: string) => qs.parse(text, { depth: 10, arrayLimit: 100, parameterLimit: 1000 });

/** The configured ticket source, when the caller did not inject one; closed with the app. */
function ownTicketSource(app: FastifyInstance, { config, database }: AppDeps): TicketSource {
  const tickets = createTicketSource(config, database.db);
  app.addHook('onClose', () => tickets.close());
  return tickets;
}

/** Builds the HTTP app from injected config, database and blob store; touches nothing else. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, blobs } = deps;
  // Base64 uploads travel inside params, so form and JSON bodies may exceed the 1 MiB params cap by that much.
  const bodyLimit = Math.ceil((config.maxBase64Bytes * 4) / 3) + config.maxParamsBytes;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    trustProxy: typeof config.trustProxy === 'number' ? hopsTrusted(config.trustProxy) : config.trustProxy,
    bodyLimit,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    routerOptions: { querystringParser: parseQuery },
    // While closing, requests on connections already open are served as usual (bounded by the close),
    // rather than answered with a bare 503 outside the envelope.
    return503OnClosing: false,
  });
  // Only JSON, forms and multipart carry requests; anything else is a 415, not a string to misread.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_request, body, done) =>
    done(null, parseQuery(body as string)),
  );
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 50, fieldSize: config.maxParamsBytes } });
  // Set first, so that every reply carries it, a refusal by the next hook included.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  app.addHook('onRequest', rejectOversizedUpload(config));
  continueUnlessOversized(app.server, config);
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins], exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition', 'ETag', 'Content-Range', 'Accept-Ranges'] });
  }
  registerHealth(app, database.db);
  registerOpenApi(app, config);
  if (config.sandbox) registerSandbox(app);
  registerApiRoutes(app, {
    config,
    db: database.db,
    registry: new MethodRegistry(allMethods()),
    authenticator: new Authenticator(config),
    settings: new SettingsCache(),
    blobs,
    tickets: deps.tickets ?? ownTicketSource(app, deps),
  });
  return app;
}
