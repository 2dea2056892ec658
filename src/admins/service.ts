import type { CallContext } from '../engine/method.js';
import { runList } from '../engine/lists.js';
import { notFound } from '../errors.js';
import type { AdminListParams } from './methods.js';
import { adminsWithRoles } from './repository.js';
import { adminListSpec, presentAdmin, type AdminRecord } from './schemas.js';

/** The caller as the database has them now. */
export async function getMe(ctx: CallContext): Promise<AdminRecord> {
  const row = await adminsWithRoles(ctx.db).where('admins.id', '=', ctx.caller.id).executeTakeFirst();
  if (!row) throw notFound('Admin', ctx.caller.id);
  return presentAdmin(row);
}

export async function findAdmins(ctx: CallContext, params: AdminListParams) {
  let query = adminsWithRoles(ctx.db);
  if (params.disabled !== undefined) query = query.where('admins.disabled', '=', params.disabled ? 1 : 0);
  // An admin without a role has no access: the filter for none finds them too.
  if (params.access === 'none') query = query.where((eb) => eb.or([eb('roles.access', '=', 'none'), eb('roles.access', 'is', null)]));
  else if (params.access !== undefined) query = query.where('roles.access', '=', params.access);
  const { rows, data } = await runList(query, adminListSpec, params, ctx.settings);
  return { data, admins: rows.map(presentAdmin) };
}
