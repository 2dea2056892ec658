import fs from 'node:fs';
import { md5 } from '../src/auth/password.js';
import { openDatabase, type DialectName } from '../src/db/connect.js';
import { BIG, BIG_QUICK, measureBigProject, seedBigProject, writePlaces, actionCount, SMALL_PROJECT, type BigProjectResult } from './big-project.js';
import { dataDir, PASSWORD, prepare, USER } from './databases.js';
import { assertSameBody, inTurn, latency, machine, measure, ROUNDS, start, stop, table, throughput, type InTurn, type Measured, type Scenario } from './measure.js';
import { seed, type SeedSize } from './seed.js';

/**
 * `npm run bench`: seeds large data sets, runs TeamPro (built, from dist/) and a floor server as
 * child processes, and measures each scenario with autocannon over loopback. Options:
 *   --db sqlite|postgres|mysql   the database (default sqlite; the servers of TEST_POSTGRES_URL / TEST_MYSQL_URL)
 *   --quick            smaller data sets and 3 s runs (a smoke run of the harness)
 *   --seconds N        length of each measured run (default 10)
 *   --reuse            keep and reuse the seeded databases (bench/.data, or teampro_bench_* on the server)
 *   --rounds N         rounds per comparison in turn (default 9, --quick 3)
 *   --only floor|big   only the comparisons with the floor, or only the big project, written to
 *                      bench/results/<floor|big>-<db>.md
 */
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');
const seconds = Number(option('--seconds')) || (quick ? 3 : 10);
const reuse = args.includes('--reuse');
const only = option('--only');
if (only !== undefined && only !== 'floor' && only !== 'big') throw new Error(`--only takes floor or big, got ${only}`);
const dialect = (option('--db') ?? 'sqlite') as DialectName;
if (!['sqlite', 'postgres', 'mysql'].includes(dialect)) throw new Error(`--db must be sqlite, postgres or mysql, got ${dialect}`);
const FULL: SeedSize = quick ? { projects: 1000, actions: 10_000, timelogs: 100_000, tickets: 1000 } : { projects: 10_000, actions: 100_000, timelogs: 1_000_000, tickets: 10_000 };
// The small set keeps as many time logs per project as the full one (100), so the measured page reads
// the same rows and only the table size differs.
const SMALL: SeedSize = { projects: 100, actions: 1000, timelogs: 10_000, tickets: 100 };
const BIG_SHAPE = quick ? BIG_QUICK : BIG;
const ROUND_SECONDS = Math.max(2, Math.round(seconds / 3));

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

const serverEnv = (url: string, name: string, workers = 1) => ({
  DATABASE_URL: url, PORT: '0', TEAMPRO_LOG_LEVEL: 'warn', TEAMPRO_BAN_ALLOW: '127.0.0.1', TEAMPRO_WORKERS: String(workers), TEAMPRO_DATA_DIR: dataDir(dialect, name),
});
const teampro = (url: string, name: string, workers = 1) => start(['dist/main.js'], serverEnv(url, name, workers));

interface FloorComparison extends InTurn {
  name: string;
}

async function compareWithFloor(name: string, teamproUrl: string, ours: Scenario, floorUrl: string, floorPath: string): Promise<FloorComparison> {
  await assertSameBody(teamproUrl + ours.path, floorUrl + floorPath);
  const compared = await inTurn(
    { url: teamproUrl, scenario: { ...ours, name: `${name} (TeamPro)` } },
    { url: floorUrl, scenario: { name: `${name} (floor)`, path: floorPath } },
    ROUND_SECONDS,
    throughput,
  );
  return { name, ...compared };
}

async function scenarios(fullUrl: string): Promise<Measured[]> {
  const server = await teampro(fullUrl, 'full');
  const rows: Measured[] = [];
  for (const scenario of teamproScenarios) rows.push(await measure(server.url, scenario, seconds));
  await stop(server.child);
  return rows;
}

// Two fresh servers, so that each has served only what it is compared on: code compiled while
// serving the other scenarios (XML, writes, failed logins) would weigh on TeamPro alone.
async function floorComparisons(fullUrl: string): Promise<FloorComparison[]> {
  const server = await teampro(fullUrl, 'full');
  const floor = await start(['--import', 'tsx', 'bench/floor.ts'], { DATABASE_URL: fullUrl, PORT: '0' });
  const rows = [
    await compareWithFloor('getProject', server.url, teamproScenarios[0], floor.url, '/floor/projects/42'),
    await compareWithFloor('findActions', server.url, teamproScenarios[2], floor.url, '/floor/actions?project_id=42&status=Active'),
  ];
  await stop(floor.child);
  await stop(server.child);
  return rows;
}

/** The page at both table sizes, in turn; the growth is the ratio of the p50 latencies. */
async function pageCost(fullUrl: string, smallUrl: string): Promise<InTurn> {
  const big = await teampro(fullUrl, 'full');
  const small = await teampro(smallUrl, 'small');
  const page = (rows: number) => ({ name: `findTimelogs page at ${rows} rows`, path: teamproScenarios[4].path });
  const result = await inTurn({ url: big.url, scenario: page(FULL.timelogs) }, { url: small.url, scenario: page(SMALL.timelogs) }, ROUND_SECONDS, latency);
  await stop(small.child);
  await stop(big.child);
  return result;
}

async function bigProject(url: string): Promise<BigProjectResult> {
  const handle = openDatabase(url);
  const places = [await writePlaces(handle.db, 1), await writePlaces(handle.db, 2)];
  await handle.destroy();
  const server = await teampro(url, 'bigproject');
  const result = await measureBigProject(server.url, auth, places, ROUND_SECONDS);
  await stop(server.child);
  return result;
}

