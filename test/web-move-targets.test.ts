import { describe, expect, it } from 'vitest';
import type { Action } from '../src/client/index.js';
import { buildTree, moveTargets } from '../web/src/lib/tree.js';

/** The places the workspace offers when a selection is moved (web/src/lib/tree.ts, moveTargets). */
const PLAN: [number, string, number][] = [
  [1, 'Plan', 0],
  [2, 'Research', 1],
  [3, 'Interviews', 2],
  [4, 'Survey', 2],
  [5, 'Budget', 1],
  [6, 'Build', 0],
  [7, 'Backend', 6],
];
const tree = buildTree(PLAN.map(([action_id, name, parent_action_id], i) => ({ action_id, name, parent_action_id, sort_order: i } as unknown as Action)));
const node = (id: number) => tree.byId.get(id)!;
const names = (tops: number[], maxDepth: number) => moveTargets(tree.roots, tops.map(node), maxDepth).map((t) => (t.node ? `${t.node.action.name}@${t.depth}` : 'top'));

describe('moveTargets', () => {
  it('offers the top level first, then every action in tree order with its depth', () => {
    expect(names([7], 5)).toEqual(['top', 'Plan@1', 'Research@2', 'Interviews@3', 'Survey@3', 'Budget@2', 'Build@1']);
  });

  it('leaves out what moves and everything under it', () => {
    expect(names([2], 5)).toEqual(['top', 'Plan@1', 'Budget@2', 'Build@1', 'Backend@2']);
    expect(names([2, 6], 5)).toEqual(['top', 'Plan@1', 'Budget@2']);
  });

  it('leaves out the places where the deepest moving subtree would pass the depth limit', () => {
    // Research spans two levels: under a depth-2 action it would reach depth 4.
    expect(names([2], 3)).toEqual(['top', 'Plan@1', 'Build@1']);
    expect(names([2, 7], 3)).toEqual(['top', 'Plan@1', 'Build@1']);
    expect(names([2], 2)).toEqual(['top']);
  });
});
