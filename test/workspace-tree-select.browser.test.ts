import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageScroll, shot, signIn, startWorkspace, type Workspace } from './helpers/workspace.js';

/** Waits for a condition the page reaches after a server round trip; generous, as CI runs other suites alongside. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const HOSTILE = '<img src=x onerror=alert(1)>';
/** The tree each test gets in a project of its own: [name, parent name]. */
const PLAN: [string, string | null][] = [
  ['Plan', null],
  ['Research', 'Plan'],
  ['Interviews', 'Research'],
  ['Survey', 'Research'],
  ['Budget', 'Plan'],
  ['Build', null],
  ['Backend', 'Build'],
  ['Frontend', 'Build'],
  [HOSTILE, 'Build'],
];

/**
 * Multi-select in the Actions tree, in Chromium against one server: selecting by click, Ctrl-click,
 * Shift-click and keyboard, kept across scrolling; the bar's status, assign, complete and delete
 * written on the server one call per action; a partial refusal; axe-core, 390 px and dark mode.
 */
describe('the workspace: selecting in the tree', { timeout: 90_000 }, () => {
  let w: Workspace;
  let page: Page;
  const dialogs: string[] = [];

  const api = (chain: string, method = 'GET', params?: Record<string, unknown>) => w.t.ok({ chain, method, params });
  const action = async (id: number) => (await api(`actions/${id}`)).action;
  const row = (name: string) => page.getByRole('row', { name, exact: true });
  const tree = () => page.getByRole('treegrid');
  const selectedNames = () => tree().locator('[role=row][aria-selected=true]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
  const bar = () => page.getByRole('group', { name: 'Selected actions' });
  const announced = () => page.locator('[aria-live=polite][aria-atomic=true]').textContent();
  /** Clicks a row on its name (not on its buttons), with the keys given. */
  const clickRow = (name: string, modifiers: ('Shift' | 'ControlOrMeta')[] = []) => row(name).locator('.tree-label').click({ modifiers });

  /** A project with PLAN as its tree, opened on its Actions tab; the actions' ids by name. */
  const openPlan = async (projectName: string) => {
    const project = (await api('projects', 'POST', { name: projectName })).project;
    const ids: Record<string, number> = {};
    for (const [name, parent] of PLAN) ids[name] = (await api('actions', 'POST', { project_id: project.project_id, name, parent_action_id: parent ? ids[parent] : 0 })).action.action_id;
    await page.goto(`${w.origin}/projects/${project.project_id}/actions`);
    await row(HOSTILE).waitFor();
    return { projectId: project.project_id as number, ids };
  };

  beforeAll(async () => {
    w = await startWorkspace();
    ({ page } = await w.newPage({ width: 1440 }));
    page.on('dialog', (dialog) => (dialogs.push(dialog.message()), dialog.dismiss()));
    await signIn(page, w.origin);
  });
  afterAll(() => w?.close());

  it('selects by click, Ctrl-click, Shift-click and keyboard, says so, and Escape clears', async () => {
    await openPlan('Selecting');
    expect(await tree().getAttribute('aria-multiselectable')).toBe('true');
    expect(await row('Plan').getAttribute('aria-selected')).toBe('false');

    // A plain click only sets where a Shift-click range starts.
    await clickRow('Interviews');
    expect(await selectedNames()).toEqual([]);
    expect(await bar().count()).toBe(0);
    await clickRow('Budget', ['Shift']);
    await eventually(selectedNames).toEqual(['Interviews', 'Survey', 'Budget']);
    expect(await bar().textContent()).toContain('3 selected');
    await eventually(announced).toBe('3 actions selected');
    await clickRow('Survey', ['ControlOrMeta']);
    await clickRow(HOSTILE, ['ControlOrMeta']);
    await eventually(selectedNames).toEqual(['Interviews', 'Budget', HOSTILE]);
    // The anchor moved to the last row clicked: Shift-click ranges from there.
    await clickRow('Backend', ['Shift']);
    await eventually(selectedNames).toEqual(['Backend', 'Frontend', HOSTILE]);
    expect(await tree().locator('img').count()).toBe(0);
    await page.keyboard.press('Escape');
    await eventually(selectedNames).toEqual([]);
    expect(await bar().count()).toBe(0);
    await eventually(announced).toBe('No actions selected');

    // Keyboard: Space toggles the focused row, Shift+↑/↓ extend from it, focus going along.
    await row('Research').focus();
    await page.keyboard.press('Space');
    await eventually(selectedNames).toEqual(['Research']);
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await eventually(selectedNames).toEqual(['Research', 'Interviews', 'Survey']);
    await page.keyboard.press('Shift+ArrowUp');
    await eventually(selectedNames).toEqual(['Research', 'Interviews']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Interviews');
    await page.keyboard.press('Space');
    await eventually(selectedNames).toEqual(['Research']);
    await eventually(announced).toBe('1 action selected');
    await page.keyboard.press('ControlOrMeta+a');
    await eventually(selectedNames).toHaveLength(PLAN.length);

    // The bar's commands come next in the tab order; Escape there clears and goes back to the row.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[role=group]')?.getAttribute('aria-label'))).toBe('Selected actions');
    await page.keyboard.press('Escape');
    await eventually(selectedNames).toEqual([]);
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Interviews');
  });

  it('keeps the selection by action while rows scroll out of the DOM and back', async () => {
    const project = (await api('projects', 'POST', { name: 'Long list' })).project;
    for (let i = 1; i <= 80; i += 1) await api('actions', 'POST', { project_id: project.project_id, name: `Item ${i}` });
    await page.goto(`${w.origin}/projects/${project.project_id}/actions`);
    await row('Item 1').press('Space');
    await page.keyboard.press('End');
    await row('Item 80').waitFor();
    await page.keyboard.press('Space');
    // Item 1's element is gone (virtualized); the selection is not.
    await eventually(() => row('Item 1').count()).toBe(0);
    await eventually(() => bar().textContent()).toContain('2 selected');
    await page.keyboard.press('Home');
    await eventually(() => row('Item 1').getAttribute('aria-selected')).toBe('true');
    expect(await row('Item 2').getAttribute('aria-selected')).toBe('false');
  });

  it('sets the status, assigns and completes every selected action on the server, waiting while it writes', async () => {
    const { ids } = await openPlan('Bulk writes');
    await clickRow('Interviews', ['ControlOrMeta']);
    await clickRow('Survey', ['ControlOrMeta']);
    await clickRow('Backend', ['ControlOrMeta']);

    // Held on the way, the writes keep the bar's commands disabled until they are done.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api.php/v1/actions/**', async (route) => (route.request().method() === 'PUT' && (await held), route.continue()));
    await bar().getByRole('button', { name: 'Set status' }).click();
    await page.getByRole('menuitem', { name: 'Progress' }).click();
    await eventually(() => bar().getByRole('button', { name: 'Mark complete' }).isDisabled()).toBe(true);
    expect(await bar().getByRole('button', { name: 'Assign' }).isDisabled()).toBe(true);
    release();
    const status = async (name: string) => (await action(ids[name])).status;
    await eventually(() => Promise.all(['Interviews', 'Survey', 'Backend', 'Budget'].map(status))).toEqual(['Progress', 'Progress', 'Progress', 'Active']);
    await page.unroute('**/api.php/v1/actions/**');
    await eventually(() => bar().getByRole('button', { name: 'Mark complete' }).isDisabled()).toBe(false);
    // Pending, not disabled: focus stayed on the command, in the bar.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Set status ▾');

    await bar().getByRole('button', { name: 'Assign' }).click();
    await page.getByRole('menuitem', { name: 'alice' }).click();
    const assignee = async (name: string) => (await action(ids[name])).assigned_adminid;
    await eventually(() => Promise.all(['Interviews', 'Survey', 'Backend', 'Frontend'].map(assignee))).toEqual([w.t.ids.alice, w.t.ids.alice, w.t.ids.alice, 0]);
    await eventually(() => row('Backend').getByRole('gridcell').nth(3).textContent()).toBe('alice');

    // A selected parent is completed through its tasks: its own % complete is the server's roll-up.
    await page.keyboard.press('Escape');
    await eventually(selectedNames).toEqual([]);
    await clickRow('Research', ['ControlOrMeta']);
    await clickRow('Frontend', ['ControlOrMeta']);
    await bar().getByRole('button', { name: 'Mark complete' }).click();
    const complete = async (name: string) => (await action(ids[name])).complete;
    await eventually(() => Promise.all(['Interviews', 'Survey', 'Research', 'Frontend', 'Backend', 'Budget'].map(complete))).toEqual([100, 100, 100, 100, 0, 0]);
    expect(await status('Research')).toBe('Complete');
    await eventually(() => row('Research').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await selectedNames()).toEqual(['Research', 'Frontend']);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('deletes only the top-most selected actions after asking, by the bar or the Delete key', async () => {
    const { projectId, ids } = await openPlan('Bulk delete');
    const deletes: string[] = [];
    page.on('request', (request) => request.method() === 'DELETE' && deletes.push(new URL(request.url()).pathname));
    for (const name of ['Plan', 'Research', 'Interviews', 'Frontend']) await clickRow(name, ['ControlOrMeta']);

    await bar().getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete 4 selected actions?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('2 more sub-actions under them go with them.');
    await expectAccessible(page, 'delete the selection');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await selectedNames()).toEqual(['Plan', 'Research', 'Interviews', 'Frontend']);
    expect(deletes).toEqual([]);

    await row('Research').press('Delete');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    const names = async () => (await api(`projects/${projectId}/actions`)).actions.map((a: { name: string }) => a.name).sort();
    await eventually(names).toEqual(['Backend', 'Build', HOSTILE].sort());
    expect(deletes.map((path) => Number(path.match(/actions\/(\d+)/)?.[1])).sort()).toEqual([ids.Plan, ids.Frontend].sort());
    await eventually(() => tree().locator('[role=row][aria-level]').count()).toBe(3);
    expect(await bar().count()).toBe(0);
    // Focus went on to a row that is left.
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Build');
  });

  it('moves the top-most selected actions under a place picked by name, one call each, in tree order', async () => {
    const { projectId, ids } = await openPlan('Bulk move');
    const puts: string[] = [];
    page.on('request', (request) => request.method() === 'PUT' && puts.push(new URL(request.url()).pathname));
    for (const name of ['Research', 'Interviews', 'Budget', 'Backend']) await clickRow(name, ['ControlOrMeta']);
    await bar().getByRole('button', { name: 'Move to…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Move 4 selected actions' });
    const search = dialog.getByRole('searchbox', { name: 'Move under' });
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.id)).toBeTruthy();
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    // What moves, and what is under it, is not offered.
    const offered = () => page.getByRole('dialog').getByRole('option').allTextContents();
    await eventually(offered).toEqual(['Top level', 'Plan', 'Build', 'Frontend', HOSTILE]);
    await expectAccessible(page, 'move the selection');
    await shot(page, 'workspace-actions-move');
    await search.fill('FRO');
    await eventually(offered).toEqual(['Frontend']);
    await search.fill('buil');
    await eventually(offered).toEqual(['Build']);
    await page.keyboard.press('Enter');
    await eventually(() => dialog.getByRole('option', { name: 'Build' }).getAttribute('aria-selected')).toBe('true');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Interviews went with Research; Build's own children stay first, the moved ones follow in tree order.
    const children = async (parent: number) =>
      (await api(`projects/${projectId}/actions`)).actions
        .filter((a: { parent_action_id: number }) => a.parent_action_id === parent)
        .sort((a: { sort_order: number }, b: { sort_order: number }) => a.sort_order - b.sort_order)
        .map((a: { name: string }) => a.name);
    await eventually(() => children(ids.Build)).toEqual(['Frontend', HOSTILE, 'Research', 'Budget', 'Backend']);
    expect(await children(ids.Research)).toEqual(['Interviews', 'Survey']);
    expect(await children(ids.Plan)).toEqual([]);
    // Playwright reports requests a little after they are sent: waited for, not read at once.
    await eventually(() => puts.map((path) => Number(path.match(/actions\/(\d+)/)?.[1])).sort()).toEqual([ids.Research, ids.Budget, ids.Backend].sort());
    await eventually(() => row('Budget').getAttribute('aria-level')).toBe('2');
    // The selection stays, and focus is back on the command.
    expect(await selectedNames()).toEqual(['Research', 'Interviews', 'Budget', 'Backend']);
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Move to…');

    // To the top level, by keyboard alone; Escape in the dialog leaves everything where it was.
    await page.keyboard.press('Escape');
    await row('Budget').press('Space');
    await bar().getByRole('button', { name: 'Move to…' }).click();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    await bar().getByRole('button', { name: 'Move to…' }).click();
    await eventually(offered).toContain('Top level');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Move');
    await page.keyboard.press('Enter');
    await eventually(async () => (await action(ids.Budget)).parent_action_id).toBe(0);
    expect(await children(0)).toEqual(['Plan', 'Build', 'Budget']);
  });

  it('shows one notice when some writes are refused, keeps the rest, and drops the ids that are gone', async () => {
    const { ids } = await openPlan('Partly refused');
    for (const name of ['Interviews', 'Survey', 'Budget']) await clickRow(name, ['ControlOrMeta']);
    // Deleted by someone else after the tree was read.
    await api(`actions/${ids.Survey}`, 'DELETE');
    await bar().getByRole('button', { name: 'Set status' }).click();
    await page.getByRole('menuitem', { name: 'Closed' }).click();
    const notice = page.getByRole('alert');
    await eventually(() => notice.textContent()).toMatch(/^Setting the status of 3 actions: 1 of 3 were refused\. .*not found/i);
    expect(await notice.count()).toBe(1);
    expect((await action(ids.Interviews)).status).toBe('Closed');
    expect((await action(ids.Budget)).status).toBe('Closed');
    await eventually(() => row('Survey').count()).toBe(0);
    await eventually(selectedNames).toEqual(['Interviews', 'Budget']);
    expect(await bar().textContent()).toContain('2 selected');
    await expectAccessible(page, 'tree with a selection and a notice');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
  });

  it('is accessible with a selection, at 390 px and in dark mode', async () => {
    const { projectId } = await openPlan('Office move');
    await clickRow('Research', ['ControlOrMeta']);
    await clickRow(HOSTILE, ['ControlOrMeta']);
    await expectAccessible(page, 'tree with a selection');
    await shot(page, 'workspace-actions-select');
    await bar().getByRole('button', { name: 'Set status' }).click();
    await page.getByRole('menu', { name: 'Set status' }).waitFor();
    await expectAccessible(page, 'status menu of the selection');
    await page.keyboard.press('Escape');
    for (const dark of [false, true]) {
      const { page: small, context } = await w.newPage({ width: 390, dark, storageState: await page.context().storageState() });
      await small.goto(`${w.origin}/projects/${projectId}/actions`);
      await small.getByRole('row', { name: 'Budget', exact: true }).press('Space');
      await small.keyboard.press('Shift+ArrowDown');
      await small.getByRole('group', { name: 'Selected actions' }).getByText('2 selected').waitFor();
      await expectNoPageScroll(small, `tree with a selection at 390 px${dark ? ', dark' : ''}`);
      await expectAccessible(small, `tree with a selection at 390 px${dark ? ', dark' : ''}`);
      if (dark) await shot(small, 'workspace-actions-select-390-dark');
      await context.close();
    }
  });

  it('ran no script from user text and loaded nothing from other sites', () => {
    expect(dialogs).toEqual([]);
    expect(w.foreign).toEqual([]);
  });
});
