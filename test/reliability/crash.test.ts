import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { subtreeOf } from '../helpers/tree.js';
import { testDatabases, type TestDatabase } from '../helpers/databases.js';
import { callApi, killAllServerProcesses, startServerProcess, tempDataDir, waitUntil, type HttpCall, type HttpResult } from '../helpers/server-process.js';

/**
 * Crash safety, on a SQLite file, PostgreSQL and MariaDB: a write load (projects, their updates,
 * actions two levels deep, time logs) is cut by SIGKILL. After a restart on the same database, every
 * write that was acknowledged with a 200 must be there, and every roll-up must agree with the rows it
 * sums: a write and its roll-ups share one transaction, so a crash leaves all of them or none.
 */

/** What the load was told: acknowledged values, and values sent after them whose fate is unknown. */
interface Ledger {
  projects: Map<number, { name: string; pending: Set<string> }>;
  /** Leaf actions only: their `complete` is set by the load, not rolled up. */
  leaves: Map<number, { projectId: number; complete: number; pending: Set<number> }>;
  actions: Map<number, number>;
  timelogs: Map<number, number>;
  acks: number;
}

const CLIENTS = 6;

async function ack(url: string, ledger: Ledger, call: HttpCall): Promise<any> {
  const reply: HttpResult = await callApi(url, { ...call, timeoutMs: 10_000 });
  if (reply.status !== 200) throw new Error(`load request refused: ${reply.status} ${reply.text}`);
  ledger.acks += 1;
  return reply.body.response;
}

/** One client's writes, in a loop, until the server stops answering (or a bound is reached). */
async function writeLoop(url: string, ledger: Ledger, client: number, deadline: number): Promise<void> {
  for (let i = 0; i < 500 && Date.now() < deadline; i += 1) {
    const name = `crash ${client}.${i}`;
    const { project } = await ack(url, ledger, { chain: 'projects', method: 'POST', params: { name } });
    const projectId: number = project.project_id;
    ledger.projects.set(projectId, { name, pending: new Set() });
    const { action: milestone } = await ack(url, ledger, { chain: 'actions', method: 'POST', params: { project_id: projectId, name: 'milestone', complete: 40 } });
    ledger.actions.set(milestone.action_id, projectId);
    for (const complete of [10, 90]) {
      const params = { project_id: projectId, parent_action_id: milestone.action_id, name: `task ${complete}`, complete };
      const { action: task } = await ack(url, ledger, { chain: 'actions', method: 'POST', params });
      ledger.actions.set(task.action_id, projectId);
      ledger.leaves.set(task.action_id, { projectId, complete, pending: new Set() });
      const { timelog } = await ack(url, ledger, { chain: 'timelogs', method: 'POST', params: { project_id: projectId, action_id: task.action_id, duration: 60 + complete } });
      ledger.timelogs.set(timelog.timelog_id, projectId);
      await updateLeaf(url, ledger, task.action_id, complete + 5);
    }
    await renameProject(url, ledger, projectId, `${name} renamed`);
  }
}

async function renameProject(url: string, ledger: Ledger, projectId: number, name: string) {
  const entry = ledger.projects.get(projectId)!;
  entry.pending.add(name);
  await ack(url, ledger, { chain: `projects/${projectId}`, method: 'PUT', params: { name } });
  ledger.projects.set(projectId, { name, pending: new Set() });
}

async function updateLeaf(url: string, ledger: Ledger, actionId: number, complete: number) {
  const entry = ledger.leaves.get(actionId)!;
  entry.pending.add(complete);
  await ack(url, ledger, { chain: `actions/${actionId}`, method: 'PUT', params: { complete } });
  ledger.leaves.set(actionId, { ...entry, complete, pending: new Set() });
}

/** Everything stored, read back through the API of the restarted server. */
async function readBack(url: string) {
  const get = async (chain: string, params: Record<string, unknown>) => {
    const reply = await callApi(url, { chain, params: { ...params, limit: 500 } });
    expect(reply.status).toBe(200);
    return reply.body.response;
  };
  const { projects } = await get('projects', {});
  const perProject = await Promise.all(
    projects.map(async (project: any) => ({
      project,
      actions: (await get('actions', { project_id: project.project_id })).actions,
      timelogs: (await get('timelogs', { project_id: project.project_id })).timelogs,
    })),
  );
  return perProject as { project: any; actions: any[]; timelogs: any[] }[];
}

