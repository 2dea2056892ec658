import { Argument, Option, type Command } from 'commander';
import type { Access } from '../auth/admins.js';
import { withDatabase, type CliContext } from './context.js';
import { adminsModule, dialectModule } from './lazy.js';
import { CliError, print, printJson, printTable, usageError } from './output.js';

const ACCESS_LEVELS: Access[] = ['super', 'admin', 'none'];

const ACCESS_HELP = 'super = sees and changes everything, admin = sees the projects its admins may see, none = no API access';

function checkRoleName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 64) throw usageError('A role name has 1-64 characters');
  return trimmed;
}

function createCommand(role: Command, context: CliContext) {
  role
    .command('create')
    .description('create a role (no API access unless --access says otherwise)')
    .argument('<name>', 'role name, e.g. "Support"')
    .addOption(new Option('--access <level>', ACCESS_HELP).choices(ACCESS_LEVELS).default('none'))
    .action(async (name: string, options: { access: Access }) => {
      const roleName = checkRoleName(name);
      const [{ createRole }, { isUniqueViolation }] = await Promise.all([adminsModule(), dialectModule()]);
      await withDatabase(context, async ({ db }) => {
        try {
          await createRole(db, roleName, options.access);
        } catch (error) {
          if (isUniqueViolation(error)) throw new CliError(`A role "${roleName}" already exists`);
          throw error;
        }
      });
      print(`Created role "${roleName}" with ${options.access} access`);
    });
}

function grantCommand(role: Command, context: CliContext) {
  role
    .command('grant')
    .description('set what a role grants; applies to its admins from their next request')
    .argument('<name>', 'role name')
    .addArgument(new Argument('<access>', ACCESS_HELP).choices(ACCESS_LEVELS))
    .action(async (name: string, access: Access) => {
      const { setRoleAccess } = await adminsModule();
      const changed = await withDatabase(context, ({ db }) => setRoleAccess(db, name, access));
      if (!changed) throw new CliError(`No role "${name}"; see "teampro role list"`);
      print(`Role "${name}" now has ${access} access`);
    });
}

function listCommand(role: Command, context: CliContext) {
  role
    .command('list')
    .description('list the roles, their access and how many admins hold each')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const { listRoles } = await adminsModule();
      const roles = await withDatabase(context, ({ db }) => listRoles(db));
      if (options.json) return printJson(roles);
      printTable(roles, { ID: (r) => r.id, NAME: (r) => r.name, ACCESS: (r) => r.access, ADMINS: (r) => r.admins });
    });
}

export function registerRole(program: Command, context: CliContext): void {
  const role = program
    .command('role')
    .description('manage roles, which decide whether and how far their admins may use the API')
    .addHelpText('after', '\nExamples:\n  teampro role create Support\n  teampro role grant "Support" admin\n  teampro role list');
  createCommand(role, context);
  grantCommand(role, context);
  listCommand(role, context);
}
