import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { LAYERS, seededDatabaseUrl, startLayersServer } from './layers-list.js';

/**
 * `npm run bench:instructions`: getProject's layers (as `npm run bench:layers` has them) counted in
 * machine instructions a request on the server's main thread, under valgrind's callgrind. Counts move
 * by a few percent between runs (when the JIT's work lands still varies), where throughput on a shared
 * machine drifts by tens of percent; they leave out what instructions do not show (cache misses, the
 * JIT's and the garbage collector's helper threads). About 6 minutes; reads the database that
 * `npm run bench` seeds.
 */
const WARM_UP = 6000;
const COUNTED = 1000;
const databaseUrl = seededDatabaseUrl();

/** Instructions a request of one layer, counted after a warm-up, in a server of its own. */
async function count(which: 'bare' | 'app', urlPath: string): Promise<number> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-callgrind-'));
  const valgrind = ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--separate-threads=yes', `--callgrind-out-file=${outDir}/cg.out`];
  // Under valgrind requests are some fifty times slower: logins stay fresh as long as a second keeps them at full speed.
  const server = await startLayersServer({ DATABASE_URL: databaseUrl, TEAMPRO_AUTH_REFRESH_MS: String(24 * 3600 * 1000) }, valgrind);
  const control = (...args: string[]) => execFileSync('callgrind_control', [...args, String(server.child.pid)], { stdio: 'ignore' });
  const url = server.url(which, urlPath);
  await autocannon({ url, connections: 4, amount: WARM_UP, timeout: 60 });
  control('-i', 'on');
  const counted = await autocannon({ url, connections: 4, amount: COUNTED, timeout: 60 });
  control('-i', 'off');
  control('-d');
  if (counted.non2xx > 0 || counted.errors > 0) throw new Error(`${urlPath}: not every reply was a 200`);
  // The first dump's file for thread 1, the main thread.
  const total = Number(/^totals: (\d+)/m.exec(fs.readFileSync(path.join(outDir, 'cg.out.1-01'), 'utf8'))![1]);
  await server.stop();
  fs.rmSync(outDir, { recursive: true, force: true });
  return Math.round(total / COUNTED);
}

// One at a time: what else the machine runs changes when the JIT's work lands, and so the counts.
const counts: number[] = [];
for (const [, which, urlPath] of LAYERS) counts.push(await count(which, urlPath));
console.log('| layer | instructions a request | adds |\n|---|---:|---:|');
for (const [i, [name]] of LAYERS.entries()) console.log(`| ${name} | ${counts[i]} | ${i === 0 ? '' : counts[i] - counts[i - 1]} |`);
