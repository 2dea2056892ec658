import ipaddr from 'ipaddr.js';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/dialect.js';
import type { Database } from '../db/types.js';

export interface BanPolicy {
  readonly threshold: number;
  readonly windowSeconds: number;
  /** 0 = until lifted. */
  readonly durationSeconds: number;
  readonly allow: readonly string[];
}

export interface BanState {
  readonly banned: boolean;
  /** Seconds until the ban ends; null when it lasts until lifted. */
  readonly retryAfter: number | null;
  readonly hasFailures: boolean;
}

export function isAllowListed(ip: string, allow: readonly string[]): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const address = ipaddr.process(ip);
  return allow.some((entry) => {
    try {
      if (!entry.includes('/')) return ipaddr.process(entry).toString() === address.toString();
      const [range, bits] = ipaddr.parseCIDR(entry);
      return address.kind() === range.kind() && address.match([range, bits] as never);
    } catch {
      return false;
    }
  });
}

/** Bans live in the database so every instance sees them and a restart does not lift them. */
export async function banState(db: Kysely<Database>, ip: string, now: number): Promise<BanState> {
  const row = await db.selectFrom('ip_bans').selectAll().where('ip', '=', ip).executeTakeFirst();
  if (!row) return { banned: false, retryAfter: null, hasFailures: false };
  if (row.banned_at !== null) {
    if (row.banned_until === null) return { banned: true, retryAfter: null, hasFailures: true };
    if (row.banned_until > now) return { banned: true, retryAfter: row.banned_until - now, hasFailures: true };
    await db.deleteFrom('ip_bans').where('ip', '=', ip).where('banned_until', '<=', now).execute();
    return { banned: false, retryAfter: null, hasFailures: false };
  }
  return { banned: false, retryAfter: null, hasFailures: row.failures > 0 };
}

async function countFailure(db: Kysely<Database>, ip: string, now: number, windowSeconds: number): Promise<boolean> {
  const windowOpen = now - windowSeconds;
  const result = await db
    .updateTable('ip_bans')
    .set((eb) => ({
      failures: eb.case().when('window_start', '<', windowOpen).then(1).else(eb('failures', '+', 1)).end(),
      window_start: eb.case().when('window_start', '<', windowOpen).then(now).else(eb.ref('window_start')).end(),
    }))
    .where('ip', '=', ip)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Counts one failed login atomically; bans the address when the count reaches the threshold. */
export async function recordFailure(db: Kysely<Database>, ip: string, now: number, policy: BanPolicy): Promise<void> {
  if (isAllowListed(ip, policy.allow)) return;
  if (!(await countFailure(db, ip, now, policy.windowSeconds))) {
    try {
      await db.insertInto('ip_bans').values({ ip, failures: 1, window_start: now, banned_at: null, banned_until: null }).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await countFailure(db, ip, now, policy.windowSeconds);
    }
  }
  await db
    .updateTable('ip_bans')
    .set({ banned_at: now, banned_until: policy.durationSeconds > 0 ? now + policy.durationSeconds : null })
    .where('ip', '=', ip)
    .where('failures', '>=', policy.threshold)
    .where('banned_at', 'is', null)
    .execute();
}

export async function clearFailures(db: Kysely<Database>, ip: string): Promise<void> {
  await db.deleteFrom('ip_bans').where('ip', '=', ip).where('banned_at', 'is', null).execute();
}

export async function listBans(db: Kysely<Database>, now: number) {
  const rows = await db.selectFrom('ip_bans').selectAll().where('banned_at', 'is not', null).orderBy('banned_at').execute();
  return rows.filter((row) => row.banned_until === null || row.banned_until > now);
}

/** Lifts a ban (and forgets the failures); true when there was one. */
export async function liftBan(db: Kysely<Database>, ip: string): Promise<boolean> {
  const result = await db.deleteFrom('ip_bans').where('ip', '=', ip).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
