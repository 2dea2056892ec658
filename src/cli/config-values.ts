import { DEFAULT_SETTINGS, SETTING_NAMES, isSettingName, type SettingName, type Settings } from '../settings/settings.js';
import { usageError } from './output.js';

export type ListSettingName = {
  [K in SettingName]: (typeof DEFAULT_SETTINGS)[K] extends readonly string[] ? K : never;
}[SettingName];

export function isListSetting(name: SettingName): name is ListSettingName {
  return Array.isArray(DEFAULT_SETTINGS[name]);
}

/** List entries end up in varchar(64) columns (projects.type, actions.status, ...). */
const MAX_ENTRY_LENGTH = 64;

export function checkName(name: string): SettingName {
  if (!isSettingName(name)) throw usageError(`Unknown config option "${name}"; options are ${SETTING_NAMES.join(', ')}`);
  return name;
}

function parseList(name: string, raw: string, parsed: unknown): string[] {
  const entries = Array.isArray(parsed) ? parsed : typeof parsed === 'string' ? parsed.split(',') : null;
  if (!entries || entries.some((e) => typeof e !== 'string')) {
    throw usageError(`${name} is a list of names: give a JSON array of strings or a comma list, got ${raw}`);
  }
  const list = (entries as string[]).map((e) => e.trim());
  if (list.length === 0 || list.some((e) => e === '')) throw usageError(`${name} needs at least one entry and no empty ones`);
  const long = list.find((e) => e.length > MAX_ENTRY_LENGTH);
  if (long) throw usageError(`${name}: "${long}" is longer than ${MAX_ENTRY_LENGTH} characters`);
  const duplicate = list.find((e, i) => list.indexOf(e) !== i);
  if (duplicate) throw usageError(`${name}: "${duplicate}" appears twice`);
  return list;
}

function parseBoolean(name: string, raw: string): boolean {
  const text = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw usageError(`${name} is true or false, got ${raw}`);
}

function parseNumber(name: string, raw: string, parsed: unknown): number {
  if (typeof parsed !== 'number' || !Number.isFinite(parsed)) throw usageError(`${name} is a number, got ${raw}`);
  return parsed;
}

/**
 * VALUE as the user typed it, read as JSON when it is JSON and as plain text otherwise, then
 * made the type the default value has (so `Active,Closed` and `["Active","Closed"]` are the same).
 */
export function parseValue(name: SettingName, raw: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  const expected = DEFAULT_SETTINGS[name];
  if (Array.isArray(expected)) return parseList(name, raw, parsed);
  if (typeof expected === 'boolean') return parseBoolean(name, raw);
  if (typeof expected === 'number') return parseNumber(name, raw, parsed);
  return typeof parsed === 'string' ? parsed.trim() : raw.trim();
}

function integerIn(name: string, value: unknown, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw usageError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}

/** Rules between options and ranges a running server relies on. */
export function checkRules(name: SettingName, value: unknown, current: Settings): void {
  switch (name) {
    case 'max_depth':
      return integerIn(name, value, 1, 50);
    case 'page_limit':
      return integerIn(name, value, 1, current.page_limit_max);
    case 'page_limit_max':
      return integerIn(name, value, current.page_limit, 10_000);
    case 'hourly_rate':
      if ((value as number) < 0) throw usageError('hourly_rate cannot be negative');
      return;
    case 'status_oncomplete':
      if (value !== '' && !current.action_statuses.includes(value as string)) {
        throw usageError(`status_oncomplete must be "" (none) or one of the action_statuses: ${current.action_statuses.join(', ')}`);
      }
      return;
  }
}
