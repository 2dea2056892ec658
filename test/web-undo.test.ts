import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { undoChange } from '../web/src/lib/undo.js';

/**
 * The workspace's rollback of a refused change (web/src/lib/undo.ts): it takes back that change and
 * keeps every other change made meanwhile.
 */
interface Row {
  id: number;
  name: string;
  order: number;
}
const idOf = (r: Row) => r.id;
const base: Row[] = [
  { id: 1, name: 'Design', order: 1 },
  { id: 2, name: 'Build', order: 2 },
  { id: 3, name: 'Launch', order: 3 },
];
const set = (rows: Row[], id: number, change: Partial<Row>) => rows.map((r) => (r.id === id ? { ...r, ...change } : r));

describe('undoChange', () => {
  it('puts back the fields a refused change set, and nothing else', () => {
    const after = set(base, 2, { order: 9 });
    const current = set(after, 3, { name: 'Go live' });
    expect(undoChange(current, base, after, idOf)).toEqual(set(base, 3, { name: 'Go live' }));
  });

  it('keeps a later change to the same record’s other fields, and a later change to the same field', () => {
    const after = set(base, 1, { order: 5 });
    expect(undoChange(set(after, 1, { name: 'Plan' }), base, after, idOf)).toEqual(set(base, 1, { name: 'Plan' }));
    expect(undoChange(set(after, 1, { order: 7 }), base, after, idOf)).toEqual(set(base, 1, { order: 7 }));
  });

  it('brings back what the change removed and drops what it added', () => {
    const removed = base.filter((r) => r.id !== 2);
    expect(undoChange(removed, base, removed, idOf).sort((a, b) => a.id - b.id)).toEqual(base);
    const added = [...base, { id: 4, name: 'New', order: 4 }];
    expect(undoChange(added, base, added, idOf)).toEqual(base);
  });

  it('undoing a change right away gives back the list it started from (any change)', () => {
    const change = fc.record({ id: fc.constantFrom(1, 2, 3), name: fc.option(fc.string(), { nil: undefined }), order: fc.option(fc.integer(), { nil: undefined }), remove: fc.boolean() });
    fc.assert(
      fc.property(change, ({ id, name, order, remove }) => {
        const after = remove ? base.filter((r) => r.id !== id) : set(base, id, { ...(name === undefined ? {} : { name }), ...(order === undefined ? {} : { order }) });
        expect(undoChange(after, base, after, idOf).sort((a, b) => a.id - b.id)).toEqual(base);
      }),
    );
  });
});
