import { Type, type Static } from '@sinclair/typebox';
import type { ListSpec } from '../engine/lists.js';
import { Bool, Choice, Id } from '../engine/types.js';

export const ADMIN_ACCESS_LEVELS = ['super', 'admin', 'none'] as const;

/** What any signed-in admin may learn of another: who they are and what they may do, not how to reach them. */
export const AdminRecord = Type.Object({
  admin_id: Id('Admin id (the ids in assigned_adminid, manager_adminid, adminid, author_adminid, …)'),
  username: Type.String({ description: 'Login name' }),
  name: Type.String({ description: 'Display name; empty when none was given' }),
  role: Type.Union([Type.String(), Type.Null()], { description: 'Role name; null without a role' }),
  access: Choice(ADMIN_ACCESS_LEVELS, 'What the role grants: super, admin or none (no API access)'),
  disabled: Type.Boolean({ description: 'A disabled admin cannot log in' }),
});
export type AdminRecord = Static<typeof AdminRecord>;

export const adminFilters = {
  disabled: Bool('Only disabled (true) or active (false) admins'),
  access: Choice(ADMIN_ACCESS_LEVELS, 'Only admins whose role grants this access'),
};

export const adminListSpec: ListSpec = {
  idColumn: 'admins.id',
  sortable: { admin_id: 'admins.id', username: 'admins.username', name: 'admins.name' },
  searchColumns: ['admins.username', 'admins.name'],
  modifiedColumn: 'admins.modified',
};

export interface AdminRow {
  id: number;
  username: string;
  name: string;
  disabled: number;
  role: string | null;
  access: 'super' | 'admin' | 'none' | null;
}

export function presentAdmin(row: AdminRow): AdminRecord {
  return { admin_id: row.id, username: row.username, name: row.name, role: row.role, access: row.access ?? 'none', disabled: row.disabled === 1 };
}
