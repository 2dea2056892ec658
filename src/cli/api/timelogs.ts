/** `teampro timelogs start` / `stop`: timers, the SDK's timelogs.start and timelogs.stop. */
import type { Command } from 'commander';
import { API_METHODS } from './options.generated.js';
import { addParamOptions } from './params.js';
import { parseId } from './resources.js';
import { printResponse } from './render.js';
import { addCommonOptions, apiAction, type Env } from './session.js';
import type { TeamProClient } from '../../client/index.js';
import { CliError, printTable, usageError } from '../output.js';

function startCommand(timelogs: Command, env: Env): void {
  const command = timelogs
    .command('start')
    .description('start a timer: a time log without a stop, running from now (or --date-start)')
    .helpGroup('API calls:');
  // A timer has no stop and no duration yet; those come with "stop".
  const params = addParamOptions(command, API_METHODS.createTimelog.params, ['date_stop', 'duration']);
  addCommonOptions(command);
  command.action(
    apiAction(env, async (_args, options, client) => {
      const timelog = await client.timelogs.start(params.collect(options) as never);
      printResponse({ timelog }, options.json);
    }),
  );
}

/** The caller's running timer, when no id was given: the only one, or the one they pick on a terminal. */
async function myRunningTimer(client: TeamProClient): Promise<number> {
  const { timelogs } = await client.timelogs.list({ status: 'active', adminid: 'me', sort: 'date_start', limit: 50 });
  if (timelogs.length === 0) throw new CliError('You have no running timer');
  if (timelogs.length === 1) return timelogs[0].timelog_id;
  const ids = timelogs.map((log) => log.timelog_id);
  if (!process.stdin.isTTY) throw usageError(`You have ${ids.length} running timers (${ids.join(', ')}); name the one to stop: teampro timelogs stop ${ids[0]}`);
  printTable(timelogs, { ID: (log) => log.timelog_id, PROJECT: (log) => log.project_id, ACTION: (log) => log.action_id || '', STARTED: (log) => log.date_start, NOTE: (log) => log.note });
  const answer = (await ask('Stop which? (id) ')).trim();
  if (!ids.includes(Number(answer))) throw usageError(`"${answer}" is not one of your running timers`);
  return Number(answer);
}

async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await lines.question(question);
  } finally {
    lines.close();
  }
}

function stopCommand(timelogs: Command, env: Env): void {
  const command = timelogs
    .command('stop')
    .description('stop a running timer: its stop is now (or --date-stop) and its duration stop - start; without an id, your running timer')
    .argument('[id]', "the time log's id (default: your running timer; asked which when there are several)", parseId)
    .helpGroup('API calls:');
  // Stopping may add a note or fix the stop time; moving the log elsewhere is a job for "update".
  const params = addParamOptions(command, API_METHODS.updateTimelog.params, ['timelog_id', 'stop', 'project_id', 'date_start']);
  addCommonOptions(command);
  command.action(
    apiAction(env, async ([id], options, client) => {
      const timelogId = id === undefined ? await myRunningTimer(client) : Number(id);
      const timelog = await client.timelogs.stop(timelogId, params.collect(options));
      printResponse({ timelog }, options.json);
    }),
  );
}

export function registerTimerCommands(timelogs: Command, env: Env): void {
  startCommand(timelogs, env);
  stopCommand(timelogs, env);
}
