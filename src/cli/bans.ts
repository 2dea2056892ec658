import ipaddr from 'ipaddr.js';
import type { Command } from 'commander';
import { nowSeconds } from '../engine/time.js';
import { withDatabase, type CliContext } from './context.js';
import { bansModule } from './lazy.js';
import { CliError, formatTime, print, printJson, printTable, usageError } from './output.js';

/**
 * The spellings an address may be stored under: a dual-stack socket reports IPv4 clients as
 * `::ffff:a.b.c.d`, and an administrator types `a.b.c.d`.
 */
function spellings(ip: string): string[] {
  if (!ipaddr.isValid(ip)) throw usageError(`"${ip}" is not an IP address`);
  const plain = ipaddr.process(ip).toString();
  const forms = new Set([ip, plain]);
  if (ipaddr.IPv4.isValid(plain)) forms.add(`::ffff:${plain}`);
  return [...forms];
}

function listCommand(bans: Command, context: CliContext) {
  bans
    .command('list')
    .description('list the addresses banned now, with when the ban ends')
    .option('--json', 'print JSON instead of a table (times in unix seconds)')
    .action(async (options: { json?: boolean }) => {
      const { listBans } = await bansModule();
      const rows = await withDatabase(context, ({ db }) => listBans(db, nowSeconds()));
      if (options.json) return printJson(rows);
      if (rows.length === 0) return print('No address is banned');
      printTable(rows, {
        IP: (r) => r.ip,
        FAILURES: (r) => r.failures,
        BANNED: (r) => formatTime(r.banned_at),
        UNTIL: (r) => (r.banned_until === null ? 'lifted by hand' : formatTime(r.banned_until)),
      });
    });
}

function liftCommand(bans: Command, context: CliContext) {
  bans
    .command('lift')
    .description('lift the ban on an address and forget its failed logins')
    .argument('<ip>', 'the address, as "bans list" shows it')
    .action(async (ip: string) => {
      const forms = spellings(ip);
      const { liftBan } = await bansModule();
      const lifted = await withDatabase(context, async ({ db }) => {
        let any = false;
        for (const form of forms) any = (await liftBan(db, form)) || any;
        return any;
      });
      if (!lifted) throw new CliError(`${ip} is not banned and has no failed logins`);
      print(`Lifted the ban on ${ip}`);
    });
}

export function registerBans(program: Command, context: CliContext): void {
  const bans = program
    .command('bans')
    .description('see and lift IP bans (an address is banned after repeated failed logins)')
    .addHelpText(
      'after',
      '\nThe threshold, window, duration and allow-list come from TEAMPRO_BAN_* variables.\n\nExamples:\n  teampro bans list\n  teampro bans lift 203.0.113.7',
    );
  listCommand(bans, context);
  liftCommand(bans, context);
}
