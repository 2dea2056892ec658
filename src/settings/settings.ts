import type { Kysely } from 'kysely';
import { invalidParams } from '../errors.js';
import type { Database } from '../db/types.js';

/** getConfig options: defaults are the lists wbTeamPro ships with; stored values override them. */
export const DEFAULT_SETTINGS = {
  project_types: ['Internal', 'Product', 'Service'],
  project_statuses: ['Under Review', 'Active', 'In Production', 'In Testing', 'Completed', 'Closed'],
  action_types: ['Planning', 'Research', 'Contact', 'Service', 'Development', 'Review'],
  action_statuses: ['Active', 'Progress', 'Complete', 'Closed', 'Cancelled'],
  timelog_types: ['Standard', 'In-House', 'Rush', 'Emergency'],
  ticket_statuses: ['Open', 'Answered', 'Customer-Reply', 'On Hold', 'In Progress', 'Closed'],
  ticket_urgencies: ['Low', 'Medium', 'High'],
  file_statuses: ['Active', 'Approved', 'Rejected', 'Archived'],
  max_depth: 5,
  adjust_date: true,
  status_oncomplete: 'Complete',
  hourly_rate: 0,
  page_limit: 50,
  page_limit_max: 500,
  api_active: true,
};

export type Settings = { readonly [K in keyof typeof DEFAULT_SETTINGS]: (typeof DEFAULT_SETTINGS)[K] };
export type SettingName = keyof Settings;

export const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as SettingName[];

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(DEFAULT_SETTINGS, name);
}

export async function loadSettings(db: Kysely<Database>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['name', 'value']).execute();
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if (isSettingName(row.name)) settings[row.name] = JSON.parse(row.value);
  }
  return Object.freeze(settings) as Settings;
}

/**
 * Settings are read on most requests, so each process keeps them for a few seconds; a change made
 * through the CLI (another process) is seen everywhere within `ttlMs`.
 */
export class SettingsCache {
  private value: Settings | null = null;
  private expires = 0;
  constructor(private readonly ttlMs = 5000) {}

  /** The settings while they are fresh, without waiting for a promise; null when they must be read. */
  current(): Settings | null {
    return this.value && Date.now() < this.expires ? this.value : null;
  }

  async get(db: Kysely<Database>): Promise<Settings> {
    const fresh = this.current();
    if (fresh) return fresh;
    this.value = await loadSettings(db);
    this.expires = Date.now() + this.ttlMs;
    return this.value;
  }

  clear(): void {
    this.value = null;
  }
}

type ListSetting = { [K in SettingName]: Settings[K] extends readonly string[] ? K : never }[SettingName];

/** Refuses a value that is not in a configured list (a project type, an action status, ...). */
export function assertConfigured(settings: Settings, setting: ListSetting, value: string | undefined, param: string): void {
  if (value === undefined) return;
  const allowed = settings[setting] as readonly string[];
  if (!allowed.includes(value)) {
    throw invalidParams([{ param, message: `must be one of the configured ${setting}: ${allowed.join(', ')}` }]);
  }
}
