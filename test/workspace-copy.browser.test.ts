import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageScroll, shot, signIn, startWorkspace, type Workspace } from './helpers/workspace.js';

/** Waits for a condition the page reaches after a server round trip; generous, as CI runs other suites alongside. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const HOSTILE = '<img src=x onerror=alert(1)>';

/**
 * Copies and templates in Chromium, against one server: a new project from a template, its plan moved
 * to the start date picked; a project copied as a template; the server's refusal at its field; axe-core,
 * 390 px and dark mode.
 */
describe('the workspace: copies and templates', { timeout: 90_000 }, () => {
  let w: Workspace;
  let page: Page;
  let template: { projectId: number; kickoff: number };
  const dialogs: string[] = [];

  const api = (chain: string, method = 'GET', params?: Record<string, unknown>) => w.t.ok({ chain, method, params });
  const projectNamed = async (name: string) => (await api('projects', 'GET', { q: name })).projects.find((p: { name: string }) => p.name === name);

  beforeAll(async () => {
    w = await startWorkspace();
    const project = (await api('projects', 'POST', { name: 'Onboarding', function: 'template', date_start: '2027-01-04', details: HOSTILE })).project;
    const add = async (name: string, parent = 0, extra: Record<string, unknown> = {}) =>
      (await api('actions', 'POST', { project_id: project.project_id, parent_action_id: parent, name, ...extra })).action.action_id as number;
    const setup = await add('Set up');
    const kickoff = await add('Kick-off call', setup, { date_start: '2027-01-05', date_finish: '2027-01-05', complete: 100 });
    await add(HOSTILE, setup);
    await add('Handover');
    template = { projectId: project.project_id, kickoff };
    ({ page } = await w.newPage({ width: 1440 }));
    page.on('dialog', (dialog) => (dialogs.push(dialog.message()), dialog.dismiss()));
    await signIn(page, w.origin);
  });
  afterAll(() => w?.close());

  it('makes a project from a template, its plan moved to the start date picked, and opens it', async () => {
    await page.goto(`${w.origin}/projects/${template.projectId}`);
    await page.getByRole('button', { name: 'New project from template…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project from Onboarding' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Onboarding');
    expect(await dialog.getByLabel('Start date').inputValue()).toBe('2027-01-04');
    await expectAccessible(page, 'copy dialog');
    await shot(page, 'workspace-copy');
    await dialog.getByLabel('Name').fill('Onboarding: Acme');
    await dialog.getByLabel('Start date').fill('2027-03-01');
    await dialog.getByRole('button', { name: 'Create project' }).click();

    await page.getByRole('heading', { name: 'Onboarding: Acme', level: 1 }).waitFor();
    expect(page.url()).toMatch(/\/projects\/\d+\/actions$/);
    await page.getByRole('row', { name: 'Kick-off call', exact: true }).waitFor();
    expect(await page.getByRole('treegrid').locator('img').count()).toBe(0);
    const made = await projectNamed('Onboarding: Acme');
    expect(made).toMatchObject({ function: 'default', date_start: '2027-03-01T00:00:00Z', actions_count: 4, complete: 0 });
    const actions = (await api(`projects/${made.project_id}/actions`)).actions;
    expect(actions.find((a: { name: string }) => a.name === 'Kick-off call')).toMatchObject({ date_start: '2027-03-02T00:00:00Z', complete: 0 });
    // The template is as it was.
    expect((await api(`actions/${template.kickoff}`)).action).toMatchObject({ date_start: '2027-01-05T00:00:00Z', complete: 100 });
  });

  it('starts a new project from a template in the project form, sending only what was changed', async () => {
    const bodies: string[] = [];
    page.on('request', (request) => request.url().includes('/copy/') && bodies.push(request.postData() ?? ''));
    await page.goto(`${w.origin}/projects`);
    await page.getByRole('button', { name: 'New project' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project' });
    await dialog.getByLabel('Name').fill('Onboarding: Globex');
    await dialog.getByLabel('Start from').selectOption({ label: 'Template: Onboarding' });
    // The template's fields fill the form (its details as text); the name typed stays.
    expect(await dialog.getByLabel('Details').inputValue()).toBe(HOSTILE);
    expect(await dialog.getByLabel('Start date').inputValue()).toBe('2027-01-04');
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Onboarding: Globex');
    await expectAccessible(page, 'project form from a template');
    await dialog.getByLabel('Start date').fill('2027-02-01');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Onboarding: Globex', level: 1 }).waitFor();
    await eventually(() => bodies.length).toBe(1);
    expect(JSON.parse(bodies[0]).params ?? JSON.parse(bodies[0])).toEqual({ name: 'Onboarding: Globex', date_start: '2027-02-01' });
    const made = await projectNamed('Onboarding: Globex');
    expect(made).toMatchObject({ function: 'default', details: HOSTILE, actions_count: 4, date_finish: '2027-02-02T00:00:00Z' });
  });

  it('copies a project as a template, by keyboard', async () => {
    const source = (await api('projects', 'POST', { name: 'Intranet', status: 'Active' })).project;
    await api('actions', 'POST', { project_id: source.project_id, name: 'Design' });
    await page.goto(`${w.origin}/projects/${source.project_id}`);
    await page.getByRole('button', { name: 'Copy…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Copy Intranet' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Copy of Intranet');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Intranet template');
    await dialog.getByLabel('Make the copy a template').focus();
    await page.keyboard.press('Space');
    expect(await dialog.getByLabel('Make the copy a template').isChecked()).toBe(true);
    // Enter in the name sends the form.
    await dialog.getByLabel('Name').press('Enter');
    await page.getByRole('heading', { name: 'Intranet template', level: 1 }).waitFor();
    expect(await projectNamed('Intranet template')).toMatchObject({ function: 'template', status: 'Under Review', actions_count: 1 });
    await page.getByRole('button', { name: 'New project from template…' }).waitFor();
  });

  it('duplicates an action with its sub-actions from its row menu, and focuses the copy', async () => {
    const project = (await api('projects', 'POST', { name: 'Retainer' })).project;
    const month = (await api('actions', 'POST', { project_id: project.project_id, name: 'Monthly report' })).action;
    for (const name of ['Collect figures', HOSTILE]) await api('actions', 'POST', { project_id: project.project_id, parent_action_id: month.action_id, name, complete: 100 });
    await page.goto(`${w.origin}/projects/${project.project_id}/actions`);
    await page.getByRole('row', { name: 'Monthly report', exact: true }).waitFor();
    await page.getByRole('button', { name: 'More for Monthly report' }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    const rows = page.getByRole('row', { name: 'Monthly report', exact: true });
    await eventually(() => rows.count()).toBe(2);
    const actions = (await api(`projects/${project.project_id}/actions`)).actions as { action_id: number; name: string; parent_action_id: number; complete: number }[];
    const copy = actions.find((a) => a.name === 'Monthly report' && a.action_id !== month.action_id)!;
    expect(actions.filter((a) => a.parent_action_id === copy.action_id).map((a) => [a.name, a.complete])).toEqual([['Collect figures', 0], [HOSTILE, 0]]);
    // Focus is on the copy, the last row of the top level's first branch: the second "Monthly report".
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Monthly report');
    expect(await rows.nth(1).evaluate((row) => row === document.activeElement)).toBe(true);
    expect(await page.getByRole('treegrid').locator('img').count()).toBe(0);
  });

  it('shows the server’s refusal at its field and makes nothing', async () => {
    await page.goto(`${w.origin}/projects/${template.projectId}`);
    await page.getByRole('button', { name: 'New project from template…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New project from Onboarding' });
    await dialog.getByLabel('Name').fill('');
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await dialog.getByRole('alert').waitFor();
    const name = dialog.getByLabel('Name');
    await eventually(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await name.getAttribute('aria-describedby')}`).textContent()).toBeTruthy();
    await expectAccessible(page, 'copy dialog with an error');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await api('projects', 'GET', { limit: 1 })).data.total).toBe(6);
  });

  it('works at 390 px and in dark mode', async () => {
    for (const dark of [false, true]) {
      const { page: small, context } = await w.newPage({ width: 390, dark, storageState: await page.context().storageState() });
      await small.goto(`${w.origin}/projects/${template.projectId}`);
      await small.getByRole('button', { name: 'New project from template…' }).click();
      await small.getByRole('dialog', { name: 'New project from Onboarding' }).waitFor();
      await expectNoPageScroll(small, `copy dialog at 390 px${dark ? ', dark' : ''}`);
      await expectAccessible(small, `copy dialog at 390 px${dark ? ', dark' : ''}`);
      await context.close();
    }
  });

  it('ran no script from user text and loaded nothing from other sites', () => {
    expect(dialogs).toEqual([]);
    expect(w.foreign).toEqual([]);
  });
});
