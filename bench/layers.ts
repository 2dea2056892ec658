import autocannon from 'autocannon';
import { LAYERS, seededDatabaseUrl, startLayersServer } from './layers-list.js';

/**
 * `npm run bench:layers`: where getProject's time goes between the floor and TeamPro, over loopback.
 * bench/layers-server.ts serves it four ways, each adding one layer; each layer is measured in a fresh
 * server process, in turn, three rounds, and the median of each is reported with what its layer adds.
 * Reads the database that `npm run bench` seeds.
 */
const ROUNDS = 3;
const SECONDS = 5;
const databaseUrl = seededDatabaseUrl();

const rates = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, which, urlPath] of LAYERS) {
    const server = await startLayersServer({ DATABASE_URL: databaseUrl });
    const url = server.url(which, urlPath);
    await autocannon({ url, connections: 16, duration: 2 });
    const result = await autocannon({ url, connections: 16, duration: SECONDS });
    await server.stop();
    if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} replies were not 200`);
    rates.set(name, [...(rates.get(name) ?? []), result.requests.average]);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log('| layer | req/s | µs a request | adds µs |\n|---|---:|---:|---:|');
let previous: number | null = null;
for (const [name] of LAYERS) {
  const micros = 1e6 / median(rates.get(name)!);
  console.log(`| ${name} | ${Math.round(median(rates.get(name)!))} | ${micros.toFixed(1)} | ${previous === null ? '' : (micros - previous).toFixed(1)} |`);
  previous = micros;
}
