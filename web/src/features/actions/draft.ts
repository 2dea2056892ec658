import type { Action } from 'teampro/client';
import { toDateInput } from '../../lib/format';

export interface Draft {
  name: string;
  status: string;
  complete: string;
  assigned_adminid: string;
  date_start: string;
  date_finish: string;
}

export const draftOf = (a: Action): Draft => ({
  name: a.name,
  status: a.status,
  complete: String(a.complete),
  assigned_adminid: String(a.assigned_adminid),
  date_start: toDateInput(a.date_start),
  date_finish: toDateInput(a.date_finish),
});

/** The fields a draft changes, as updateAction params. */
export function changesOf(action: Action, draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (draft.name !== action.name) out.name = draft.name;
  if (draft.status !== action.status) out.status = draft.status;
  if (Number(draft.complete) !== action.complete && draft.complete !== '') out.complete = Number(draft.complete);
  if (Number(draft.assigned_adminid) !== action.assigned_adminid) out.assigned_adminid = Number(draft.assigned_adminid);
  if (draft.date_start !== toDateInput(action.date_start)) out.date_start = draft.date_start || null;
  if (draft.date_finish !== toDateInput(action.date_finish)) out.date_finish = draft.date_finish || null;
  return out;
}
