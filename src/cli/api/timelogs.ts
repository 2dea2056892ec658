/** `teampro timelogs start` / `stop`: timers, the SDK's timelogs.start and timelogs.stop. */
import type { Command } from 'commander';
import { API_METHODS } from './methods.generated.js';
import { addParamOptions } from './params.js';
import { parseId } from './resources.js';
import { printResponse } from './render.js';
import { addCommonOptions, apiAction, type Env } from './session.js';

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

function stopCommand(timelogs: Command, env: Env): void {
  const command = timelogs
    .command('stop')
    .description('stop a running timer: its stop is now (or --date-stop) and its duration stop - start')
    .argument('<id>', "the time log's id", parseId)
    .helpGroup('API calls:');
  // Stopping may add a note or fix the stop time; moving the log elsewhere is a job for "update".
  const params = addParamOptions(command, API_METHODS.updateTimelog.params, ['timelog_id', 'stop', 'project_id', 'date_start']);
  addCommonOptions(command);
  command.action(
    apiAction(env, async ([id], options, client) => {
      const timelog = await client.timelogs.stop(Number(id), params.collect(options));
      printResponse({ timelog }, options.json);
    }),
  );
}

export function registerTimerCommands(timelogs: Command, env: Env): void {
  startCommand(timelogs, env);
  stopCommand(timelogs, env);
}
