import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { md5 } from '../src/auth/password.js';
import { openDatabase, type DialectName } from '../src/db/connect.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { PASSWORD, prepare, USER } from './databases.js';

/**
 * `npm run bench:copy`: what copies cost as a template grows. On SQLite (and on PostgreSQL and
 * MySQL/MariaDB when TEST_POSTGRES_URL / TEST_MYSQL_URL are set) it builds templates of 101 and
 * 1,010 actions (milestones × groups × tasks) through the API, then times copyProject of each and
 * copyAction of one milestone with its 100 sub-actions, in process (Fastify's inject), the median of
 * several runs. Each copy is one transaction with one insert per action, so the time should grow
 * with the number of actions copied and not with anything else.
 */
const RUNS = 5;
const AUTH = { username: USER, password: md5(PASSWORD) };

/** One call through the app, as a client makes it; anything but 200 stops the bench. */
async function call(app: FastifyInstance, chain: string, params: Record<string, unknown>): Promise<any> {
  const reply = await app.inject({ method: 'POST', url: `/api.php/v1/${chain}/json`, query: AUTH, payload: { params } });
  if (reply.statusCode !== 200) throw new Error(`${chain}: ${reply.statusCode} ${reply.body}`);
  return reply.json().response;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/** A template of `milestones` × 10 groups × 9 tasks (plus the milestones and groups): 101 actions a milestone. */
async function template(app: FastifyInstance, milestones: number): Promise<{ projectId: number; firstMilestone: number }> {
  const post = async (params: Record<string, unknown>) => (await call(app, 'actions', params)).action.action_id as number;
  const projectId = (await call(app, 'projects', { name: `Template ${milestones}`, function: 'template', date_start: '2027-01-04' })).project.project_id;
  let firstMilestone = 0;
  for (let m = 0; m < milestones; m += 1) {
    const milestone = await post({ project_id: projectId, name: `Milestone ${m + 1}` });
    firstMilestone ||= milestone;
    for (let g = 0; g < 10; g += 1) {
      const group = await post({ project_id: projectId, parent_action_id: milestone, name: `Group ${g + 1}` });
      for (let k = 0; k < 9; k += 1) await post({ project_id: projectId, parent_action_id: group, name: `Task ${k + 1}`, duration: 3600, date_start: '2027-01-05', date_finish: '2027-01-08' });
    }
  }
  return { projectId, firstMilestone };
}

/** The databases to measure: SQLite always, the servers whose URLs are set. */
function dialects(): DialectName[] {
  return ['sqlite', ...(process.env.TEST_POSTGRES_URL ? ['postgres' as const] : []), ...(process.env.TEST_MYSQL_URL ? ['mysql' as const] : [])];
}

async function measure(dialect: DialectName): Promise<string> {
  const url = await prepare(dialect, 'copy', false, async () => undefined);
  const database = openDatabase(url);
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-bench-'));
  const app = await buildApp({ config: loadConfig({ DATABASE_URL: url, TEAMPRO_SANDBOX: 'false' }), database, blobs: new LocalBlobStore(blobDir), logger: false });
  try {
    const small = await template(app, 1);
    const big = await template(app, 10);
    let copies = 0;
    const copyProject = (projectId: number) => () => call(app, `projects/${projectId}/copy`, { name: `Copy ${(copies += 1)}`, date_start: '2027-03-01' });
    const smallMs = await timed(copyProject(small.projectId));
    const bigMs = await timed(copyProject(big.projectId));
    const actionMs = await timed(() => call(app, `actions/${big.firstMilestone}/copy`, { date_start: '2027-03-01' }));
    return `| ${dialect} | ${smallMs.toFixed(0)} ms | ${bigMs.toFixed(0)} ms | ${(bigMs / 1010).toFixed(2)} | ${actionMs.toFixed(0)} ms |`;
  } finally {
    await app.close();
    await database.destroy();
    fs.rmSync(blobDir, { recursive: true, force: true });
  }
}

async function main() {
  console.log('| database | copyProject, 101 actions | copyProject, 1,010 actions | ms per action (1,010) | copyAction, milestone of 101 |');
  console.log('|---|---:|---:|---:|---:|');
  for (const dialect of dialects()) console.log(await measure(dialect));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
