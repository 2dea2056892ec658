import { Option, type Command } from 'commander';
import { randomPassword } from '../auth/password.js';
import { CliError, usageError } from './output.js';

export const MIN_PASSWORD_LENGTH = 8;

export interface PasswordOptions {
  password?: string;
  passwordStdin?: boolean;
}

/** Adds the ways a command can be given a password. */
export function passwordOptions(command: Command): Command {
  return command
    .addOption(new Option('--password <password>', 'the password (visible in the process list; prefer the prompt or --password-stdin)').conflicts('passwordStdin'))
    .option('--password-stdin', 'read the password from the first line of standard input');
}

/**
 * The password from the options, the terminal, or — with no terminal and no option — a random one.
 * `generated` tells the caller to print it, once.
 */
export async function resolvePassword(options: PasswordOptions): Promise<{ password: string; generated: boolean }> {
  let password: string;
  if (options.password !== undefined) password = options.password;
  else if (options.passwordStdin) password = await readFirstLine();
  else if (process.stdin.isTTY) password = await promptTwice();
  else password = '';
  if (password === '') return { password: randomPassword(), generated: true };
  if (password.length < MIN_PASSWORD_LENGTH) throw usageError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  return { password, generated: false };
}

/** The first line of standard input (`--password-stdin`). */
export async function readFirstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0];
  if (line === '') throw usageError('--password-stdin: standard input held no password');
  return line;
}

async function promptTwice(): Promise<string> {
  const first = await promptHidden('Password (leave empty to generate one): ');
  if (first === '') return '';
  if ((await promptHidden('Repeat the password: ')) !== first) throw new CliError('The two passwords differ; nothing was changed');
  return first;
}

/** Reads one line from the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new CliError('Cancelled'));
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on('data', onData);
  });
}
