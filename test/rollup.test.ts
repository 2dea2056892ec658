import { describe, expect, it } from 'vitest';
import { levelOf, rolledUpChanges, roundedMean, statusOnReaching100 } from '../src/actions/rollup.js';
import type { ChildStats } from '../src/actions/children.js';
import type { ActionRow } from '../src/db/types.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/settings.js';

/*
 * The roll-up rules of docs/resources/actions.md called directly: what a parent's row becomes from its
 * children's kept stats, field by field, with every unset date and every setting that changes it. The
 * API suites reach them through whole trees; here each edge is aimed at on its own.
 */

const JAN = 1_767_225_600; // 2026-01-01
const DAY = 86_400;

const stored = (fields: Partial<ActionRow> = {}): ActionRow =>
  ({
    action_id: 7, project_id: 1, parent_action_id: 3, level: 'group', depth: 2, name: 'Parent', type: '', status: 'Open',
    complete: 0, priority: 0, date_start: null, date_finish: null, duration: null, manager_adminid: 0, assigned_adminid: 0,
    client_access: 'hidden', billable: 0, details: '', action_notes: '', sort_order: 1, created: JAN, modified: JAN, elapsed: 0,
    ...fields,
  }) as ActionRow;
const stats = (fields: Partial<ChildStats> = {}): ChildStats => ({ count: 2, completeSum: 0, earliestStart: null, latestFinish: null, ...fields });
const settings = (fields: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...fields });

describe('levelOf and roundedMean', () => {
  it('names a top-level action a milestone, one with children a group, and the rest tasks', () => {
    expect(levelOf(0, 0)).toBe('milestone');
    expect(levelOf(0, 3)).toBe('milestone');
    expect(levelOf(4, 1)).toBe('group');
    expect(levelOf(4, 0)).toBe('task');
  });

  it('rounds the mean to the nearest whole percent, and is 0 for no children', () => {
    expect(roundedMean(0, 0)).toBe(0);
    expect(roundedMean(100, 3)).toBe(33);
    expect(roundedMean(200, 3)).toBe(67);
    expect(roundedMean(150, 2)).toBe(75);
  });
});

describe('statusOnReaching100', () => {
  const s = settings({ status_oncomplete: 'Complete' });
  it('gives the configured status only when completion goes from below 100 to 100', () => {
    expect(statusOnReaching100(s, 99, 100, 'Open')).toBe('Complete');
    expect(statusOnReaching100(s, 0, 100, 'Open')).toBe('Complete');
    expect(statusOnReaching100(s, 100, 100, 'Open')).toBeUndefined();
    expect(statusOnReaching100(s, 50, 99, 'Open')).toBeUndefined();
  });
  it('gives nothing when the action already has that status or config asks for none', () => {
    expect(statusOnReaching100(s, 0, 100, 'Complete')).toBeUndefined();
    expect(statusOnReaching100(settings({ status_oncomplete: '' }), 0, 100, 'Open')).toBeUndefined();
  });
});

describe('rolledUpChanges', () => {
  it('changes only the level of an action without children, and nothing when the level is right', () => {
    expect(rolledUpChanges(stored({ level: 'group' }), stats({ count: 0 }), settings())).toEqual({ level: 'task' });
    expect(rolledUpChanges(stored({ level: 'task', complete: 40, date_start: JAN }), stats({ count: 0, completeSum: 100, earliestStart: JAN - DAY }), settings())).toEqual({});
  });

  it("takes the children's mean completion, and the configured status when it reaches 100", () => {
    expect(rolledUpChanges(stored(), stats({ count: 2, completeSum: 100 }), settings())).toEqual({ complete: 50 });
    expect(rolledUpChanges(stored({ complete: 60 }), stats({ count: 2, completeSum: 200 }), settings())).toEqual({ complete: 100, status: 'Complete' });
    expect(rolledUpChanges(stored({ complete: 50 }), stats({ count: 2, completeSum: 100 }), settings())).toEqual({});
  });

  it('widens the dates to the children, never narrows them, and takes either side when the other is unset', () => {
    const range = stats({ earliestStart: JAN, latestFinish: JAN + 10 * DAY });
    expect(rolledUpChanges(stored(), range, settings())).toEqual({ date_start: JAN, date_finish: JAN + 10 * DAY });
    expect(rolledUpChanges(stored({ date_start: JAN + DAY, date_finish: JAN + 5 * DAY }), range, settings())).toEqual({ date_start: JAN, date_finish: JAN + 10 * DAY });
    expect(rolledUpChanges(stored({ date_start: JAN - DAY, date_finish: JAN + 20 * DAY }), range, settings())).toEqual({});
    expect(rolledUpChanges(stored({ date_start: JAN + DAY, date_finish: JAN + 5 * DAY }), stats(), settings())).toEqual({});
  });

  it('reads stored numbers that a driver hands back as text as numbers', () => {
    const asText = stored({ complete: '50' as unknown as number, date_start: String(JAN) as unknown as number, date_finish: String(JAN + DAY) as unknown as number });
    expect(rolledUpChanges(asText, stats({ completeSum: 100, earliestStart: JAN, latestFinish: JAN + DAY }), settings())).toEqual({});
  });

  it('leaves the dates alone when config adjust_date is off', () => {
    const range = stats({ earliestStart: JAN, latestFinish: JAN + 10 * DAY });
    expect(rolledUpChanges(stored({ date_start: JAN + DAY }), range, settings({ adjust_date: false }))).toEqual({});
  });
});
