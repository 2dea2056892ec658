import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type ApiCall, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/**
 * The kept roll-up inputs and totals (migration 0007) always equal what a fresh SUM of the rows
 * gives, after any sequence of time-log creates, updates, moves, timer stops and deletes, action
 * deletes and rate changes. The kept side is read through findTimelogs' whole-project path; the
 * fresh side through the same list narrowed by a condition that matches every log (date_from 0),
 * which adds the rows up. A project's kept number of actions (findActions' whole-project total) is
 * checked the same way against a list narrowed by modified_since 0.
 */
const Op = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), project: fc.nat(1), action: fc.nat(3), seconds: fc.option(fc.nat(20_000)), billable: fc.boolean(), invoiced: fc.boolean() }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), seconds: fc.option(fc.nat(20_000), { nil: undefined }), billable: fc.option(fc.boolean(), { nil: undefined }), invoiced: fc.option(fc.boolean(), { nil: undefined }) }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), project: fc.nat(1), action: fc.nat(3) }),
  fc.record({ kind: fc.constant('stop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('dropAction' as const), project: fc.nat(1), action: fc.nat(3) }),
  fc.record({ kind: fc.constant('addAction' as const), project: fc.nat(1), action: fc.nat(3) }),
  fc.record({ kind: fc.constant('rate' as const), project: fc.nat(1), rate: fc.option(fc.constantFrom(72.35, 100, 0.285, 19.99)) }),
);
type Op = typeof Op extends fc.Arbitrary<infer T> ? T : never;

describe.each(testDatabases())('kept totals on $name', (kind) => {
  let t: TestApp;
  const projects: number[] = [];
  /** Each project's actions: a milestone, a task under it, another milestone, a task under that (0 = none). */
  const actions = new Map<number, number[]>();
  let logs: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.database.db.insertInto('settings').values({ name: 'hourly_rate', value: '80' }).execute();
    for (const rate of [72.35, null]) {
      const project = (await t.ok({ chain: 'projects', method: 'POST', params: { name: 'Kept', billable: true, hourly_rate: rate } })).project;
      projects.push(project.project_id);
      actions.set(project.project_id, []);
      for (let i = 0; i < 4; i += 1) await addAction(project.project_id, i);
    }
  });
  afterAll(() => t.close());


  async function addAction(projectId: number, slot: number) {
    const list = actions.get(projectId)!;
    const parent = slot % 2 === 1 ? (list[slot - 1] ?? 0) : 0;
    const params = { project_id: projectId, name: `A${slot}`, parent_action_id: parent, complete: (slot * 37) % 101 };
    list[slot] = (await t.ok({ chain: 'actions', method: 'POST', params })).action.action_id;
  }

  const actionAt = (project: number, slot: number) => (slot === 3 ? 0 : actions.get(projects[project])![slot]);
  const logAt = (pick: number) => logs[pick % logs.length];

  async function apply(op: Op) {
    if (op.kind === 'create') {
      const seconds = op.seconds === null ? {} : { duration: op.seconds };
      const params = { project_id: projects[op.project], action_id: actionAt(op.project, op.action), billable: op.billable, invoice_id: op.invoiced ? 9 : 0, ...seconds };
      logs.push((await t.ok({ chain: 'timelogs', method: 'POST', params })).timelog.timelog_id);
    } else if (op.kind === 'rate') {
      await t.ok({ chain: `projects/${projects[op.project]}`, method: 'PUT', params: { hourly_rate: op.rate } });
    } else if (op.kind === 'addAction') {
      const params = { project_id: projects[op.project], name: 'Extra', parent_action_id: actionAt(op.project, op.action) };
      await t.ok({ chain: 'actions', method: 'POST', params });
    } else if (op.kind === 'dropAction') {
      const id = actionAt(op.project, op.action);
      if (id === 0) return;
      await t.ok({ chain: `actions/${id}`, method: 'DELETE' });
      // Deleting a milestone takes its task too: put both back.
      for (let slot = 0; slot < 3; slot += 1) {
        const slotId = actions.get(projects[op.project])![slot];
        if ((await t.api({ chain: `actions/${slotId}` })).status === 404) await addAction(projects[op.project], slot);
      }
    } else if (logs.length > 0) await applyToLog(op);
  }

  async function applyToLog(op: Exclude<Op, { kind: 'create' | 'rate' | 'dropAction' | 'addAction' }>) {
    const id = logAt(op.pick);
    const chain = `timelogs/${id}`;
    if (op.kind === 'delete') {
      await t.ok({ chain, method: 'DELETE' });
      logs = logs.filter((l) => l !== id);
    } else if (op.kind === 'stop') {
      const res = await t.api({ chain, method: 'PUT', params: { stop: true } });
      expect([200, 409], res.text).toContain(res.status);
    } else if (op.kind === 'move') {
      await t.ok({ chain, method: 'PUT', params: { project_id: projects[op.project], action_id: actionAt(op.project, op.action) } });
    } else {
      const invoice = op.invoiced === undefined ? {} : { invoice_id: op.invoiced ? 9 : 0 };
      await t.ok({ chain, method: 'PUT', params: { duration: op.seconds, billable: op.billable, ...invoice } });
    }
  }

  async function expectKeptEqualsFresh() {
    for (const projectId of projects) {
      for (const action of [undefined, 0, ...actions.get(projectId)!]) {
        const filter = { project_id: projectId, ...(action === undefined ? {} : { action_id: action }), limit: 1 };
        const kept = (await t.ok({ chain: 'timelogs', params: filter })).data;
        const fresh = (await t.ok({ chain: 'timelogs', params: { ...filter, date_from: 0 } })).data;
        expect({ total: kept.total, totals: kept.totals }, JSON.stringify(filter)).toEqual({ total: fresh.total, totals: fresh.totals });
      }
      const keptActions = (await t.ok({ chain: 'actions', params: { project_id: projectId, limit: 1 } })).data.total;
      const freshActions = (await t.ok({ chain: 'actions', params: { project_id: projectId, limit: 1, modified_since: 0 } })).data.total;
      expect(keptActions, `actions of project ${projectId}`).toBe(freshActions);
    }
    const kept = await t.database.db.selectFrom('action_children').select(['project_id', 'parent_action_id', 'children', 'complete_sum']).where('children', '>', 0).execute();
    const fresh = await t.database.db
      .selectFrom('actions')
      .select(['project_id', 'parent_action_id', sql<number>`count(*)`.as('children'), sql<number>`sum(complete)`.as('complete_sum')])
      .groupBy(['project_id', 'parent_action_id'])
      .execute();
    const key = (r: { project_id: number; parent_action_id: number; children: unknown; complete_sum: unknown }) => `${r.project_id}/${r.parent_action_id}: ${Number(r.children)}, ${Number(r.complete_sum)}`;
    expect(kept.map(key).sort()).toEqual(fresh.map(key).sort());
  }

  it('keep totals and roll-up inputs equal to a fresh SUM after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(Op, { minLength: 1, maxLength: 10 }), async (ops) => {
        for (const op of ops) await apply(op);
        await expectKeptEqualsFresh();
      }),
      { numRuns: kind.name === 'sqlite' ? 30 : 8 },
    );
  }, 120_000);
});
