import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { md5 } from '../src/auth/password.js';
import { seed } from './seed.js';
import { preparedSqlite, startBuilt } from './server.js';

/**
 * `npm run bench:session`: getProject signed in by the session cookie against the same request with
 * username and password, on one built server (dist/), measured in turn (9 rounds, the order swapped
 * each round); reports the median ratio of requests a second. Goal: ≥ 0.9.
 */
const USER = 'bench';
const PASSWORD = 'bench-password';
const ROUNDS = 9;
const ROUND_SECONDS = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 3;

async function rps(url: string, headers: Record<string, string>, duration: number) {
  const result = await autocannon({ url, headers, connections: 16, duration });
  const bad = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => code !== '200');
  if (bad.length > 0 || result.errors > 0) throw new Error(`unexpected replies: ${JSON.stringify(bad)} errors ${result.errors}`);
  return { rps: Math.round(result.requests.average), p50: result.latency.p50 };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-bench-session-'));
  const server = await startBuilt({ DATABASE_URL: await preparedSqlite(dir, { username: USER, password: PASSWORD }, (db) => seed(db, { projects: 100, actions: 1000, timelogs: 10_000, tickets: 100 }, 'small')), PORT: '0', TEAMPRO_LOG_LEVEL: 'warn', TEAMPRO_BAN_ALLOW: '127.0.0.1', TEAMPRO_DATA_DIR: dir });
  try {
    const login = `username=${USER}&password=${md5(PASSWORD)}`;
    const signIn = await fetch(`${server.url}/api/v1/sessions/json?${login}`, { method: 'POST' });
    const cookie = signIn.headers.getSetCookie()[0].split(';')[0];
    const byLogin = () => rps(`${server.url}/api/v1/projects/42/json?${login}`, {}, ROUND_SECONDS);
    const byCookie = () => rps(`${server.url}/api/v1/projects/42/json`, { cookie }, ROUND_SECONDS);
    await byLogin();
    await byCookie();
    const rounds = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const [first, second] = round % 2 === 0 ? [byLogin, byCookie] : [byCookie, byLogin];
      const a = await first();
      const b = await second();
      const [login, session] = round % 2 === 0 ? [a, b] : [b, a];
      rounds.push({ login, session, ratio: Number((session.rps / login.rps).toFixed(2)) });
    }
    const sorted = [...rounds].sort((x, y) => x.ratio - y.ratio);
    const median = sorted[Math.floor(sorted.length / 2)];
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}. getProject, SQLite, 16 connections, ${ROUNDS} rounds of ${ROUND_SECONDS} s in turn.`);
    console.log(`| sign-in | req/s | p50 ms |\n|---|---:|---:|\n| username/password | ${median.login.rps} | ${median.login.p50} |\n| session cookie | ${median.session.rps} | ${median.session.p50} |`);
    console.log(`Ratio cookie ÷ login (median round): ${median.ratio} (rounds: ${rounds.map((r) => r.ratio).join(', ')}; goal ≥ 0.9)`);
  } finally {
    await new Promise((resolve) => (server.child.once('exit', resolve), server.child.kill('SIGTERM')));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
