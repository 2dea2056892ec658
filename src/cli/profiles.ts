/**
 * Connection profiles for the API-calling commands: named {url, user, password MD5} sets in one JSON
 * file, `$TEAMPRO_PROFILES` or `~/.config/teampro/profiles.json` (`$XDG_CONFIG_HOME` honoured).
 * Only the MD5 is stored — it is what the API takes, so it is as good as the password for this
 * server, but it does not give away a password that may be reused elsewhere. The file is mode 0600.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './output.js';

export interface Profile {
  readonly url: string;
  readonly user: string;
  readonly password_md5?: string;
}

export interface ProfileFile {
  /** The profile used when neither --profile nor TEAMPRO_PROFILE names one. */
  default?: string;
  profiles: Record<string, Profile>;
}

type Env = Readonly<Record<string, string | undefined>>;

export function profilesPath(env: Env): string {
  if (env.TEAMPRO_PROFILES) return path.resolve(env.TEAMPRO_PROFILES);
  const config = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(config, 'teampro', 'profiles.json');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkProfile(name: string, value: unknown, file: string): Profile {
  const ok = isRecord(value) && typeof value.url === 'string' && typeof value.user === 'string' && (value.password_md5 === undefined || typeof value.password_md5 === 'string');
  if (!ok) throw new CliError(`Profile "${name}" in ${file} needs "url" and "user" strings (and "password_md5")`);
  return value as unknown as Profile;
}

/** The profile file, or an empty one when it does not exist; a damaged file is an error, never overwritten silently. */
export function readProfiles(file: string): ProfileFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON`);
  }
  if (!isRecord(parsed) || !isRecord(parsed.profiles)) throw new CliError(`${file} needs a "profiles" object`);
  const profiles: Record<string, Profile> = {};
  for (const [name, value] of Object.entries(parsed.profiles)) profiles[name] = checkProfile(name, value, file);
  return { default: typeof parsed.default === 'string' ? parsed.default : undefined, profiles };
}

/** Writes the file readable by its owner only: written under a temporary name with mode 0600, then renamed over. */
export function writeProfiles(file: string, contents: ProfileFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFileSync is reduced by the umask; chmod makes it exactly 0600.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

/**
 * The profile to use: the one named (by --profile or TEAMPRO_PROFILE; missing = error), else the
 * file's default, else none.
 */
export function selectProfile(file: string, name: string | undefined): Profile | undefined {
  const contents = readProfiles(file);
  if (name !== undefined) {
    const profile = contents.profiles[name];
    if (!profile) throw new CliError(`No profile "${name}" in ${file}; add it with "teampro profile add ${name} --url URL --user USER"`);
    return profile;
  }
  return contents.default === undefined ? undefined : contents.profiles[contents.default];
}
