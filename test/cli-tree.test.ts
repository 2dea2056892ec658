import { afterEach, describe, expect, it, vi } from 'vitest';
import { printList } from '../src/cli/api/render.js';
import { inTreeOrder } from '../src/cli/api/tree.js';

const action = (action_id: number, parent_action_id: number, sort_order: number, name: string) => ({
  action_id, parent_action_id, sort_order, name, level: 'task', status: 'Active', complete: 0, priority: 2, date_finish: null,
});

// As a page may bring them: by id, children before their parents, siblings out of order.
const rows = [
  action(1, 0, 2, 'Launch'),
  action(2, 5, 1, 'Wireframes'),
  action(3, 5, 2, 'Mockups'),
  action(4, 2, 1, 'Home page'),
  action(5, 0, 1, 'Design'),
  action(6, 99, 1, 'Orphan of a filtered-out parent'),
];

describe('actions list --tree', () => {
  afterEach(() => vi.restoreAllMocks());

  it('orders parents before children, siblings by sort order, each row once', () => {
    const placed = inTreeOrder(rows).map(({ row, depth }) => `${depth}:${row.name}`);
    expect(placed).toEqual(['0:Design', '1:Wireframes', '2:Home page', '1:Mockups', '0:Launch', '0:Orphan of a filtered-out parent']);
  });

  it('prints names indented two spaces a level, without the parent column', () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    printList({ actions: rows, data: { total: 6, page: 1, pages: 1, offset: 0 } }, true);
    const lines = out.split('\n');
    expect(lines[0]).not.toContain('PARENT');
    const [nameAt, nextAt] = [lines[0].indexOf('NAME'), lines[0].indexOf('STATUS')];
    expect(lines.slice(1, 5).map((line) => line.slice(nameAt, nextAt).trimEnd())).toEqual(['Design', '  Wireframes', '    Home page', '  Mockups']);
  });
});
