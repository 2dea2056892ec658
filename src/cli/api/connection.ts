/**
 * Where an API command sends its calls and as whom: flags win over the environment, which wins over
 * a profile, field by field (a profile's URL with TEAMPRO_USER from the environment works).
 */
import { Option, type Command } from 'commander';
import { usageError } from '../output.js';
import { profilesPath, selectProfile } from '../profiles.js';

export interface ConnectionFlags {
  url?: string;
  user?: string;
  password?: string;
  passwordMd5?: string;
  profile?: string;
}

/** What the SDK client is made from; the password is either plain (the SDK hashes it) or its MD5. */
export interface Connection {
  readonly url: string;
  readonly username: string;
  readonly password?: string;
  readonly passwordMd5?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

interface Level {
  url?: string;
  user?: string;
  password?: string;
  passwordMd5?: string;
}

const MD5 = /^[0-9a-f]{32}$/i;

export function addConnectionOptions(command: Command): Command {
  const group = (option: Option) => command.addOption(option.helpGroup('Connection (else TEAMPRO_* variables, else the profile):'));
  group(new Option('--url <url>', 'the API URL: the site, …/api.php or …/modules/addons/wbteampro/api.php (TEAMPRO_URL)'));
  group(new Option('--user <username>', 'the admin to call as (TEAMPRO_USER)'));
  group(new Option('--password <password>', 'the password, visible in the process list (TEAMPRO_PASSWORD)').conflicts('passwordMd5'));
  group(new Option('--password-md5 <hex>', 'the MD5 of the password instead (TEAMPRO_PASSWORD_MD5)'));
  group(new Option('--profile <name>', 'a profile from the profile file (TEAMPRO_PROFILE; default: the default profile)'));
  return command;
}

const present = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

function fromEnv(env: Env): Level {
  return { url: present(env.TEAMPRO_URL), user: present(env.TEAMPRO_USER), password: present(env.TEAMPRO_PASSWORD), passwordMd5: present(env.TEAMPRO_PASSWORD_MD5) };
}

/** The profile is read only when a profile is named or something is still missing, so a broken file does not stop a fully flagged call. */
function fromProfile(flags: ConnectionFlags, env: Env, levels: Level[]): Level {
  const name = flags.profile ?? present(env.TEAMPRO_PROFILE);
  const complete = ['url', 'user'].every((key) => levels.some((l) => l[key as 'url' | 'user'])) && levels.some((l) => l.password || l.passwordMd5);
  if (name === undefined && complete) return {};
  const profile = selectProfile(profilesPath(env), name);
  return profile ? { url: profile.url, user: profile.user, passwordMd5: profile.password_md5 } : {};
}

const missing = (what: string, flag: string, variable: string) =>
  usageError(`No ${what}: give ${flag}, set ${variable}, or use a profile that has it (see teampro profile --help)`);

export function checkUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // Reported below.
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) throw usageError(`The API URL must be an http:// or https:// URL, not "${url}"`);
  return url;
}

export function resolveConnection(flags: ConnectionFlags, env: Env): Connection {
  const levels: Level[] = [{ url: flags.url, user: flags.user, password: flags.password, passwordMd5: flags.passwordMd5 }, fromEnv(env)];
  levels.push(fromProfile(flags, env, levels));
  const url = levels.find((l) => l.url)?.url;
  const username = levels.find((l) => l.user)?.user;
  // The password and its MD5 are one setting: the first level that has either decides.
  const secret = levels.find((l) => l.password || l.passwordMd5);
  if (!url) throw missing('API URL', '--url', 'TEAMPRO_URL');
  if (!username) throw missing('user', '--user', 'TEAMPRO_USER');
  if (!secret) throw missing('password', '--password', 'TEAMPRO_PASSWORD');
  if (secret.password) return { url: checkUrl(url), username, password: secret.password };
  if (!MD5.test(secret.passwordMd5!)) throw usageError('The password MD5 must be 32 hex digits');
  return { url: checkUrl(url), username, passwordMd5: secret.passwordMd5!.toLowerCase() };
}
