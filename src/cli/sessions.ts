import type { Command } from 'commander';
import { nowSeconds } from '../engine/time.js';
import { withDatabase, type CliContext } from './context.js';
import { sessionsModule } from './lazy.js';
import { CliError, formatTime, print, printJson, printTable, usageError } from './output.js';

function listCommand(sessions: Command, context: CliContext) {
  sessions
    .command('list')
    .description('list the browser sessions that have not ended, with their admin')
    .option('--json', 'print JSON instead of a table (times in unix seconds)')
    .action(async (options: { json?: boolean }) => {
      const { listLiveSessions } = await sessionsModule();
      const rows = await withDatabase(context, ({ db }) => listLiveSessions(db, nowSeconds()));
      if (options.json) return printJson(rows);
      if (rows.length === 0) return print('No one is signed in');
      printTable(rows, {
        ID: (r) => r.id,
        ADMIN: (r) => r.username ?? `#${r.admin_id}`,
        SIGNED_IN: (r) => formatTime(r.created),
        LAST_SEEN: (r) => formatTime(r.last_seen),
        ENDS: (r) => formatTime(Math.min(r.idle_expires, r.expires)),
        IP: (r) => r.ip,
        BROWSER: (r) => r.user_agent.slice(0, 40),
      });
    });
}

function revokeCommand(sessions: Command, context: CliContext) {
  sessions
    .command('revoke')
    .description("end a session, or every session of an admin (the browser must sign in again)")
    .argument('[id]', 'the session id, as "sessions list" shows it')
    .option('--admin <username>', "end every session of this admin instead")
    .action(async (id: string | undefined, options: { admin?: string }) => {
      if ((id === undefined) === (options.admin === undefined)) throw usageError('Give a session id or --admin <username> (one of the two)');
      const { revokeSession, revokeSessionsOf } = await sessionsModule();
      if (options.admin !== undefined) {
        const username = options.admin;
        const count = await withDatabase(context, ({ db }) => revokeSessionsOf(db, username));
        if (count === null) throw new CliError(`No admin "${username}"`);
        return print(`Ended ${count} session${count === 1 ? '' : 's'} of "${username}"`);
      }
      if (!/^\d{1,10}$/.test(id!)) throw usageError(`"${id}" is not a session id`);
      const ended = await withDatabase(context, ({ db }) => revokeSession(db, Number(id)));
      if (!ended) throw new CliError(`No session ${id}`);
      print(`Ended session ${id}`);
    });
}

export function registerSessions(program: Command, context: CliContext): void {
  const sessions = program
    .command('sessions')
    .description('see and end the browser sessions of the workspace')
    .addHelpText(
      'after',
      '\nA revoked session stops working within TEAMPRO_AUTH_REFRESH_MS on every running server.\n\nExamples:\n  teampro sessions list\n  teampro sessions revoke 12\n  teampro sessions revoke --admin alice',
    );
  listCommand(sessions, context);
  revokeCommand(sessions, context);
}