/** One worker and two, on reads and on writes. */
async function clusterRuns(fullUrl: string): Promise<Measured[]> {
  const rows: Measured[] = [];
  for (const workers of [1, 2]) {
    const server = await teampro(fullUrl, 'full', workers);
    const label = `${workers} worker${workers > 1 ? 's' : ''}`;
    rows.push({ ...(await measure(server.url, teamproScenarios[0], seconds)), name: `getProject, ${label}` });
    rows.push({ ...(await measure(server.url, teamproScenarios[5], seconds)), name: `createTimelog, ${label}` });
    await stop(server.child);
  }
  return rows;
}

async function main() {
  if (only === 'big') {
    const bigUrl = await prepare(dialect, `bigproject${quick ? '_quick' : ''}`, reuse, (db) => seedBigProject(db, BIG_SHAPE));
    return reportPart('big', bigProjectMarkdown(await bigProject(bigUrl)));
  }
  const fullUrl = await prepare(dialect, `full${quick ? '_quick' : ''}`, reuse, (db) => seed(db, FULL, 'full'));
  if (only === 'floor') return reportPart('floor', floorMarkdown(await floorComparisons(fullUrl)));
  const smallUrl = await prepare(dialect, 'small', reuse, (db) => seed(db, SMALL, 'small'));
  const bigUrl = await prepare(dialect, `bigproject${quick ? '_quick' : ''}`, reuse, (db) => seedBigProject(db, BIG_SHAPE));
  const rows = await scenarios(fullUrl);
  const floorRows = await floorComparisons(fullUrl);
  const page = await pageCost(fullUrl, smallUrl);
  const big = await bigProject(bigUrl);
  const cluster = await clusterRuns(fullUrl);
  report(rows, floorRows, page, big, cluster);
}

const rounds = (r: InTurn) => `${r.ratio} (rounds: ${r.ratios.join(', ')})`;

function bigProjectMarkdown(big: BigProjectResult): string[] {
  const size = (s: typeof BIG) => `${actionCount(s)} actions, ${s.timelogs} time logs`;
  return [
    `**Big project** (${size(BIG_SHAPE)}) beside a small one (${size(SMALL_PROJECT)}) in one database; each pair measured in turn, ${ROUNDS} rounds of ${ROUND_SECONDS} s, the median round:`,
    '', table([big.createAction.a, big.createAction.b, big.createTimelog.a, big.createTimelog.b, big.page.a, big.page.b, big.pageAgainstActions.b]), '',
    `Big ÷ small throughput: createAction ${rounds(big.createAction)}, createTimelog ${rounds(big.createTimelog)} (goal ≥ 0.8).`,
    `findTimelogs p50 big ÷ small: ${rounds(big.page)} (goal ≤ 1.5). findTimelogs ÷ findActions throughput in the big project: ${rounds(big.pageAgainstActions)} (goal ≥ 0.5).`,
  ];
}

function floorMarkdown(floorRows: FloorComparison[]): string[] {
  return [
    `**Floor** (same SQL and JSON, no engine), measured in turn with TeamPro, ${ROUNDS} rounds of ${ROUND_SECONDS} s each; the round with the median ratio:`,
    '', table(floorRows.flatMap((r) => [r.a, r.b])), '',
    `Ratio to the floor: ${floorRows.map((r) => `${r.name} ${rounds(r)}`).join(', ')} (goal ≥ 0.8).`,
  ];
}

/** `--only`: one part alone, in its own file (the full run's file stays whole). */
function reportPart(part: string, lines: string[]) {
  const markdown = [`Machine: ${machine()}. Database: ${dialect}. ${new Date().toISOString()}.`, '', ...lines].join('\n');
  console.log(`\n${markdown}\n`);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/${part}-${dialect}.md`, `${markdown}\n`);
}

function report(rows: Measured[], floorRows: FloorComparison[], page: InTurn, big: BigProjectResult, cluster: Measured[]) {
  const summary = {
    machine: machine(), date: new Date().toISOString(), database: dialect, seconds, size: FULL, scenarios: rows,
    floor: floorRows, floorRatio: Object.fromEntries(floorRows.map((r) => [r.name, r.ratio])),
    pageCost: { small: page.b, big: page.a, growth: page.ratio, rounds: page.ratios }, bigProject: big, cluster,
  };
  const markdown = [
    `Machine: ${summary.machine}. Database: ${dialect}. Data: ${JSON.stringify(FULL)}. ${seconds} s per run after a 2 s warm-up, 16 connections, autocannon over loopback.`,
    '', table(rows), '',
    ...floorMarkdown(floorRows),
    '', `**Page cost against table size** (findTimelogs, one project, page of 50 with totals; measured in turn, ${ROUNDS} rounds of ${ROUND_SECONDS} s, the median round):`,
    '', table([page.b, page.a]), '',
    `p50 at ${FULL.timelogs} rows ÷ p50 at ${SMALL.timelogs} rows: ${rounds(page)} (goal ≤ 1.5).`,
    '', ...bigProjectMarkdown(big), '', '**Cluster mode**:', '', table(cluster),
  ].join('\n');
  console.log(`\n${markdown}\n`);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/latest-${dialect}.json`, JSON.stringify(summary, null, 2));
  fs.writeFileSync(`bench/results/latest-${dialect}.md`, `${markdown}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
