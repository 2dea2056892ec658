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
