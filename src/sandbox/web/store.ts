/**
 * What the sandbox remembers between visits, in localStorage: the API URL and user always; the
 * password never, except — when "remember password" is ticked — its MD5 (what the API takes anyway).
 */
const KEYS = { url: 'teampro.sandbox.url', user: 'teampro.sandbox.user', md5: 'teampro.sandbox.md5', options: 'teampro.sandbox.options' };

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // Storage disabled (private mode, policy): the sandbox works, it just forgets.
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // As above: nothing to do without storage.
  }
}

export interface Remembered {
  url: string | null;
  user: string | null;
  passwordMd5: string | null;
}

export const remembered = (): Remembered => ({ url: read(KEYS.url), user: read(KEYS.user), passwordMd5: read(KEYS.md5) });

export function remember(url: string, user: string, passwordMd5: string | null): void {
  write(KEYS.url, url);
  write(KEYS.user, user);
  write(KEYS.md5, passwordMd5);
}

export function rememberOptions(options: Record<string, string>): void {
  write(KEYS.options, JSON.stringify(options));
}

export function rememberedOptions(): Record<string, string> {
  try {
    const value = JSON.parse(read(KEYS.options) ?? '{}');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}
