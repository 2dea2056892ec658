import type { Command } from 'commander';
import type { TicketImportError } from '../tickets/import.js';
import { withDatabase, type CliContext } from './context.js';
import { CliError, print } from './output.js';
import { progressBar } from './progress.js';

/** The import error's first line is the sentence; the lines under it name the bad rows. */
function importFailure(error: TicketImportError): CliError {
  const [first, ...rest] = error.message.split('\n');
  return new CliError(first.replace(/:$/, ''), 1, rest.map((line) => line.trim()));
}

function importCommand(tickets: Command, context: CliContext) {
  tickets
    .command('import')
    .description("import WHMCS tickets (tbltickets rows) from a JSON file into TeamPro's own tickets table")
    .argument('<file>', 'a JSON array of tbltickets rows, e.g. exported with: SELECT * FROM tbltickets')
    .addHelpText(
      'after',
      '\nRows are matched by "id": new ones are added, known ones updated. The whole file is checked first;\n' +
        'when a row is malformed nothing is imported and each problem is listed. A "deptname" beside "did"\n' +
        'names the department. (With WHMCS_DATABASE_URL set, the API reads the WHMCS database instead.)\n\n' +
        'Example:\n  teampro tickets import tickets.json',
    )
    .action(async (file: string) => {
      const bar = await progressBar('Importing tickets');
      const { importTicketsFile, TicketImportError } = await import('../tickets/import.js');
      const result = await withDatabase(context, ({ db }) => importTicketsFile(db, file, (written, total) => bar.update(written, total)))
        .catch((error: unknown) => {
          throw error instanceof TicketImportError ? importFailure(error) : error;
        })
        .finally(() => bar.stop());
      print(`Imported ${result.total} tickets from ${file}: ${result.inserted} new, ${result.updated} updated`);
    });
}

export function registerTickets(program: Command, context: CliContext): void {
  const tickets = program.command('tickets').description('manage the local copy of WHMCS tickets');
  importCommand(tickets, context);
}
