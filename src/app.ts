import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { AppConfig } from './app-config.js';
import { registerHealth } from './api/health.js';
import { registerIcon } from './api/home.js';
import { registerOpenApi } from './api/openapi.js';
import { Authenticator } from './auth/authenticator.js';
import { SessionAuthenticator } from './auth/session-auth.js';
import { SettingsCache } from './settings/settings.js';
import type { DatabaseHandle } from './db/connect.js';
import { sendError } from './engine/http.js';
import { bodyLimitOf, registerBodyParsers } from './engine/body-limits.js';
import { clientErrorHandler, MAX_HEADER_BYTES } from './engine/client-errors.js';
import { createLogging } from './engine/logging.js';
import { requestIdHook, requestIds } from './engine/request-id.js';
import { registerApiRoutes } from './engine/routes.js';
import { parseQuery } from './engine/query.js';
import { ChainMemo } from './engine/chain-memo.js';
import { MethodRegistry } from './engine/registry.js';
import type { BlobStore } from './files/blob-store.js';
import { continueUnlessOversized } from './files/upload-limit.js';
import { allMethods } from './method-list.js';
import { registerSandbox } from './sandbox/route.js';
import { registerWebApp } from './web/route.js';
import { createTicketSource } from './tickets/factory.js';
import type { TicketSource } from './tickets/source.js';

export interface AppDeps {
  readonly config: AppConfig;
  readonly database: DatabaseHandle;
  readonly blobs: BlobStore;
  readonly tickets?: TicketSource;
  /** Pino logger options, or false for none (tests). */
  readonly logger?: boolean | LoggerOptions;
  /** Where log lines go: stdout unless given (tests). */
  readonly logDestination?: DestinationStream;
}

/** `TEAMPRO_TRUST_PROXY=N`: trust the nearest N hops of X-Forwarded-For. */
const hopsTrusted = (hops: number) => (_address: string, hop: number) => hop < hops;

/** The configured ticket source, when the caller did not inject one; closed with the app. */
function ownTicketSource(app: FastifyInstance, { config, database }: AppDeps): TicketSource {
  const tickets = createTicketSource(config, database.db);
  app.addHook('onClose', () => tickets.close());
  return tickets;
}

/** Builds the HTTP app from injected config, database and blob store; touches nothing else. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database, blobs } = deps;
  const logging = createLogging(config.logLevel, deps.logger, deps.logDestination);
  const nextRequestId = requestIds();
  const app = Fastify({
    ...(logging.perRequest ? { loggerInstance: logging.perRequest } : { logger: false }),
    trustProxy: typeof config.trustProxy === 'number' ? hopsTrusted(config.trustProxy) : config.trustProxy,
    // Base64 uploads travel inside params, so form and JSON bodies may exceed the params limit by that much.
    bodyLimit: bodyLimitOf(config),
    genReqId: nextRequestId,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    // What Node's HTTP server refuses before Fastify sees a request is answered in the envelope too.
    clientErrorHandler: clientErrorHandler(nextRequestId),
    requestIdHeader: false,
    routerOptions: { querystringParser: parseQuery },
    // While closing, requests on connections already open are served as usual (bounded by the close),
    // rather than answered with a bare 503 outside the envelope.
    return503OnClosing: false,
    // A URL the router cannot decode gets the envelope too.
    frameworkErrors: (error, request, reply) => sendError(logging, error, request, reply),
  });
  registerBodyParsers(app, config);
  continueUnlessOversized(app.server, config);
  // Every reply carries X-Request-Id. API replies set it as they are sent (a hook on every request
  // costs each a little); CORS answers preflight requests from its own hook, so with CORS on the
  // header is set by a hook ahead of it, for every request.
  const corsOn = config.corsOrigins.length > 0;
  if (corsOn) {
    app.addHook('onRequest', requestIdHook);
    await app.register(cors, { origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins], exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition', 'ETag', 'Content-Range', 'Accept-Ranges'] });
  }
  const registry = new MethodRegistry(allMethods());
  await registerApiRoutes(app, {
    config,
    logging,
    db: database.db,
    registry,
    chains: new ChainMemo(registry),
    authenticator: new Authenticator(config),
    sessions: new SessionAuthenticator(config),
    settings: new SettingsCache(),
    blobs,
    tickets: deps.tickets ?? ownTicketSource(app, deps),
  });
  // After the API routes, which set the error and not-found handlers these pages share.
  await app.register(async (pages) => {
    if (!corsOn) pages.addHook('onRequest', requestIdHook);
    registerHealth(pages, database.db);
    registerIcon(pages);
    await registerWebApp(pages, config);
    registerOpenApi(pages, config);
    if (config.sandbox) registerSandbox(pages);
  });
  return app;
}
