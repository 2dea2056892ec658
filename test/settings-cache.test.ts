import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertConfigured, DEFAULT_SETTINGS, isSettingName, loadSettings, SETTING_NAMES, SettingsCache } from '../src/settings/settings.js';
import { ApiError } from '../src/errors.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/* The stored getConfig options: defaults, stored values over them, the per-process cache and its time to live. */

/** The defaults as docs/resources/config.md's table gives them: lists as comma lists, the rest as JSON. */
function documentedDefaults(): Record<string, unknown> {
  const page = fs.readFileSync(new URL('../docs/resources/config.md', import.meta.url), 'utf8');
  const rows = [...page.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)];
  return Object.fromEntries(
    rows.map(([, name, cell]) => {
      const text = cell!.trim();
      return [name, Array.isArray(DEFAULT_SETTINGS[name as keyof typeof DEFAULT_SETTINGS]) ? text.split(', ') : JSON.parse(/^[\d.]+$|^true$|^false$/.test(text) ? text : JSON.stringify(text))];
    }),
  );
}

describe('setting names and configured lists', () => {
  it('defaults to what the config page documents', () => {
    expect(DEFAULT_SETTINGS).toEqual(documentedDefaults());
  });

  it('knows the settings by their own names only', () => {
    expect(SETTING_NAMES).toEqual(Object.keys(DEFAULT_SETTINGS));
    expect(isSettingName('page_limit')).toBe(true);
    expect(isSettingName('toString')).toBe(false);
    expect(isSettingName('nope')).toBe(false);
  });

  it('takes a value of the configured list, or none, and refuses any other naming the param', () => {
    expect(() => assertConfigured(DEFAULT_SETTINGS, 'project_statuses', 'Active', 'status')).not.toThrow();
    expect(() => assertConfigured(DEFAULT_SETTINGS, 'project_statuses', undefined, 'status')).not.toThrow();
    let error: unknown;
    try {
      assertConfigured(DEFAULT_SETTINGS, 'project_statuses', 'active', 'status');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errors).toEqual([{ param: 'status', message: expect.stringContaining('Under Review, Active') }]);
  });
});

describe.each(testDatabases())('stored settings on $name', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(() => database.drop());
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are the defaults until a value is stored, which then wins; unknown stored names are passed over', async () => {
    expect(await loadSettings(database.db)).toEqual(DEFAULT_SETTINGS);
    await database.db.insertInto('settings').values({ name: 'page_limit', value: '20' }).execute();
    await database.db.insertInto('settings').values({ name: 'retired_option', value: '"x"' }).execute();
    const settings = await loadSettings(database.db);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, page_limit: 20 });
    expect(Object.isFrozen(settings)).toBe(true);
    await database.db.deleteFrom('settings').execute();
  });

  it('are kept by each process for their time to live, to the millisecond, and read again after it or when cleared', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
    const cache = new SettingsCache(5000);
    expect(cache.current()).toBeNull();
    const first = await cache.get(database.db);
    expect(first.page_limit).toBe(50);
    expect(cache.current()).toBe(first);
    await database.db.insertInto('settings').values({ name: 'page_limit', value: '7' }).execute();
    vi.setSystemTime(1_004_999);
    expect(await cache.get(database.db)).toBe(first);
    vi.setSystemTime(1_005_000);
    expect(cache.current()).toBeNull();
    const second = await cache.get(database.db);
    expect(second.page_limit).toBe(7);
    await database.db.deleteFrom('settings').execute();
    cache.clear();
    expect(cache.current()).toBeNull();
    expect((await cache.get(database.db)).page_limit).toBe(50);
  });

  it('keep five seconds by default', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(2_000_000);
    const cache = new SettingsCache();
    await cache.get(database.db);
    vi.setSystemTime(2_004_999);
    expect(cache.current()).not.toBeNull();
    vi.setSystemTime(2_005_000);
    expect(cache.current()).toBeNull();
  });
});
