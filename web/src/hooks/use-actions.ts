import { useQuery } from '@tanstack/react-query';
import type { Action } from 'teampro/client';
import { api } from '../lib/api';

export const actionsKey = (projectId: number) => ['actions', projectId] as const;

/** Every action of a project (all pages), for the tree and the Gantt chart. */
export function useProjectActions(projectId: number) {
  return useQuery({
    queryKey: actionsKey(projectId),
    queryFn: async () => {
      const all: Action[] = [];
      for await (const action of api().actions.iterate({ project_id: projectId, limit: 500, sort: 'sort_order' })) all.push(action);
      return all;
    },
  });
}

export function useProject(projectId: number) {
  return useQuery({ queryKey: ['project', projectId], queryFn: () => api().projects.get(projectId) });
}
