import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { withoutPassword } from '../src/engine/logging.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';

interface LogRecord {
  level: number;
  msg: string;
  reqId?: string;
  err?: { message: string };
}

/** An app on an in-memory database whose log lines are collected; /boom fails with an internal error. */
async function appLoggingAt(level: string): Promise<{ app: FastifyInstance; records: LogRecord[] }> {
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
  const app = await buildApp({ config, database, blobs: new LocalBlobStore(config.blobDir), logger: {}, logDestination: destination });
  app.get('/boom', async () => {
    throw new Error('connection string with a password');
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

  it('redacts every password in a query string and nothing else', () => {
    expect(withoutPassword('/api.php?password=abc&action=v1.projects.json')).toBe('/api.php?password=[redacted]&action=v1.projects.json');
    expect(withoutPassword('/api/v1/projects/json?password=a&password=b#x')).toBe('/api/v1/projects/json?password=[redacted]&password=[redacted]#x');
    expect(withoutPassword('/api/v1/password=1/json?newpassword=2&params[password]=3')).toBe('/api/v1/password=1/json?newpassword=2&params[password]=3');
    expect(withoutPassword('/health')).toBe('/health');
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
