import { samePlace, type Place } from '../access/placement.js';
import type { CallContext } from '../engine/method.js';
import { addElapsed } from './repository.js';

/**
 * Keeps `projects.elapsed` and `actions.elapsed` equal to the seconds of the complete time logs on
 * them (an action counts its own logs, not its sub-actions'). A running timer counts 0 until stopped.
 * Called inside the write's transaction after the projects are locked; `before`/`after` are the log's
 * place and seconds before and after the write (null for a create or a delete).
 */
export async function moveElapsed(
  ctx: CallContext,
  before: { place: Place; seconds: number | null } | null,
  after: { place: Place; seconds: number | null } | null,
): Promise<void> {
  const removed = Number(before?.seconds ?? 0);
  const added = Number(after?.seconds ?? 0);
  if (before && after && samePlace(before.place, after.place)) {
    await addElapsed(ctx.db, after.place, added - removed, ctx.now);
    return;
  }
  if (before) await addElapsed(ctx.db, before.place, -removed, ctx.now);
  if (after) await addElapsed(ctx.db, after.place, added, ctx.now);
}
