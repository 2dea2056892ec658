/** What every command prints through: plain lines, JSON, tables, and the one-line errors. */

/**
 * A failure the user should read as one sentence; `exitCode` 2 marks a usage mistake. `details`
 * (e.g. the bad rows of an import file) are listed under that sentence.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, 2);

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}

/** Notes that are not the command's result (hints, credentials to copy) go to stderr so stdout stays parseable. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A left-aligned text table; `columns` maps header → value. */
export function printTable<T>(rows: readonly T[], columns: Record<string, (row: T) => unknown>): void {
  const headers = Object.keys(columns);
  const cells = rows.map((row) => headers.map((h) => String(columns[h](row) ?? '')));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  print(line(headers));
  for (const row of cells) print(line(row));
}

/** Unix seconds as `YYYY-MM-DD HH:MM:SS` UTC, the way the docs and the API inputs write times. */
export function formatTime(seconds: number | null): string {
  if (seconds === null) return '';
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

/**
 * One line for any error. Driver errors can be AggregateErrors with an empty message (pg trying
 * ::1 and 127.0.0.1), so fall back to the inner errors and codes. URLs are never printed: they may
 * hold a database password.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = (error as { errors?: unknown[] }).errors;
  if (!error.message && Array.isArray(inner) && inner.length > 0) return describeError(inner[0]);
  const code = (error as { code?: unknown }).code;
  const text = error.message || (typeof code === 'string' ? code : error.name);
  return text.split('\n')[0];
}
