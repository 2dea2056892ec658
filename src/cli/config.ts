import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { DEFAULT_SETTINGS, loadSettings, type SettingName } from '../settings/settings.js';
import type { Database } from '../db/types.js';
import { withDatabase, type CliContext } from './context.js';
import { dialectModule } from './lazy.js';
import { assertRemovable } from './config-usage.js';
import { checkName, checkRules, isListSetting, parseValue } from './config-values.js';
import { note, print, printJson } from './output.js';

const CACHE_NOTE = 'Running servers cache settings for 5 seconds, so a change reaches every instance within 5 seconds.';

/** Validates and stores one option; the in-use check and the write share a transaction. */
async function store(db: Kysely<Database>, name: SettingName, value: unknown, reset: boolean): Promise<void> {
  const { inTransaction } = await dialectModule();
  await inTransaction(db, async (trx) => {
    const current = await loadSettings(trx);
    checkRules(name, value, current);
    if (isListSetting(name)) await assertRemovable(trx, name, value as string[], current);
    await trx.deleteFrom('settings').where('name', '=', name).execute();
    if (!reset) await trx.insertInto('settings').values({ name, value: JSON.stringify(value) }).execute();
  });
}

function getCommand(config: Command, context: CliContext) {
  config
    .command('get')
    .description('print one option, or all of them, as JSON (defaults merged with stored values, as getConfig returns them)')
    .argument('[name]', 'option name, e.g. project_statuses')
    .action(async (name: string | undefined) => {
      const option = name === undefined ? undefined : checkName(name);
      const settings = await withDatabase(context, ({ db }) => loadSettings(db));
      printJson(option === undefined ? settings : settings[option]);
    });
}

function setCommand(config: Command, context: CliContext) {
  config
    .command('set')
    .description('change an option; refuses a value of the wrong type and the removal of a type or status still in use')
    .argument('<name>', 'option name')
    .argument('<value>', 'JSON or plain text; lists as a JSON array or a comma list')
    .addHelpText(
      'after',
      `\n${CACHE_NOTE}\n\nExamples:\n  teampro config set project_statuses "Under Review,Active,Completed,Closed"\n  teampro config set action_types '["Planning","Development","Review"]'\n  teampro config set max_depth 3\n  teampro config set adjust_date false\n  teampro config set status_oncomplete ""`,
    )
    .action(async (name: string, raw: string) => {
      const option = checkName(name);
      const value = parseValue(option, raw);
      await withDatabase(context, ({ db }) => store(db, option, value, false));
      print(`${option} = ${JSON.stringify(value)}`);
      note(CACHE_NOTE);
    });
}

function resetCommand(config: Command, context: CliContext) {
  config
    .command('reset')
    .description('put an option back to its default (with the same in-use check as set)')
    .argument('<name>', 'option name')
    .addHelpText('after', `\n${CACHE_NOTE}\n\nExample:\n  teampro config reset project_statuses`)
    .action(async (name: string) => {
      const option = checkName(name);
      const value = DEFAULT_SETTINGS[option];
      await withDatabase(context, ({ db }) => store(db, option, value, true));
      print(`${option} = ${JSON.stringify(value)} (default)`);
      note(CACHE_NOTE);
    });
}

export function registerConfig(program: Command, context: CliContext): void {
  const config = program
    .command('config')
    .description('read and change the getConfig options (types, statuses, limits, ...)')
    .addHelpText('after', `\n${CACHE_NOTE}\n\nExamples:\n  teampro config get\n  teampro config get project_statuses\n  teampro config set max_depth 3`);
  getCommand(config, context);
  setCommand(config, context);
  resetCommand(config, context);
}
