import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { updateAdmin } from '../auth/admins.js';
import type { Database } from '../db/types.js';
import { nowSeconds } from '../engine/time.js';
import { withDatabase, type CliContext } from './context.js';
import { adminsModule, dialectModule } from './lazy.js';
import { CliError, note, print, printJson, printTable, usageError } from './output.js';
import { passwordOptions, resolvePassword, type PasswordOptions } from './password-input.js';

/** Usernames travel in Basic auth (no colon) and in URLs; keep them to a safe, printable set. */
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

function checkUsername(username: string): string {
  if (!USERNAME.test(username)) throw usageError(`Invalid username "${username}": use 1-64 letters, digits, ".", "_", "@" or "-"`);
  return username;
}

/** The role's id, or a message listing the roles there are. */
export async function roleIdByName(db: Kysely<Database>, name: string): Promise<number> {
  const { findRole, listRoles } = await adminsModule();
  const role = await findRole(db, name);
  if (role) return role.id;
  const names = (await listRoles(db)).map((r) => `"${r.name}"`);
  const known = names.length > 0 ? `; roles are ${names.join(', ')}` : '; create one with "teampro role create"';
  throw new CliError(`No role "${name}"${known}`);
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length > 255 || /[\u0000-\u001f\u007f]/.test(trimmed)) throw usageError('A display name has at most 255 characters and no control characters');
  return trimmed;
}

function announce(username: string, password: string, generated: boolean, verb: string) {
  print(`${verb} admin "${username}"`);
  // Printed once: it is stored only as a slow hash and cannot be shown again.
  if (generated) print(`Password: ${password}  (shown once; API clients send its MD5)`);
}

type AdminChanges = Parameters<typeof updateAdmin>[2];

async function changeAdmin(context: CliContext, username: string, changes: (db: Kysely<Database>) => Promise<AdminChanges>) {
  const { updateAdmin } = await adminsModule();
  await withDatabase(context, async ({ db }) => {
    if (!(await updateAdmin(db, username, await changes(db), nowSeconds()))) throw new CliError(`No admin "${username}"`);
  });
}

function listCommand(admin: Command, context: CliContext) {
  admin
    .command('list')
    .description('list the admins with their role, access and status')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const { listAdmins } = await adminsModule();
      const rows = await withDatabase(context, ({ db }) => listAdmins(db));
      const admins = rows.map((r) => ({ ...r, disabled: Boolean(r.disabled) }));
      if (options.json) return printJson(admins);
      if (admins.length === 0) return note('No admins yet; create one with "teampro admin create"');
      printTable(admins, {
        ID: (a) => a.id,
        USERNAME: (a) => a.username,
        NAME: (a) => a.name,
        ROLE: (a) => a.role ?? '(none)',
        ACCESS: (a) => a.access ?? 'none',
        STATUS: (a) => (a.disabled ? 'disabled' : 'active'),
        EMAIL: (a) => a.email,
      });
    });
}

function createCommand(admin: Command, context: CliContext) {
  const create = admin
    .command('create')
    .description('create an admin in a role; without a password option it prompts, or with no terminal generates one and prints it once')
    .argument('<username>', 'login name (letters, digits, . _ @ -)')
    .requiredOption('--role <name>', 'the role that decides API access (see "teampro role list")')
    .option('--email <address>', 'e-mail address', '')
    .option('--name <display name>', 'the name shown for the admin, e.g. "Alice Jones"', '');
  passwordOptions(create).action(async (username: string, options: PasswordOptions & { role: string; email: string; name: string }) => {
    checkUsername(username);
    const { password, generated } = await resolvePassword(options);
    const [{ createAdmin }, { isUniqueViolation }] = await Promise.all([adminsModule(), dialectModule()]);
    await withDatabase(context, async ({ db }) => {
      const roleId = await roleIdByName(db, options.role);
      try {
        await createAdmin(db, { username, password, roleId, email: options.email, name: checkName(options.name) }, nowSeconds());
      } catch (error) {
        if (isUniqueViolation(error)) throw new CliError(`An admin "${username}" already exists`);
        throw error;
      }
    });
    announce(username, password, generated, 'Created');
  });
}

function changeCommands(admin: Command, context: CliContext) {
  admin
    .command('disable')
    .description('refuse every login of an admin and end their browser sessions (takes effect on the next request)')
    .argument('<username>')
    .action(async (username: string) => {
      await changeAdmin(context, username, async () => ({ disabled: true }));
      print(`Disabled admin "${username}"`);
    });
  admin
    .command('enable')
    .description('allow a disabled admin to log in again')
    .argument('<username>')
    .action(async (username: string) => {
      await changeAdmin(context, username, async () => ({ disabled: false }));
      print(`Enabled admin "${username}"`);
    });
  admin
    .command('delete')
    .description('delete an admin and end their sessions; records naming them keep their id')
    .argument('<username>')
    .action(async (username: string) => {
      const { deleteAdmin } = await adminsModule();
      const deleted = await withDatabase(context, ({ db }) => deleteAdmin(db, username));
      if (!deleted) throw new CliError(`No admin "${username}"`);
      print(`Deleted admin "${username}"`);
    });
  admin
    .command('role')
    .description('move an admin to another role')
    .argument('<username>')
    .argument('<role>', 'role name')
    .action(async (username: string, role: string) => {
      await changeAdmin(context, username, async (db) => ({ roleId: await roleIdByName(db, role) }));
      print(`Admin "${username}" now has role "${role}"`);
    });
  admin
    .command('name')
    .description("set an admin's display name (empty to clear it)")
    .argument('<username>')
    .argument('<display name>')
    .action(async (username: string, name: string) => {
      await changeAdmin(context, username, async () => ({ name: checkName(name) }));
      print(`Admin "${username}" is now shown as "${name.trim()}"`);
    });
  const password = admin
    .command('password')
    .description("set an admin's password; without a password option it prompts, or with no terminal generates one and prints it once")
    .argument('<username>');
  passwordOptions(password).action(async (username: string, options: PasswordOptions) => {
    const { password: value, generated } = await resolvePassword(options);
    await changeAdmin(context, username, async () => ({ password: value }));
    announce(username, value, generated, 'Changed the password of');
  });
}

export function registerAdmin(program: Command, context: CliContext): void {
  const admin = program
    .command('admin')
    .description('manage the administrators who log in to the API')
    .addHelpText('after', '\nExamples:\n  teampro admin create alice --role Admin\n  teampro admin password alice --password-stdin < secret.txt\n  teampro admin disable alice');
  listCommand(admin, context);
  createCommand(admin, context);
  changeCommands(admin, context);
}
