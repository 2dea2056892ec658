import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createAdmin, createRole } from '../src/auth/admins.js';
import { md5 } from '../src/auth/password.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seed, type SeedSize } from './seed.js';

/**
 * `npm run bench`: seeds a large data set, runs TeamPro (built, from dist/) and a floor server as
 * child processes, and measures each scenario with autocannon over loopback. Options:
 *   --quick            a small data set and 3 s runs (a smoke run of the harness)
 *   --seconds N        length of each measured run (default 10)
 *   --reuse            keep and reuse the seeded databases in bench/.data
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seconds = Number(args[args.indexOf('--seconds') + 1]) || (quick ? 3 : 10);
const reuse = args.includes('--reuse');
const FULL: SeedSize = quick ? { projects: 1000, actions: 10_000, timelogs: 100_000, tickets: 1000 } : { projects: 10_000, actions: 100_000, timelogs: 1_000_000, tickets: 10_000 };
// The small set keeps as many time logs per project as the full one (100), so the measured page reads
// the same rows and only the table size differs.
const SMALL: SeedSize = { projects: 100, actions: 1000, timelogs: 10_000, tickets: 100 };
const USER = 'bench';
const PASSWORD = 'bench-password';
const dataRoot = path.resolve('bench/.data');

async function prepare(name: string, size: SeedSize): Promise<string> {
  const dir = path.join(dataRoot, `${name}-${size.timelogs}`);
  const url = `sqlite://${path.join(dir, 'teampro.db')}`;
  if (reuse && fs.existsSync(path.join(dir, 'seeded'))) return url;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  const role = await createRole(handle.db, 'Super Admin', 'super');
  await createAdmin(handle.db, { username: USER, password: PASSWORD, roleId: role }, 1);
  const started = Date.now();
  await seed(handle.db, size, name);
  console.log(`seeded ${name}: ${JSON.stringify(size)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await handle.destroy();
  fs.writeFileSync(path.join(dir, 'seeded'), '');
  return url;
}

function start(command: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(chunk.toString());
      if (match) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}`)));
  });
}

const stop = (child: ChildProcess) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));

interface Scenario {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  /** The status every reply should have (a failed login: 401, or 429 once the hash gate is full). */
  expect?: number;
}

interface Measured {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  /** Replies per HTTP status, e.g. "200×52000" or "401×600 429×70". */
  statuses: string;
  errors: number;
}

async function measure(base: string, scenario: Scenario, duration = seconds, warmUp = 2): Promise<Measured> {
  const options = {
    url: base + scenario.path,
    method: scenario.method ?? 'GET',
    body: scenario.body,
    headers: scenario.body ? { 'content-type': 'application/json' } : {},
    connections: 16,
  };
  await autocannon({ ...options, duration: Math.min(warmUp, duration) });
  const result = await autocannon({ ...options, duration });
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => `${code}×${stat.count ?? 0}`).join(' ');
  const expected = scenario.expect ?? 200;
  const unexpected = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) !== expected && !(expected === 401 && code === '429'));
  const errors = result.errors + unexpected.reduce((sum, [, stat]) => sum + (stat.count ?? 0), 0);
  return { name: scenario.name, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, statuses, errors };
}

const auth = `username=${USER}&password=${md5(PASSWORD)}`;
const teamproScenarios: Scenario[] = [
  { name: 'getProject (json)', path: `/api/v1/projects/42/json?${auth}` },
  { name: 'getProject (xml)', path: `/api/v1/projects/42/xml?${auth}` },
  { name: 'findActions, page of 50, filtered', path: `/api/v1/actions/json?${auth}&params[project_id]=42&params[status]=Active` },
  { name: 'getProjectActions (combined)', path: `/api/v1/projects/42/actions/json?${auth}` },
  { name: 'findTimelogs with totals (one project)', path: `/api/v1/timelogs/json?${auth}&params[project_id]=42` },
  { name: 'createTimelog', path: `/api/v1/timelogs/json?${auth}`, method: 'POST', body: JSON.stringify({ params: { project_id: 7, duration: 900, note: 'bench' } }) },
  { name: 'failed login (401)', path: `/api/v1/projects/42/json?username=${USER}&password=${'0'.repeat(32)}`, expect: 401 },
];

