import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactLogLine, withoutCredentials } from './redact.js';

/**
 * Who logs what. At `info` and below Fastify logs every request coming in and going out, and gives each
 * request its child logger. Above `info` none of those lines would show, so Fastify runs without a
 * logger — its per-request logging costs several microseconds a request even when nothing is written —
 * and a request that does log (an error) gets a child of the root logger, tagged with its id, then.
 */
export class Logging {
  /** Fastify's `loggerInstance` when it logs each request; undefined when it runs without a logger. */
  readonly perRequest: FastifyBaseLogger | undefined;

  constructor(private readonly root: Logger | null) {
    this.perRequest = root?.isLevelEnabled('info') ? root : undefined;
  }

  /** The logger of one request: Fastify's child when it made one, else a child of the root made now. */
  forRequest(request: FastifyRequest): FastifyBaseLogger {
    return this.perRequest || !this.root ? request.log : this.root.child({ reqId: request.id });
  }
}

/** Fastify's request line, as its own serializer writes it, without credentials. */
function requestLine(request: FastifyRequest) {
  return { method: request.method, url: withoutCredentials(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

/** `options` as `buildApp` takes them: pino options, or false for no logging at all (tests); stdout by default. */
export function createLogging(level: string, options: boolean | LoggerOptions | undefined, destination?: DestinationStream): Logging {
  if (options === false) return new Logging(null);
  const given = typeof options === 'object' ? options : {};
  const ownHook = given.hooks?.streamWrite;
  const streamWrite = ownHook ? (line: string) => redactLogLine(ownHook(line)) : redactLogLine;
  const settings = { level, ...given, serializers: { req: requestLine, ...given.serializers }, hooks: { ...given.hooks, streamWrite } };
  return new Logging(destination ? pino(settings, destination) : pino(settings));
}
