import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { createAdmin, createRole } from '../src/auth/admins.js';
import { md5 } from '../src/auth/password.js';
import { SettingsCache } from '../src/settings/settings.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { registerFloorRoutes } from './floor-routes.js';
import { seed } from './seed.js';

/**
 * `npm run bench:engine`: what the engine costs per request, without the network. TeamPro and the
 * floor run in this one process on one in-memory SQLite database; requests go through Fastify's
 * inject, in alternating batches, and the median batch of each is reported. Much steadier than the
 * loopback benchmark on a shared machine, so engine changes can be judged by it.
 */
const BATCH = 1000;
const ROUNDS = 15;

async function perRequestMicros(app: FastifyInstance, url: string): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i += 1) {
    const reply = await app.inject({ url, remoteAddress: '127.0.0.1' });
    if (reply.statusCode !== 200) throw new Error(`${url}: ${reply.statusCode} ${reply.body}`);
  }
  return Number(process.hrtime.bigint() - started) / BATCH / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function compare(name: string, teampro: FastifyInstance, ours: string, floor: FastifyInstance, floorUrl: string) {
  await perRequestMicros(teampro, ours);
  await perRequestMicros(floor, floorUrl);
  const times = { ours: [] as number[], floor: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    times.ours.push(await perRequestMicros(teampro, ours));
    times.floor.push(await perRequestMicros(floor, floorUrl));
  }
  const [us, base] = [median(times.ours), median(times.floor)];
  console.log(`| ${name} | ${us.toFixed(1)} | ${base.toFixed(1)} | ${(us - base).toFixed(1)} | ${(base / us).toFixed(2)} |`);
}

async function main() {
  const database = openDatabase('sqlite::memory:');
  await migrateToLatest(database.db);
  const role = await createRole(database.db, 'Super Admin', 'super');
  await createAdmin(database.db, { username: 'bench', password: 'bench-password', roleId: role }, 1);
  await seed(database.db, { projects: 100, actions: 1000, timelogs: 10_000, tickets: 100 }, 'engine');
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', TEAMPRO_SANDBOX: 'false' });
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-bench-'));
  const teampro = await buildApp({ config, database, blobs: new LocalBlobStore(blobDir), logger: false });
  const floor = Fastify({ logger: false });
  registerFloorRoutes(floor, database.db, await new SettingsCache().get(database.db));
  const auth = `username=bench&password=${md5('bench-password')}`;

  console.log(`In process, ${ROUNDS} alternating batches of ${BATCH} requests, medians:\n`);
  console.log('| method | TeamPro µs/req | floor µs/req | engine µs/req | ratio |');
  console.log('|---|---:|---:|---:|---:|');
  await compare('getProject', teampro, `/api/v1/projects/42/json?${auth}`, floor, '/floor/projects/42');
  await compare('findActions', teampro, `/api/v1/actions/json?${auth}&params[project_id]=42&params[status]=Active`, floor, '/floor/actions?project_id=42&status=Active');
  await teampro.close();
  await database.destroy();
  fs.rmSync(blobDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
