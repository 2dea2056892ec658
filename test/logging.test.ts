import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLogging, Logging } from '../src/engine/logging.js';
import { redactLogLine, withoutCredentials } from '../src/engine/redact.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';

interface LogRecord {
  level: number;
  msg: string;
  reqId?: string;
  err?: { message: string };
}

/** An app on an in-memory database whose log lines are collected; /boom fails with an internal error. */
async function appLoggingAt(level: string, logger: LoggerOptions = {}): Promise<{ app: FastifyInstance; records: LogRecord[] }> {
  const records: LogRecord[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) records.push(JSON.parse(line));
      done();
    },
  });
  const database = openDatabase('sqlite::memory:');
  await migrateToLatest(database.db);
  const config = loadConfig({ TEAMPRO_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-log-')), TEAMPRO_LOG_LEVEL: level });
  const app = await buildApp({ config, database, blobs: new LocalBlobStore(config.blobDir), logger, logDestination: destination });
  app.get('/boom', async () => {
    throw new Error('connection string with a password');
  });
  app.get('/boom-with-url', async (request) => {
    throw new Error(`could not serve ${request.url}`);
  });
  app.addHook('onClose', () => database.destroy());
  return { app, records };
}

describe('logging', () => {
  let app: FastifyInstance | undefined;
  afterEach(() => app?.close());

  it('at info, logs every request in and out with its id', async () => {
    const logged = await appLoggingAt('info');
    app = logged.app;
    const reply = await app.inject({ url: '/api/v1/projects/json' });
    const id = reply.headers['x-request-id'];
    const mine = logged.records.filter((r) => r.reqId === id).map((r) => r.msg);
    expect(mine).toEqual(['incoming request', 'request completed']);
  });

  it('never logs the password a request carries in its query string', async () => {
    const logged = await appLoggingAt('info');
    app = logged.app;
    const secret = 'a94a8fe5ccb19ba61c4c0873d391e987';
    const reply = await app.inject({ url: `/api/v1/projects/json?username=root&Password=${secret}&params[limit]=5` });
    const lines = logged.records.filter((r) => r.reqId === reply.headers['x-request-id']);
    expect(lines.map((r) => r.msg)).toEqual(['incoming request', 'request completed']);
    expect(JSON.stringify(logged.records)).not.toContain(secret);
    expect((lines[0] as LogRecord & { req: { url: string } }).req.url).toBe('/api/v1/projects/json?username=root&Password=[redacted]&params[limit]=5');
  });

  it('redacts every credential in a query string by its decoded name, and nothing else', () => {
    expect(withoutCredentials('/api.php?password=abc&action=v1.projects.json')).toBe('/api.php?password=[redacted]&action=v1.projects.json');
    expect(withoutCredentials('/api/v1/projects/json?password=a&password=b#x')).toBe('/api/v1/projects/json?password=[redacted]&password=[redacted]');
    expect(withoutCredentials('/x?pass%77ord=1&PASSWORD=2&password[]=3&password%5B0%5D=4&pass%2577ord=5&params[password]=6')).toBe(
      '/x?pass%77ord=[redacted]&PASSWORD=[redacted]&password[]=[redacted]&password%5B0%5D=[redacted]&pass%2577ord=[redacted]&params[password]=[redacted]',
    );
    expect(withoutCredentials('/x?token=1&session_id=2&api_key=3&apikey=4&client_secret=5&access-token=6')).not.toMatch(/=\d/);
    expect(withoutCredentials('/api/v1/password=1/json?username=bob&params[limit]=5&q=pass')).toBe('/api/v1/password=1/json?username=bob&params[limit]=5&q=pass');
    expect(withoutCredentials('/health')).toBe('/health');
  });

  it('redacts credentials anywhere in a written line: query pairs, credential keys, Basic and Bearer values', () => {
    const line = JSON.stringify({ msg: "'/a/%zz?username=bob&pass%77ord=s1\"x' is not valid", req: { headers: { Authorization: 'Basic cm9vdDpzMg==', cookie: 's=s3' } }, token: 's4', sessions: ['s5'] });
    const redacted = redactLogLine(`${line}\n`);
    expect(redacted).not.toMatch(/s[1-5]|cm9vdDpzMg/);
    expect(JSON.parse(redacted)).toMatchObject({ req: { headers: { Authorization: '[redacted]', cookie: '[redacted]' } }, token: '[redacted]', sessions: '[redacted]' });
    expect(redactLogLine('{"msg":"Basic access: Bearer abcdefgh1234"}')).toBe('{"msg":"Basic access: Bearer [redacted]"}');
    const nested = redactLogLine('{"session":{"id":"s6","inner":{"a":["s7"]}},"q":"?a=1&token=s8\\"x&b=2","note":"the password field","after":"kept"}');
    expect(JSON.parse(nested)).toEqual({ session: '[redacted]', q: '?a=1&token=[redacted]&b=2', note: 'the password field', after: 'kept' });
    const plain = '{"level":30,"reqId":"a-1","req":{"url":"/api/v1/projects/json?username=bob&q=x%20y"},"msg":"incoming request"}';
    expect(redactLogLine(plain)).toBe(plain);
  });

  it('never logs a credential sent under an encoded, differently cased or PHP-array name', async () => {
    const logged = await appLoggingAt('info');
    app = logged.app;
    const names = ['pass%77ord', 'PASSWORD', 'password[]', 'password%5B%5D', 'params[password]', 'token', 'session', 'api_key'];
    for (const [i, name] of names.entries()) {
      const secret = `${i}a94a8fe5ccb19ba61c4c0873d391e98`;
      await app.inject({ url: `/api/v1/projects/json?username=root&${name}=${secret}` });
      expect(JSON.stringify(logged.records), name).not.toContain(secret);
    }
    expect(logged.records.filter((r) => r.msg === 'incoming request')).toHaveLength(names.length);
  });

  it('never logs Basic credentials, even when a configured serializer writes the headers', async () => {
    const logged = await appLoggingAt('info', { serializers: { req: (request: { url: string; headers: unknown }) => ({ url: request.url, headers: request.headers }) } });
    app = logged.app;
    const basic = Buffer.from('root:a94a8fe5ccb19ba61c4c0873d391e987').toString('base64');
    const reply = await app.inject({ url: '/api/v1/projects/json?password=c4ca4238a0b923820dcc509a6f75849b', headers: { authorization: `Basic ${basic}`, cookie: 'teampro_session=0123456789' } });
    const line = logged.records.find((r) => r.reqId === reply.headers['x-request-id'] && r.msg === 'incoming request') as LogRecord & { req: { headers: Record<string, string> } };
    expect(line.req.headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]' });
    const written = JSON.stringify(logged.records);
    for (const secret of [basic, 'a94a8fe5ccb19ba61c4c0873d391e987', 'c4ca4238a0b923820dcc509a6f75849b', '0123456789']) expect(written).not.toContain(secret);
  });

  it('at warn, redacts the credentials in an error that quotes the URL', async () => {
    const logged = await appLoggingAt('warn');
    app = logged.app;
    const secret = 'a94a8fe5ccb19ba61c4c0873d391e987';
    expect((await app.inject({ url: `/boom-with-url?username=root&Pass%77ord=${secret}` })).statusCode).toBe(500);
    expect(logged.records).toHaveLength(1);
    expect(logged.records[0].err?.message).toBe('could not serve /boom-with-url?username=root&Pass%77ord=[redacted]');
    expect(JSON.stringify(logged.records)).not.toContain(secret);
  });

  it('at warn, logs no request lines, but an internal error with the request id, its detail kept out of the reply', async () => {
    const logged = await appLoggingAt('warn');
    app = logged.app;
    expect((await app.inject({ url: '/api/v1/projects/json' })).statusCode).toBe(401);
    const reply = await app.inject({ url: '/boom' });
    expect(reply.statusCode).toBe(500);
    expect(reply.body).not.toContain('password');
    expect(reply.json().request.message).toBe('Internal server error');
    expect(logged.records).toHaveLength(1);
    expect(logged.records[0]).toMatchObject({ level: 50, msg: 'request failed', reqId: reply.headers['x-request-id'], err: { message: 'connection string with a password' } });
  });
});

describe('createLogging and Logging, called directly', () => {
  /** A destination that keeps each written line as it is. */
  function collector() {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    return { lines, destination };
  }
  const request = (id: string) => ({ id, log: { marker: id } }) as unknown as FastifyRequest;

  it('with logging turned off, has no per-request logger and gives a request its own', () => {
    for (const level of ['info', 'debug', 'warn']) {
      const logging = createLogging(level, false);
      expect(logging.perRequest).toBeUndefined();
      const asked = request('r-off');
      expect(logging.forRequest(asked)).toBe(asked.log);
    }
    const none = new Logging(null);
    expect(none.perRequest).toBeUndefined();
    const asked = request('r-null');
    expect(none.forRequest(asked)).toBe(asked.log);
  });

  it('at info, hands Fastify the root logger and each request keeps the child Fastify made', () => {
    const { destination } = collector();
    const logging = createLogging('info', {}, destination);
    expect(logging.perRequest).toBeDefined();
    const asked = request('r-info');
    expect(logging.forRequest(asked)).toBe(asked.log);
  });

  it('above info, makes a child tagged with the request id when a request logs', () => {
    const { lines, destination } = collector();
    const logging = createLogging('warn', {}, destination);
    expect(logging.perRequest).toBeUndefined();
    logging.forRequest(request('r-warn')).error('failed');
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([{ level: 50, reqId: 'r-warn', msg: 'failed' }]);
  });

  it('takes no options at all as the defaults, writing to the destination', () => {
    const { lines, destination } = collector();
    const logging = createLogging('info', undefined, destination);
    logging.perRequest!.info('hello');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['hello']);
  });

  it('redacts what a configured streamWrite hook returns, after the hook ran', () => {
    const { lines, destination } = collector();
    const seen: string[] = [];
    const hook = (line: string) => {
      seen.push(line);
      return line.replace('plain', 'hooked?password=s2');
    };
    createLogging('info', { hooks: { streamWrite: hook } }, destination).perRequest!.info('plain /x?token=s1');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('token=s1');
    expect(JSON.parse(lines[0]!).msg).toBe('hooked?password=[redacted] /x?token=[redacted]');
  });

  it('writes a request line without credentials, also for a request without a socket', () => {
    const { lines, destination } = collector();
    const logging = createLogging('info', {}, destination);
    logging.perRequest!.info({ req: { method: 'GET', url: '/x?password=s3&a=1', host: 'h.example', ip: '192.0.2.1', headers: { cookie: 'c' } } }, 'in');
    expect(JSON.parse(lines[0]!).req).toEqual({ method: 'GET', url: '/x?password=[redacted]&a=1', host: 'h.example', remoteAddress: '192.0.2.1' });
    logging.perRequest!.info({ req: { method: 'GET', url: '/y', host: 'h', ip: '::1', socket: { remotePort: 4321 } } }, 'in');
    expect(JSON.parse(lines[1]!).req).toMatchObject({ url: '/y', remotePort: 4321 });
  });
});
