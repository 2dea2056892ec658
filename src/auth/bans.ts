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
  /** Whether failed logins are pending against the address (a good login then forgets its own). */
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

/**
 * The account a login's failures are counted against: its username, or '' for a name no admin can have
 * (none, too long for the column, control characters), so that any text a client sends can be stored.
 */
export function accountOf(username: string | null | undefined): string {
  return username && username.length <= 64 && !/[\u0000-\u001f\u007f]/.test(username) ? username : '';
}

/**
 * Bans live in the database so every instance sees them and a restart does not lift them. An address's
 * `ip_bans` row also stands, unbanned, for failures pending against it: one read tells the login path
 * both whether the address is banned and whether a good login has failures to forget.
 */
export async function banState(db: Kysely<Database>, ip: string, now: number): Promise<BanState> {
  const row = await db.selectFrom('ip_bans').selectAll().where('ip', '=', ip).executeTakeFirst();
  if (!row) return { banned: false, retryAfter: null, hasFailures: false };
  if (row.banned_at !== null) {
    if (row.banned_until === null) return { banned: true, retryAfter: null, hasFailures: true };
    if (row.banned_until > now) return { banned: true, retryAfter: row.banned_until - now, hasFailures: true };
    const ended = await db.deleteFrom('ip_bans').where('ip', '=', ip).where('banned_until', '<=', now).executeTakeFirst();
    if (Number(ended.numDeletedRows) > 0) await db.deleteFrom('login_failures').where('ip', '=', ip).execute();
    return { banned: false, retryAfter: null, hasFailures: false };
  }
  return { banned: false, retryAfter: null, hasFailures: row.failures > 0 };
}

async function countAccountFailure(db: Kysely<Database>, ip: string, account: string): Promise<boolean> {
  const result = await db
    .updateTable('login_failures')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('ip', '=', ip)
    .where('username', '=', account)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The address's failures within the window, against every account. */
async function failuresFrom(db: Kysely<Database>, ip: string, windowOpen: number): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.sum<number | string | null>('failures').as('total'))
    .where('ip', '=', ip)
    .where('window_start', '>=', windowOpen)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Writes the address's count on its `ip_bans` row (made if missing), banning it at the threshold. */
async function noteAddressFailures(db: Kysely<Database>, ip: string, total: number, now: number, policy: BanPolicy): Promise<boolean> {
  const banned = total >= policy.threshold;
  const ban = { banned_at: banned ? now : null, banned_until: banned && policy.durationSeconds > 0 ? now + policy.durationSeconds : null };
  const update = () => db.updateTable('ip_bans').set({ failures: total, ...ban }).where('ip', '=', ip).where('banned_at', 'is', null).executeTakeFirst();
  if (Number((await update()).numUpdatedRows) > 0) return banned;
  try {
    await db.insertInto('ip_bans').values({ ip, failures: total, window_start: now, ...ban }).execute();
  } catch (error) {
    // Made meanwhile by a parallel failure, or banned already: a ban made stays as it was made.
    if (!isUniqueViolation(error)) throw error;
    await update();
  }
  return banned;
}

/**
 * Counts one failed login from `ip` against `account`, atomically, and bans the address when its
 * failures within the window, against all accounts together, reach the threshold. Of parallel
 * failures the last to count sees every count before it, so a burst cannot slip under the threshold.
 */
export async function recordFailure(db: Kysely<Database>, ip: string, account: string, now: number, policy: BanPolicy): Promise<void> {
  if (isAllowListed(ip, policy.allow)) return;
  const windowOpen = now - policy.windowSeconds;
  await db.deleteFrom('login_failures').where('ip', '=', ip).where('window_start', '<', windowOpen).execute();
  if (!(await countAccountFailure(db, ip, account))) {
    try {
      await db.insertInto('login_failures').values({ ip, username: account, failures: 1, window_start: now }).execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await countAccountFailure(db, ip, account);
    }
  }
  const total = await failuresFrom(db, ip, windowOpen);
  // The ban holds the count from now on; when it ends the address starts again from nothing.
  if (await noteAddressFailures(db, ip, total, now, policy)) await db.deleteFrom('login_failures').where('ip', '=', ip).execute();
}

/**
 * Forgets the failures from `ip` against `account` after a good login as that account, and only
 * those: failures against other accounts still count towards the address's ban. True when none remain.
 */
export async function clearFailures(db: Kysely<Database>, ip: string, account: string, now: number, policy: BanPolicy): Promise<boolean> {
  await db.deleteFrom('login_failures').where('ip', '=', ip).where('username', '=', account).execute();
  const remaining = await failuresFrom(db, ip, now - policy.windowSeconds);
  if (remaining > 0) {
    await db.updateTable('ip_bans').set({ failures: remaining }).where('ip', '=', ip).where('banned_at', 'is', null).execute();
    return false;
  }
  await db.deleteFrom('ip_bans').where('ip', '=', ip).where('banned_at', 'is', null).execute();
  return true;
}

export async function listBans(db: Kysely<Database>, now: number) {
  const rows = await db.selectFrom('ip_bans').selectAll().where('banned_at', 'is not', null).orderBy('banned_at').execute();
  return rows.filter((row) => row.banned_until === null || row.banned_until > now);
}

/** Lifts a ban and forgets every failure counted against the address; true when there was either. */
export async function liftBan(db: Kysely<Database>, ip: string): Promise<boolean> {
  const ban = await db.deleteFrom('ip_bans').where('ip', '=', ip).executeTakeFirst();
  const failures = await db.deleteFrom('login_failures').where('ip', '=', ip).executeTakeFirst();
  return Number(ban.numDeletedRows) + Number(failures.numDeletedRows) > 0;
}
