import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { AppConfig } from './app-config.js';
import { ensureInitialAdmin } from './auth/admins.js';
import { openDatabase, type DatabaseHandle } from './db/connect.js';
import { inTransaction, isDeadlock, isUniqueViolation } from './db/dialect.js';
import { migrateToLatest } from './db/migrate.js';
import { nowSeconds } from './engine/time.js';
import { blobStoreFor } from './files/blob-stores.js';
import { startScheduler } from './recurrences/scheduler.js';
import { SettingsCache } from './settings/settings.js';
import { createTicketSource } from './tickets/factory.js';

/** How long a closing server keeps reading requests from connections it has already accepted. */
const DRAIN_GRACE_MS = 250;

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Migrates and makes the first admin if there is none, on a connection of its own: without the
 * statement time limit of the serving one, since a migration may take longer than a request may.
 * SQLite has no such limit (and an in-memory database lives on its one connection): there the serving
 * handle, when given, does it. Cluster mode runs it once, in the primary.
 */
export async function prepareDatabase(config: AppConfig, print: (line: string) => void, serving?: DatabaseHandle): Promise<void> {
  if (serving?.dialect === 'sqlite') return migrateAndSeedAdmin(serving.db, config, print);
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateAndSeedAdmin(database.db, config, print);
  } finally {
    await database.destroy();
  }
}

async function migrateAndSeedAdmin(db: DatabaseHandle['db'], config: AppConfig, print: (line: string) => void): Promise<void> {
  await migrateToLatest(db);
  const credentials = { username: config.adminUser, password: config.adminPassword };
  const created = await createFirstAdmin(db, credentials);
  if (created) {
    print(`Created super admin "${created.username}"${created.password ? ` with password: ${created.password}  (shown once; change it with "teampro admin password")` : ''}`);
  }
}

/**
 * Instances started together on an empty database race to create the first admin. The loser gets a
 * unique violation once the winner has committed, or (InnoDB, whose insert locks cross) a deadlock
 * that rolled its transaction back; either way another look finds the winner's admin.
 */
async function createFirstAdmin(db: DatabaseHandle['db'], credentials: { username: string | null; password: string | null }) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(db, (trx) => ensureInitialAdmin(trx, credentials, nowSeconds()));
    } catch (error) {
      if (attempt >= 5 || !(isUniqueViolation(error) || isDeadlock(error))) throw error;
    }
  }
}

export interface StartOptions {
  /** False in cluster workers: the primary has prepared the database already. */
  readonly prepare?: boolean;
}

/** Opens the database, prepares it (unless told not to), and listens. */
export async function startServer(config: AppConfig, print: (line: string) => void, options: StartOptions = {}): Promise<RunningServer> {
  const database: DatabaseHandle = openDatabase(config.databaseUrl, { statementTimeoutMs: config.dbTimeoutMs });
  if (options.prepare !== false) await prepareDatabase(config, print, database);
  const tickets = createTicketSource(config, database.db);
  const app = await buildApp({ config, database, blobs: await blobStoreFor(config), tickets });
  await app.listen({ host: config.host, port: config.port });
  const stopScheduler =
    config.recurrenceSeconds > 0
      ? startScheduler({ db: database.db, settings: new SettingsCache(), warn: (line) => app.log.warn(line) }, config.recurrenceSeconds, (line) => app.log.error(line))
      : () => undefined;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  return {
    app,
    url,
    async close() {
      // Stop accepting first, with net.Server#close (the listener only): http.Server#close would also
      // reset every connection that looks idle, including one accepted a moment ago whose request is
      // not read yet. The grace lets such requests be read and served as usual; then Fastify drops
      // idle keep-alive connections and waits for the requests in flight.
      stopScheduler();
      net.Server.prototype.close.call(app.server);
      await new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS));
      await app.close();
      await tickets.close();
      await database.destroy();
    },
  };
}
