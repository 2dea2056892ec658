import { useQuery } from '@tanstack/react-query';
import type { Admin, Config } from 'teampro/client';
import { api } from '../lib/api';

export const meKey = ['me'] as const;

/** The signed-in admin (getMe); a 401 means nobody is signed in. */
export function useMe() {
  return useQuery<Admin>({ queryKey: meKey, queryFn: () => api().admins.me(), retry: false, staleTime: 60_000 });
}

/** getConfig: statuses, types and limits the forms offer. */
export function useConfig() {
  return useQuery<Config>({ queryKey: ['config'], queryFn: () => api().config.get(), staleTime: 300_000 });
}

/** Every admin, to put names to ids and to offer as assignees. */
export function useAdmins() {
  return useQuery({
    queryKey: ['admins'],
    queryFn: async () => (await api().admins.list({ limit: 500 })).admins,
    staleTime: 300_000,
  });
}

/** id → display name. */
export function adminName(admins: readonly Admin[] | undefined, id: number | null | undefined): string {
  if (!id) return '—';
  const admin = admins?.find((a) => a.admin_id === id);
  return admin ? admin.name || admin.username : `#${id}`;
}
