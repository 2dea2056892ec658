import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { md5 } from '../src/auth/password.js';

/**
 * `npm run bench:layers`: where getProject's time goes between the floor and TeamPro, over loopback.
 * One server process (bench/layers-server.ts) serves it four ways, each adding one layer; they are
 * measured in turn, three rounds, and the median of each is reported with what its layer adds.
 * Reads the database that `npm run bench` seeds (bench/.data/full-…).
 */
const ROUNDS = 3;
const SECONDS = 5;
const databaseFile = path.resolve('bench/.data/full-1000000/teampro.db');
if (!fs.existsSync(databaseFile)) {
  console.error(`No seeded database at ${path.relative(process.cwd(), databaseFile)}: run "npm run bench" first.`);
  process.exit(1);
}
const databaseUrl = `sqlite://${databaseFile}`;

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/layers-server.ts'], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
const [bare, app] = await new Promise<string[]>((resolve, reject) => {
  server.stdout!.on('data', (chunk: Buffer) => {
    const match = /layers listening on (\S+) (\S+)/.exec(chunk.toString());
    if (match) resolve([match[1], match[2]]);
  });
  server.on('exit', (code) => reject(new Error(`the layers server exited with ${code}`)));
});
const auth = `username=bench&password=${md5('bench-password')}`;
const layers: [string, string][] = [
  ['floor on bare Fastify', `${bare}/floor/projects/42`],
  ['+ TeamPro app (options, hooks, plugins)', `${app}/floor/projects/42`],
  ['+ wildcard API route, credentials in the query, envelope', `${app}/enveloped/v1/projects/42/json?${auth}`],
  ['+ engine (TeamPro getProject)', `${app}/api/v1/projects/42/json?${auth}`],
];

const rates = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, url] of layers) {
    await autocannon({ url, connections: 16, duration: 1 });
    const result = await autocannon({ url, connections: 16, duration: SECONDS });
    if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} replies were not 200`);
    rates.set(name, [...(rates.get(name) ?? []), result.requests.average]);
  }
}
server.kill('SIGTERM');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log('| layer | req/s | µs a request | adds µs |\n|---|---:|---:|---:|');
let previous: number | null = null;
for (const [name] of layers) {
  const micros = 1e6 / median(rates.get(name)!);
  console.log(`| ${name} | ${Math.round(median(rates.get(name)!))} | ${micros.toFixed(1)} | ${previous === null ? '' : (micros - previous).toFixed(1)} |`);
  previous = micros;
}