const mean = (values: number[]) => (values.length === 0 ? 0 : Math.round(values.reduce((a, b) => a + b, 0) / values.length));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function checkAcknowledged(ledger: Ledger, stored: Awaited<ReturnType<typeof readBack>>) {
  const projects = new Map(stored.map((s) => [s.project.project_id, s.project]));
  const actions = new Map(stored.flatMap((s) => s.actions).map((a) => [a.action_id, a]));
  const timelogs = new Map(stored.flatMap((s) => s.timelogs).map((t) => [t.timelog_id, t]));
  for (const [id, { name, pending }] of ledger.projects) expect([name, ...pending], `project ${id} name`).toContain(projects.get(id)?.name);
  for (const [id, projectId] of ledger.actions) expect(actions.get(id)?.project_id, `action ${id}`).toBe(projectId);
  for (const [id, { complete, pending }] of ledger.leaves) expect([complete, ...pending], `action ${id} complete`).toContain(actions.get(id)?.complete);
  for (const [id, projectId] of ledger.timelogs) expect(timelogs.get(id)?.project_id, `time log ${id}`).toBe(projectId);
}

/** Every roll-up equals what its rows add up to: nothing was written without its roll-ups. */
function checkConsistent(stored: Awaited<ReturnType<typeof readBack>>) {
  for (const { project, actions, timelogs } of stored) {
    const id = project.project_id;
    const top = actions.filter((a) => a.parent_action_id === 0);
    expect(project.actions_count, `project ${id} actions_count`).toBe(actions.length);
    expect(project.complete, `project ${id} complete`).toBe(mean(top.map((a) => a.complete)));
    expect(project.elapsed, `project ${id} elapsed`).toBe(sum(timelogs.map((t) => t.duration)));
    for (const action of actions) {
      const children = actions.filter((a) => a.parent_action_id === action.action_id);
      if (children.length > 0) expect(action.complete, `action ${action.action_id} complete`).toBe(mean(children.map((c) => c.complete)));
      // An action's elapsed counts its own logs and its sub-actions'.
      const subtree = subtreeOf(actions, action.action_id);
      const logged = timelogs.filter((t) => subtree.has(t.action_id));
      expect(action.elapsed, `action ${action.action_id} elapsed`).toBe(sum(logged.map((t) => t.duration)));
    }
  }
}

describe.each(testDatabases())('SIGKILL during a write load on $name', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];

  afterAll(async () => {
    await killAllServerProcesses();
    for (const cleanup of cleanups) await cleanup();
  });

  it('keeps every acknowledged write and leaves no half-written record', async () => {
    const dataDir = tempDataDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { TEAMPRO_DATA_DIR: dataDir };
    if (kind.name !== 'sqlite') {
      const database: TestDatabase = await kind.create();
      cleanups.push(() => database.drop());
      env.DATABASE_URL = database.url;
    }
    const first = await startServerProcess(env);
    const ledger: Ledger = { projects: new Map(), leaves: new Map(), actions: new Map(), timelogs: new Map(), acks: 0 };
    const deadline = Date.now() + 20_000;
    // Each loop ends with the first request the dead server does not answer.
    const loops = Array.from({ length: CLIENTS }, (_, client) => writeLoop(first.url, ledger, client, deadline).catch((error: Error) => error));
    await waitUntil(() => ledger.acks >= 120, 15_000, 'acknowledged writes');
    first.child.kill('SIGKILL');
    const ended = await Promise.all(loops);
    expect(await first.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    // The loops were cut by the kill (no reply), not stopped by a refused write.
    for (const end of ended) expect(String(end)).not.toMatch(/load request refused/);

    const second = await startServerProcess(env);
    const stored = await readBack(second.url);
    expect(ledger.timelogs.size).toBeGreaterThan(0);
    expect(stored.length).toBeGreaterThanOrEqual(ledger.projects.size);
    checkAcknowledged(ledger, stored);
    checkConsistent(stored);
    await second.stop();
  });
});
