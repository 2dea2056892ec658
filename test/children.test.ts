import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addChildren, childStats, forgetChildren, rebuildChildren } from '../src/actions/children.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/*
 * The kept per-parent stats of `action_children` called directly: recounted from the rows for one
 * project or for all (what loaders that insert rows directly rely on), read with and without the
 * children's date range, and dropped for deleted parents beyond one statement's worth of ids.
 */
describe.each(testDatabases())('kept child stats on $name', (kind) => {
  let database: TestDatabase;
  let nextId = 1;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(() => database.drop());

  const db = () => database.db;
  async function insertAction(projectId: number, parentActionId: number, complete: number, dates: [number | null, number | null] = [null, null]) {
    const actionId = nextId++;
    await db().insertInto('actions').values({
      action_id: actionId, project_id: projectId, parent_action_id: parentActionId, level: 'task', depth: 1, name: 'A', type: '', status: '',
      complete, priority: 0, date_start: dates[0], date_finish: dates[1], duration: null, manager_adminid: 0, assigned_adminid: 0,
      client_access: 'hidden', billable: 0, details: '', action_notes: '', sort_order: actionId, created: 0, modified: 0, elapsed: 0,
    } as never).execute();
    return actionId;
  }
  const kept = async (projectId: number) =>
    (await db().selectFrom('action_children').selectAll().where('project_id', '=', projectId).orderBy('parent_action_id').execute()).map((row) => ({
      parent: Number(row.parent_action_id), children: Number(row.children), sum: Number(row.complete_sum),
    }));

  it("recounts one project's stats from its rows, leaving other projects' as they are", async () => {
    const top = await insertAction(101, 0, 20);
    await insertAction(101, top, 30);
    await insertAction(101, top, 50);
    await insertAction(102, 0, 10);
    await addChildren(db(), 102, 0, 5, 999); // deliberately wrong: it must survive a rebuild of 101
    await addChildren(db(), 101, 0, 7, 7); // wrong too: the rebuild of 101 replaces it
    await rebuildChildren(db(), 101);
    expect(await kept(101)).toEqual([{ parent: 0, children: 1, sum: 20 }, { parent: top, children: 2, sum: 80 }]);
    expect(await kept(102)).toEqual([{ parent: 0, children: 5, sum: 999 }]);
    await rebuildChildren(db());
    expect(await kept(102)).toEqual([{ parent: 0, children: 1, sum: 10 }]);
    expect(await kept(101)).toEqual([{ parent: 0, children: 1, sum: 20 }, { parent: top, children: 2, sum: 80 }]);
  });

  it("reads a parent's count and sum, and its children's date range only when asked", async () => {
    const parent = await insertAction(103, 0, 0);
    await insertAction(103, parent, 40, [1_000, 5_000]);
    await insertAction(103, parent, 60, [2_000, 9_000]);
    await insertAction(103, parent, 0, [null, null]);
    await rebuildChildren(db(), 103);
    expect(await childStats(db(), 103, parent)).toEqual({ count: 3, completeSum: 100, earliestStart: 1_000, latestFinish: 9_000 });
    expect(await childStats(db(), 103, parent, false)).toEqual({ count: 3, completeSum: 100, earliestStart: null, latestFinish: null });
    expect(await childStats(db(), 103, 999_999)).toEqual({ count: 0, completeSum: 0, earliestStart: null, latestFinish: null });
  });

  it('adds nothing for a change of nothing, and adds up changes', async () => {
    await addChildren(db(), 104, 0, 0, 0);
    expect(await kept(104)).toEqual([]);
    await addChildren(db(), 104, 0, 1, 30);
    await addChildren(db(), 104, 0, 0, 20);
    expect(await kept(104)).toEqual([{ parent: 0, children: 1, sum: 50 }]);
  });

  it("forgets the stats of more deleted parents than one statement takes, and only that project's", async () => {
    const parents = Array.from({ length: 620 }, (_, i) => 10_000 + i);
    for (const parent of parents) await addChildren(db(), 105, parent, 1, 1);
    await addChildren(db(), 106, parents[600]!, 1, 1);
    await addChildren(db(), 105, 0, 3, 0);
    await forgetChildren(db(), 105, parents);
    expect(await kept(105)).toEqual([{ parent: 0, children: 3, sum: 0 }]);
    expect(await kept(106)).toEqual([{ parent: parents[600], children: 1, sum: 1 }]);
  }, 60_000);
});
