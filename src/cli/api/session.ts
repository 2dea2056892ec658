/**
 * What every API command shares: the SDK client made from the connection settings, and the SDK's
 * errors turned into the CLI's one-line errors. The SDK is imported only here and only when a command
 * runs, so the administration commands never load it (and these never open the database).
 */
import { Option, type Command } from 'commander';
import type { TeamProClient, TeamProClientOptions } from '../../client/index.js';
import { CliError } from '../output.js';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from './connection.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface OutputFlags {
  json?: boolean;
}

/** Connection options plus --json: what every API command takes. */
export function addCommonOptions(command: Command, json = true): Command {
  addConnectionOptions(command);
  if (json) command.addOption(new Option('--json', "print the reply's response as JSON, as the server sent it").helpGroup('Output:'));
  return command;
}

export async function openClient(flags: ConnectionFlags, env: Env, extra: Partial<TeamProClientOptions> = {}): Promise<TeamProClient> {
  const connection = resolveConnection(flags, env);
  const { TeamProClient } = await import('../../client/index.js');
  return new TeamProClient({ ...connection, ...extra });
}

/** The server's sentence with its code, and the params it names underneath (validation errors). */
export async function asCliError(error: unknown): Promise<unknown> {
  const { TeamProError } = await import('../../client/errors.js');
  if (!(error instanceof TeamProError)) return error;
  const details = error.errors.map((e) => `${e.param}: ${e.message}`);
  if (error.retryAfter !== undefined) details.push(`retry after ${error.retryAfter} seconds`);
  if (error.requestId && error.code >= 500) details.push(`request id ${error.requestId}`);
  if (error.code > 0) return new CliError(`${error.message} (${error.code})`, 1, details);
  // No reply: fetch's "fetch failed" says little; the system error under it (ECONNREFUSED, ENOTFOUND) says why.
  const inner = (error.cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const reason = inner?.code ?? inner?.message;
  return new CliError(typeof reason === 'string' ? `${error.message} (${reason})` : error.message, 1, details);
}

/**
 * A commander action for an API command: `work` gets the positional arguments, the options (the
 * command's own and connection flags together) and the client.
 */
export function apiAction(env: Env, work: (args: unknown[], options: Record<string, any>, client: TeamProClient) => Promise<void>) {
  return async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options = command.opts();
    try {
      const client = await openClient(options, env);
      await work(command.processedArgs, options, client);
    } catch (error) {
      throw await asCliError(error);
    }
  };
}
