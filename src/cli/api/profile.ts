/** `teampro profile add|list|remove|use`: the connection profiles the API commands read (../profiles.ts). */
import { createHash } from 'node:crypto';
import { Option, type Command } from 'commander';
import { CliError, note, print, printJson, printTable, usageError } from '../output.js';
import { promptHidden, readFirstLine } from '../password-input.js';
import { profilesPath, readProfiles, writeProfiles, type Profile } from '../profiles.js';
import { checkUrl } from './connection.js';
import type { Env } from './session.js';

interface AddOptions {
  url: string;
  user: string;
  password?: string;
  passwordMd5?: string;
  passwordStdin?: boolean;
  default?: boolean;
}

/** The MD5 to store, from an option, stdin or the terminal; none when there is no way to ask (it can come from TEAMPRO_PASSWORD later). */
async function passwordMd5(options: AddOptions): Promise<string | undefined> {
  const hash = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
  if (options.passwordMd5 !== undefined) {
    if (!/^[0-9a-f]{32}$/i.test(options.passwordMd5)) throw usageError('--password-md5 must be 32 hex digits');
    return options.passwordMd5.toLowerCase();
  }
  if (options.password !== undefined) return hash(options.password);
  if (options.passwordStdin) return hash(await readFirstLine());
  if (process.stdin.isTTY) {
    const typed = await promptHidden('Password (empty: store none): ');
    return typed === '' ? undefined : hash(typed);
  }
  return undefined;
}

function addCommand(profile: Command, env: Env): void {
  profile
    .command('add')
    .description('add or replace a profile; only the MD5 of the password is stored, in a file only you can read')
    .argument('<name>', 'the profile name')
    .requiredOption('--url <url>', 'the API URL (the site, …/api.php or …/modules/addons/wbteampro/api.php)')
    .requiredOption('--user <username>', 'the admin to call as')
    .addOption(new Option('--password <password>', 'the password (visible in the process list; prefer the prompt)').conflicts(['passwordMd5', 'passwordStdin']))
    .addOption(new Option('--password-md5 <hex>', 'the MD5 of the password instead').conflicts('passwordStdin'))
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--default', 'use this profile when none is named (the first profile added is the default)')
    .action(async (name: string, options: AddOptions) => {
      const file = profilesPath(env);
      const contents = readProfiles(file);
      const md5 = await passwordMd5(options);
      const entry: Profile = { url: checkUrl(options.url), user: options.user, ...(md5 && { password_md5: md5 }) };
      const replaced = name in contents.profiles;
      contents.profiles[name] = entry;
      if (options.default || contents.default === undefined || !(contents.default in contents.profiles)) contents.default = name;
      writeProfiles(file, contents);
      print(`${replaced ? 'Replaced' : 'Added'} profile "${name}" in ${file}${contents.default === name ? ' (the default)' : ''}`);
      if (!md5) note('No password stored: give it with --password or TEAMPRO_PASSWORD when calling');
    });
}

function listCommand(profile: Command, env: Env): void {
  profile
    .command('list')
    .description('list the profiles (the default marked with *)')
    .option('--json', 'print JSON instead of a table (without the password MD5s)')
    .action((options: { json?: boolean }) => {
      const file = profilesPath(env);
      const contents = readProfiles(file);
      const rows = Object.entries(contents.profiles).map(([name, p]) => ({ name, url: p.url, user: p.user, password: Boolean(p.password_md5), default: name === contents.default }));
      if (options.json) return printJson(rows);
      if (rows.length === 0) return note(`No profiles in ${file}; add one with "teampro profile add NAME --url URL --user USER"`);
      printTable(rows, { NAME: (r) => `${r.name}${r.default ? ' *' : ''}`, URL: (r) => r.url, USER: (r) => r.user, PASSWORD: (r) => (r.password ? 'stored' : 'none') });
    });
}

/** Loads the file and checks the profile exists, for remove and use. */
function existing(env: Env, name: string) {
  const file = profilesPath(env);
  const contents = readProfiles(file);
  if (!(name in contents.profiles)) throw new CliError(`No profile "${name}" in ${file}`);
  return { file, contents };
}

function removeCommand(profile: Command, env: Env): void {
  profile
    .command('remove')
    .description('remove a profile')
    .argument('<name>', 'the profile name')
    .action((name: string) => {
      const { file, contents } = existing(env, name);
      delete contents.profiles[name];
      if (contents.default === name) delete contents.default;
      writeProfiles(file, contents);
      print(`Removed profile "${name}"`);
    });
}

function useCommand(profile: Command, env: Env): void {
  profile
    .command('use')
    .description('make a profile the default')
    .argument('<name>', 'the profile name')
    .action((name: string) => {
      const { file, contents } = existing(env, name);
      contents.default = name;
      writeProfiles(file, contents);
      print(`Profile "${name}" is now the default`);
    });
}

export function registerProfile(program: Command, env: Env): void {
  const profile = program
    .command('profile')
    .helpGroup('API calls:')
    .description('connection profiles for the API commands ($TEAMPRO_PROFILES or ~/.config/teampro/profiles.json)')
    .addHelpText(
      'after',
      '\nA command uses --profile NAME, else TEAMPRO_PROFILE, else the default profile; its flags and\n' +
        'TEAMPRO_URL / TEAMPRO_USER / TEAMPRO_PASSWORD win over the profile, field by field.\n\n' +
        'Examples:\n  teampro profile add work --url https://pm.example.com --user alice\n  teampro projects list --profile work',
    );
  addCommand(profile, env);
  listCommand(profile, env);
  removeCommand(profile, env);
  useCommand(profile, env);
}