function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function table(rows: Measured[]): string {
  const lines = ['| scenario | req/s | p50 ms | p99 ms | replies | errors |', '|---|---:|---:|---:|---|---:|'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.statuses} | ${r.errors} |`);
  return lines.join('\n');
}

/**
 * Comparisons run in many short rounds: on a shared machine throughput drifts over seconds, and two
 * runs of a few seconds side by side see more nearly the same machine than two of ten.
 */
const ROUNDS = 9;
const ROUND_SECONDS = Math.max(2, Math.round(seconds / 3));

interface FloorComparison {
  name: string;
  teampro: Measured;
  floor: Measured;
  ratio: number;
  ratios: number[];
}

/** The floor must answer exactly what TeamPro answers in `response`, or the ratio compares different work. */
async function assertSameBody(teamproUrl: string, floorUrl: string) {
  const ours = (await (await fetch(teamproUrl)).json()) as { response: unknown };
  const floor = await (await fetch(floorUrl)).json();
  assert.deepStrictEqual(floor, ours.response, `the floor's body differs from TeamPro's response for ${floorUrl}`);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median round of a comparison, and every round's ratio (in the order measured). */
interface InTurn {
  a: Measured;
  b: Measured;
  ratio: number;
  ratios: number[];
}

interface Target {
  url: string;
  scenario: Scenario;
}

/**
 * Two servers measured in turn, ROUNDS times each, the order swapped every round, so that drift on a
 * shared machine touches both alike; returns the round whose `compare` is the median.
 */
async function inTurn(a: Target, b: Target, compare: (a: Measured, b: Measured) => number): Promise<InTurn> {
  const rounds: { a: Measured; b: Measured; ratio: number }[] = [];
  const run = (target: Target) => measure(target.url, target.scenario, ROUND_SECONDS, 1);
  for (let round = 0; round < ROUNDS; round += 1) {
    const bFirst = round % 2 === 1;
    const first = await run(bFirst ? b : a);
    const second = await run(bFirst ? a : b);
    const [ma, mb] = bFirst ? [second, first] : [first, second];
    rounds.push({ a: ma, b: mb, ratio: Number(compare(ma, mb).toFixed(2)) });
  }
  const ratios = rounds.map((r) => r.ratio);
  return { ...rounds.find((r) => r.ratio === median(ratios))!, ratios };
}

async function compareWithFloor(name: string, teamproUrl: string, ours: Scenario, floorUrl: string, floorPath: string): Promise<FloorComparison> {
  await assertSameBody(teamproUrl + ours.path, floorUrl + floorPath);
  const { a: teampro, b: floor, ratio, ratios } = await inTurn(
    { url: teamproUrl, scenario: { ...ours, name: `${name} (TeamPro)` } },
    { url: floorUrl, scenario: { name: `${name} (floor)`, path: floorPath } },
    (t, f) => t.rps / f.rps,
  );
  return { name, teampro, floor, ratio, ratios };
}

async function main() {
  const bigUrl = await prepare('full', FULL);
  const smallUrl = await prepare('small', SMALL);
  const serverEnv = (url: string, workers = 1) => ({ DATABASE_URL: url, PORT: '0', TEAMPRO_LOG_LEVEL: 'warn', TEAMPRO_BAN_ALLOW: '127.0.0.1', TEAMPRO_WORKERS: String(workers), TEAMPRO_DATA_DIR: path.dirname(url.replace('sqlite://', '')) });

  const scenarios = await start(['dist/main.js'], serverEnv(bigUrl));
  const rows: Measured[] = [];
  for (const scenario of teamproScenarios) rows.push(await measure(scenarios.url, scenario));
  await stop(scenarios.child);

  // Two fresh servers, so that each has served only what it is compared on: code compiled while
  // serving the other scenarios (XML, writes, failed logins) would weigh on TeamPro alone.
  const teampro = await start(['dist/main.js'], serverEnv(bigUrl));
  const floor = await start(['--import', 'tsx', 'bench/floor.ts'], { DATABASE_URL: bigUrl, PORT: '0' });
  const floorRows = [
    await compareWithFloor('getProject', teampro.url, teamproScenarios[0], floor.url, '/floor/projects/42'),
    await compareWithFloor('findActions', teampro.url, teamproScenarios[2], floor.url, '/floor/actions?project_id=42&status=Active'),
  ];
  await stop(floor.child);
  await stop(teampro.child);

  // The page at both table sizes, in turn; the growth is the ratio of the p50 latencies.
  const big = await start(['dist/main.js'], serverEnv(bigUrl));
  const small = await start(['dist/main.js'], serverEnv(smallUrl));
  const page = (rows: number) => ({ name: `findTimelogs page at ${rows} rows`, path: teamproScenarios[4].path });
  const pageCost = await inTurn({ url: big.url, scenario: page(FULL.timelogs) }, { url: small.url, scenario: page(SMALL.timelogs) }, (b, s) => b.p50 / Math.max(s.p50, 0.001));
  await stop(small.child);
  await stop(big.child);

  const cluster: Measured[] = [];
  for (const workers of [1, 2]) {
    const server = await start(['dist/main.js'], serverEnv(bigUrl, workers));
    cluster.push({ ...(await measure(server.url, teamproScenarios[0])), name: `getProject, ${workers} worker${workers > 1 ? 's' : ''}` });
    await stop(server.child);
  }
  report(rows, floorRows, pageCost, cluster);
}

function report(rows: Measured[], floorRows: FloorComparison[], pageCost: InTurn, cluster: Measured[]) {
  const [bigPage, smallPage] = [pageCost.a, pageCost.b];
  const summary = {
    machine: machine(),
    date: new Date().toISOString(),
    seconds,
    size: FULL,
    scenarios: rows,
    floor: floorRows,
    floorRatio: Object.fromEntries(floorRows.map((r) => [r.name, r.ratio])),
    pageCost: { small: smallPage, big: bigPage, growth: pageCost.ratio, rounds: pageCost.ratios },
    cluster,
  };
  const ratios = floorRows.map((r) => `${r.name} ${r.ratio} (rounds: ${r.ratios.join(', ')})`).join(', ');
  const markdown = [
    `Machine: ${summary.machine}. Data: ${JSON.stringify(FULL)} on SQLite. ${seconds} s per run after a 2 s warm-up, 16 connections, autocannon over loopback.`,
    '', table(rows), '',
    `**Floor** (same SQL and JSON, no engine), measured in turn with TeamPro, ${ROUNDS} rounds of ${ROUND_SECONDS} s each; the round with the median ratio:`,
    '', table(floorRows.flatMap((r) => [r.teampro, r.floor])), '',
    `Ratio to the floor: ${ratios} (goal ≥ 0.8).`,
    '', `**Page cost against table size** (findTimelogs, one project, page of 50 with totals; measured in turn, ${ROUNDS} rounds of ${ROUND_SECONDS} s, the median round):`, '', table([smallPage, bigPage]), '',
    `p50 at ${FULL.timelogs} rows ÷ p50 at ${SMALL.timelogs} rows: ${summary.pageCost.growth} (rounds: ${pageCost.ratios.join(', ')}; goal ≤ 1.5).`,
    '', '**Cluster mode**:', '', table(cluster),
  ].join('\n');
  console.log(`\n${markdown}\n`);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/latest.json', JSON.stringify(summary, null, 2));
  fs.writeFileSync('bench/results/latest.md', `${markdown}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
