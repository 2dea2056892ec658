import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageScroll, shot, signIn, startWorkspace, type Workspace } from './helpers/workspace.js';

/** Waits for a condition the page reaches after a server round trip; generous, as CI runs other suites alongside. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const HOSTILE = '<img src=x onerror=alert(1)>';

/**
 * The workspace's screens in Chromium, against one server: the project list, a project made in the
 * form, a tree built, reordered by keyboard and by drag, a timer started from a row and stopped from
 * the header, a Gantt bar dragged, My work; axe-core on each screen, and the docs' screenshots.
 */
describe('the workspace', { timeout: 90_000 }, () => {
  let w: Workspace;
  let page: Page;
  let planned: { projectId: number; milestone: number; task: number; start: string; finish: string };
  const dialogs: string[] = [];

  const api = (chain: string, method = 'GET', params?: Record<string, unknown>) => w.t.ok({ chain, method, params });
  const action = async (id: number) => (await api(`actions/${id}`)).action;
  const row = (name: string) => page.getByRole('row', { name, exact: true });

  beforeAll(async () => {
    w = await startWorkspace();
    // A planned project for the Gantt chart and My work (an overdue task assigned to root).
    const project = (await api('projects', 'POST', { name: 'Website relaunch', status: 'Active', date_start: '2026-11-02', date_finish: '2026-12-18' })).project;
    const milestone = (await api('actions', 'POST', { project_id: project.project_id, name: 'Build', date_start: '2026-11-02', date_finish: '2026-11-20' })).action;
    const task = (await api('actions', 'POST', { project_id: project.project_id, parent_action_id: milestone.action_id, name: 'Templates', date_start: '2026-11-03', date_finish: '2026-11-06', assigned_adminid: w.t.ids.root, complete: 40 })).action;
    await api('actions', 'POST', { project_id: project.project_id, parent_action_id: milestone.action_id, name: 'Content migration', date_start: '2026-11-09', date_finish: '2026-11-13', complete: 100 });
    await api('projects', 'POST', { name: HOSTILE, status: 'Under Review', details: '<script>alert(2)</script>' });
    planned = { projectId: project.project_id, milestone: milestone.action_id, task: task.action_id, start: task.date_start, finish: task.date_finish };
    ({ page } = await w.newPage({ width: 1440 }));
    page.on('dialog', (dialog) => (dialogs.push(dialog.message()), dialog.dismiss()));
    await signIn(page, w.origin);
  });
  afterAll(() => w?.close());

  it('lists projects with search, filters and sort in the URL, and renders hostile names as text', async () => {
    await page.getByRole('link', { name: HOSTILE }).waitFor();
    const headers = await page.getByRole('columnheader').allTextContents();
    expect(headers.map((h) => h.replace(/[▲▼]/g, '').trim())).toEqual(['Name', 'Client', 'Status', 'Due', 'Complete', 'Actions', 'Elapsed', 'Edit']);
    expect(await page.locator('table img').count()).toBe(0);
    await page.getByLabel('Search').fill('relaunch');
    await eventually(() => page.url()).toContain('q=relaunch');
    await eventually(() => page.getByRole('row').count()).toBe(2);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('Under Review');
    await eventually(() => page.url()).toContain('status=Under+Review');
    await eventually(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: 'Due' }).click();
    await eventually(() => page.url()).toContain('sort=date_finish');
    await page.reload();
    expect(await page.getByRole('columnheader', { name: 'Due' }).getAttribute('aria-sort')).toBe('ascending');
    await expectAccessible(page, 'projects');
    await shot(page, 'workspace-projects');
  });

  it('creates a project in the form, showing the API error at its field', async () => {
    await page.goto(`${w.origin}/projects`);
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.waitFor();
    await expectAccessible(page, 'project form');
    await dialog.getByLabel('Start date').fill('2026-12-10');
    await dialog.getByLabel('Due date').fill('2026-12-01');
    await dialog.getByLabel('Name').fill('Intranet');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.getByRole('alert').waitFor();
    // The server's message sits at the field it names, and that field says it is invalid.
    const finish = dialog.getByLabel('Due date');
    await eventually(() => finish.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await finish.getAttribute('aria-describedby')}`).textContent()).toMatch(/before/);
    await finish.fill('2026-12-31');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Intranet', level: 1 }).waitFor();
    expect(page.url()).toMatch(/\/projects\/\d+$/);
    await expectAccessible(page, 'project overview');
  });

  it('builds a three-level tree inline, reorders it by keyboard and by drag, with the server’s rules', async () => {
    await page.getByRole('link', { name: 'Actions' }).click();
    const projectId = Number(page.url().match(/projects\/(\d+)/)![1]);
    await page.getByRole('button', { name: 'Add milestone' }).click();
    const newName = page.getByLabel('Name of the new milestone');
    await newName.fill('Design');
    await newName.press('Enter');
    await row('Design').waitFor();
    await newName.fill('Launch');
    await newName.press('Enter');
    await row('Launch').waitFor();
    await newName.press('Escape');

    // A sub-action from the row's menu, a sub-sub-action by keyboard (Shift+Insert).
    await page.getByRole('button', { name: 'More for Design' }).click();
    await page.getByRole('menuitem', { name: 'Add sub-action' }).click();
    const sub = page.getByLabel('Name of the new sub-action');
    await sub.fill('Wireframes');
    await sub.press('Enter');
    await row('Wireframes').waitFor();
    await sub.press('Escape');
    await row('Wireframes').press('Shift+Insert');
    await sub.fill('Homepage sketch');
    await sub.press('Enter');
    await row('Homepage sketch').waitFor();
    await sub.press('Escape');

    const tree = page.getByRole('treegrid');
    const levels = async () => tree.locator('[role=row][aria-level]').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('aria-level')}:${r.getAttribute('aria-label')}:${r.getAttribute('aria-expanded') ?? '-'}`));
    await eventually(levels).toEqual(['1:Design:true', '2:Wireframes:true', '3:Homepage sketch:-', '1:Launch:-']);
    const { actions } = await api(`projects/${projectId}/actions`);
    const byName = Object.fromEntries(actions.map((a: { name: string }) => [a.name, a]));
    expect(byName['Homepage sketch']).toMatchObject({ depth: 3, level: 'task', parent_action_id: byName.Wireframes.action_id });
    expect(byName.Wireframes.level).toBe('group');
    await expectAccessible(page, 'actions tree');

    // Keyboard: Launch up above Design; Homepage sketch outdented to sit beside Wireframes.
    await row('Launch').press('Alt+ArrowUp');
    await eventually(levels).toEqual(['1:Launch:-', '1:Design:true', '2:Wireframes:true', '3:Homepage sketch:-']);
    await eventually(async () => (await api(`projects/${projectId}/actions`, 'GET', { parent_action_id: 0, sort: 'sort_order' })).actions.map((a: { name: string }) => a.name)).toEqual(['Launch', 'Design']);
    await row('Homepage sketch').press('Alt+ArrowLeft');
    await eventually(levels).toEqual(['1:Launch:-', '1:Design:true', '2:Wireframes:-', '2:Homepage sketch:-']);
    await eventually(async () => (await action(byName['Homepage sketch'].action_id)).parent_action_id).toBe(byName.Design.action_id);
    // Indent it back under Wireframes, then drag Wireframes (with it) into Launch.
    await row('Homepage sketch').press('Alt+ArrowRight');
    await eventually(async () => (await action(byName['Homepage sketch'].action_id)).parent_action_id).toBe(byName.Wireframes.action_id);
    await eventually(levels).toEqual(['1:Launch:-', '1:Design:true', '2:Wireframes:true', '3:Homepage sketch:-']);
    await row('Wireframes').dragTo(row('Launch'));
    await eventually(async () => (await action(byName.Wireframes.action_id)).parent_action_id).toBe(byName.Launch.action_id);
    await eventually(levels).toEqual(['1:Launch:true', '2:Wireframes:true', '3:Homepage sketch:-', '1:Design:-']);
    expect((await action(byName.Design.action_id)).level).toBe('milestone');

    // Edit in place: % complete of the task rolls up to its parents once the server has it.
    await row('Homepage sketch').press('Enter');
    await page.getByLabel('Complete (%)').fill('50');
    await page.getByLabel('Complete (%)').press('Enter');
    await eventually(() => row('Launch').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');

    // A change the server refuses shows at once, then rolls back with the server's message.
    await row('Homepage sketch').press('Enter');
    await page.getByLabel('Start', { exact: true }).fill('2026-12-10');
    await page.getByLabel('Finish', { exact: true }).fill('2026-12-01');
    await page.getByLabel('Finish', { exact: true }).press('Enter');
    await eventually(() => page.getByRole('alert').textContent()).toMatch(/Saving “Homepage sketch” was refused: .*date_finish/);
    expect(await row('Homepage sketch').getByRole('gridcell').nth(4).textContent()).toBe('—');
    expect((await action(byName['Homepage sketch'].action_id)).date_start).toBeNull();
    await page.getByRole('button', { name: 'Dismiss' }).click();

    // Deleting asks first.
    await row('Design').press('Delete');
    await page.getByRole('alertdialog', { name: 'Delete “Design”?' }).getByRole('button', { name: 'Delete' }).click();
    await eventually(levels).toEqual(['1:Launch:true', '2:Wireframes:true', '3:Homepage sketch:-']);

    // Collapsing is remembered across a reload; Expand all opens everything again.
    await row('Launch').press('ArrowLeft');
    await eventually(levels).toEqual(['1:Launch:false']);
    await page.reload();
    await row('Launch').waitFor();
    expect(await levels()).toEqual(['1:Launch:false']);
    await page.getByRole('button', { name: 'Expand all' }).click();
    await eventually(levels).toEqual(['1:Launch:true', '2:Wireframes:true', '3:Homepage sketch:-']);
    await shot(page, 'workspace-actions');
  });

  it('starts a timer from a tree row and stops it from the header', async () => {
    await page.getByRole('button', { name: 'Start timer on Homepage sketch' }).click();
    const timer = page.getByRole('timer');
    await timer.waitFor();
    await eventually(() => timer.textContent()).toMatch(/^0:0\d:\d\d$/);
    await page.getByRole('button', { name: 'Stop timer on Homepage sketch' }).first().waitFor();
    await page.getByRole('banner').getByText('Homepage sketch').waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Stop timer on Homepage sketch' }).click();
    await timer.waitFor({ state: 'detached' });
    const { timelogs } = await api('timelogs', 'GET', { adminid: 'me' });
    expect(timelogs).toHaveLength(1);
    expect(timelogs[0]).toMatchObject({ status: 'complete' });
    await page.getByRole('link', { name: 'Time' }).click();
    await page.getByRole('term').filter({ hasText: 'Pending' }).waitFor();
    expect(await page.getByRole('table', { name: /Time logs/ }).getByRole('row').count()).toBe(2);
    await expectAccessible(page, 'time');
  });

  it('pages time logs in the URL, goes back a page when the last one empties, and keeps a refusal until dismissed', async () => {
    const project = (await api('projects', 'POST', { name: 'Paged time' })).project;
    const day = 86_400;
    for (let i = 0; i < 51; i += 1) await api('timelogs', 'POST', { project_id: project.project_id, date_start: 1_790_000_000 + i * day, duration: 600 });
    await page.goto(`${w.origin}/projects/${project.project_id}/time`);
    const logRows = () => page.getByRole('table', { name: /Time logs/ }).locator('tbody tr').count();
    await eventually(logRows).toBe(50);
    await page.getByRole('button', { name: 'Next' }).click();
    await eventually(() => page.url()).toMatch(/\/time\?page=2$/);
    await eventually(logRows).toBe(1);

    // The page's only log deleted, the list has one page: its address is page 1's, plain.
    await page.getByRole('button', { name: /^Delete time log of / }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await eventually(() => page.url()).toMatch(/\/time$/);
    await eventually(logRows).toBe(50);

    // A log deleted elsewhere meanwhile: the server's refusal stays until dismissed. The page's list
    // reads are held from here on, so no re-read can take the row away before it is clicked.
    const held: Route[] = [];
    let holding = true;
    const holdListReads = (route: Route) => (holding && route.request().method() === 'GET' ? void held.push(route) : route.continue());
    await page.route(/\/timelogs(\/json|\?|$)/, holdListReads);
    const { timelogs } = await api('timelogs', 'GET', { project_id: project.project_id, limit: 1, sort: '-date_start' });
    await api(`timelogs/${timelogs[0].timelog_id}`, 'DELETE');
    await page.getByRole('button', { name: /^Delete time log of / }).first().click();
    const refused = page.waitForResponse((response) => response.request().method() === 'DELETE' && response.status() === 404);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await refused;
    holding = false;
    for (const route of held) await route.continue();
    await page.unroute(/\/timelogs(\/json|\?|$)/, holdListReads);
    const notice = page.getByRole('alert').filter({ hasText: /not found/i });
    await notice.waitFor();
    await eventually(logRows).toBe(49);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
  });

  it('moves a Gantt bar by drag, and the parent’s widened dates follow', async () => {
    await page.goto(`${w.origin}/projects/${planned.projectId}/gantt?view=Day`);
    const bar = page.locator(`.bar-wrapper[data-id="${planned.task}"] .bar`);
    await bar.waitFor();
    await expectAccessible(page, 'gantt');
    await shot(page, 'workspace-gantt');
    const box = (await bar.boundingBox())!;
    // One day's column in the Day view, measured from the header's day labels.
    const step = await page.evaluate(() => {
      const labels = [...document.querySelectorAll('.lower-text')].map((e) => e.getBoundingClientRect().x);
      return labels.length > 1 ? labels[1] - labels[0] : 45;
    });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + step * 7, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await eventually(async () => (await action(planned.task)).date_start).not.toBe(planned.start);
    const moved = await action(planned.task);
    expect(Date.parse(moved.date_finish) - Date.parse(moved.date_start)).toBe(Date.parse(planned.finish) - Date.parse(planned.start));
    const milestone = await action(planned.milestone);
    expect(Date.parse(milestone.date_finish)).toBeGreaterThanOrEqual(Date.parse(moved.date_finish));

    // By keyboard: → moves the bar a day, Shift+→ its finish; the bar keeps focus across redraws.
    const day = 86_400_000;
    await page.locator(`.bar-wrapper[data-id="${planned.task}"]`).focus();
    await page.keyboard.press('ArrowRight');
    await eventually(async () => Date.parse((await action(planned.task)).date_start)).toBe(Date.parse(moved.date_start) + day);
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(String(planned.task));
    await page.keyboard.press('Shift+ArrowRight');
    await eventually(async () => Date.parse((await action(planned.task)).date_finish)).toBe(Date.parse(moved.date_finish) + 2 * day);
  });

  it('shows my work: overdue actions assigned to me', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
    const overdue = page.getByRole('region', { name: /Overdue/ });
    await overdue.getByRole('link', { name: 'Templates' }).waitFor();
    await expectAccessible(page, 'my work');
  });

  it('works at 390 px and in dark mode, without a page scrollbar', async () => {
    for (const dark of [false, true]) {
      const { page: small, context } = await w.newPage({ width: 390, dark, storageState: await page.context().storageState() });
      await small.goto(`${w.origin}/projects`);
      await small.getByRole('link', { name: 'Website relaunch' }).waitFor();
      await expectNoPageScroll(small, 'projects at 390 px');
      if (dark) await expectAccessible(small, 'projects, dark');
      await shot(small, `workspace-projects-390${dark ? '-dark' : ''}`);
      await small.goto(`${w.origin}/projects/${planned.projectId}/actions`);
      await small.getByRole('treegrid').waitFor();
      await expectNoPageScroll(small, 'tree at 390 px');
      await shot(small, `workspace-actions-390${dark ? '-dark' : ''}`);
      await context.close();
    }
    const { page: dark, context } = await w.newPage({ width: 1440, dark: true, storageState: await page.context().storageState() });
    await dark.goto(`${w.origin}/projects/${planned.projectId}/actions`);
    await dark.getByRole('treegrid').waitFor();
    await expectAccessible(dark, 'actions, dark');
    await shot(dark, 'workspace-actions-dark');
    await dark.goto(`${w.origin}/projects`);
    await dark.getByRole('link', { name: 'Website relaunch' }).waitFor();
    await shot(dark, 'workspace-projects-dark');
    await context.close();
  });

  it('ran no script from user text and loaded nothing from other sites', () => {
    expect(dialogs).toEqual([]);
    expect(w.foreign).toEqual([]);
  });
});
