import type { Command } from 'commander';
import type { CheckReport, Finding } from '../files/check.js';
import { withDatabase, type CliContext } from './context.js';
import { CliError, print, printJson } from './output.js';

function section<T>(title: string, found: Finding<T>, line: (item: T) => string): void {
  if (found.count === 0) return;
  print(`${title}: ${found.count}`);
  for (const item of found.items) print(`  ${line(item)}`);
  if (found.items.length < found.count) print(`  ... and ${found.count - found.items.length} more`);
}

function printReport(report: CheckReport): void {
  print(`Checked ${report.filesChecked} file rows and ${report.blobsChecked} stored contents`);
  const fixed = report.fixed ? ' (removed)' : '';
  section(`Contents no file refers to${fixed}`, report.blobsWithoutRows, (b) => `${b.key}  ${b.size} bytes`);
  section(`Files whose contents are gone${fixed}`, report.rowsWithoutBlobs, (r) => `file ${r.file_id} (thread ${r.thread_id})  blob ${r.blob_key}`);
  section('Files whose contents have the wrong size (damaged; never removed)', report.sizeMismatches, (r) => `file ${r.file_id}  expected ${r.expected} bytes, found ${r.actual}`);
  section(`Unfinished uploads${fixed}`, report.tempFiles, (b) => `${b.key}  ${b.size} bytes`);
}

const problems = (r: CheckReport) => r.blobsWithoutRows.count + r.rowsWithoutBlobs.count + r.sizeMismatches.count + r.tempFiles.count;

function checkCommand(files: Command, context: CliContext) {
  files
    .command('check')
    .description('compare the stored file contents with the files table; with --fix remove what a crash left behind')
    .option('--fix', 'remove orphan contents, rows whose contents are gone, and unfinished uploads')
    .option('--grace <seconds>', 'leave anything younger than this alone (an upload may be in progress)', '3600')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExit code 1 when problems were found and not fixed (damaged contents always count), so it can run from cron.\n' +
        'It may run while the server is serving. With TEAMPRO_S3_BUCKET set it checks that bucket (give it the server\'s\n' +
        'TEAMPRO_S3_* settings and credentials), where unfinished uploads are multipart uploads, which --fix aborts.\n\nExamples:\n  teampro files check\n  teampro files check --fix',
    )
    .action(async (options: { fix?: boolean; grace: string; json?: boolean }) => {
      const graceSeconds = Number(options.grace);
      if (!Number.isInteger(graceSeconds) || graceSeconds < 0) throw new CliError('--grace is a whole number of seconds', 2);
      const [{ checkFiles }, { blobStoreFor }] = await Promise.all([import('../files/check.js'), import('../files/blob-stores.js')]);
      const blobs = await blobStoreFor(context.config());
      const report = await withDatabase(context, ({ db }) => checkFiles(db, blobs, { fix: Boolean(options.fix), graceSeconds }));
      if (options.json) printJson(report);
      else printReport(report);
      const left = options.fix ? report.sizeMismatches.count : problems(report);
      if (left > 0) throw new CliError(`${left} problem(s) ${options.fix ? 'cannot be fixed automatically' : 'found; run with --fix to remove them'}`);
      if (!options.json) print(problems(report) === 0 ? 'Everything is consistent' : 'Fixed');
    });
}

export function registerFiles(program: Command, context: CliContext): void {
  const files = program.command('files').description('maintain the stored file contents (in TEAMPRO_BLOB_DIR, or the TEAMPRO_S3_BUCKET bucket when set)');
  checkCommand(files, context);
}
