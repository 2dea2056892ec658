import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Params } from '../engine/types.js';
import { AdminRecord, adminFilters, adminListSpec } from './schemas.js';
import * as service from './service.js';

const listSchema = listParams(adminFilters, adminListSpec);
export type AdminListParams = Static<typeof listSchema>;

export const getMe = defineMethod({
  name: 'getMe',
  resource: 'admins',
  chain: 'admins/me',
  http: 'GET',
  description: 'Return the signed-in Admin (who am I, and my role)',
  params: Params({}),
  reply: singleReply('admin', AdminRecord),
  run: async (ctx) => ({ admin: await service.getMe(ctx) }),
});

export const findAdmins = defineMethod({
  name: 'findAdmins',
  resource: 'admins',
  chain: 'admins',
  http: 'GET',
  description: 'Return an Admin List (ids, usernames, display names, roles), for any signed-in admin',
  params: listSchema,
  reply: listReply('admins', AdminRecord),
  tx: 'read',
  run: (ctx, params) => service.findAdmins(ctx, params),
});

export const adminMethods = [getMe, findAdmins];
