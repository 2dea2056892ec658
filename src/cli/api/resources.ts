/**
 * The everyday API commands — `teampro projects list`, `teampro actions create`, … — one per
 * list/get/create/update/delete method of each resource, made from the method table and its params
 * (options.generated.ts, a snapshot of findResources), so a new param becomes a new option.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { TeamProClient } from '../../client/index.js';
import type { ListData } from '../../client/types.js';
import { print } from '../output.js';
import { API_METHODS } from './options.generated.js';
import { addParamOptions, type MethodSpec } from './params.js';
import { adminColumns, listKey, printResponse, printWithAdminNames, recordOf, type AdminNames } from './render.js';
import { addCommonOptions, apiAction, type Env } from './session.js';

/** The SDK resources that get commands, with a description for groups this file creates. */
export const GROUPS: Record<string, { singular: string; description: string }> = {
  admins: { singular: 'admin', description: 'admins over the API: who is signed in (me), and every admin with name and role' },
  projects: { singular: 'project', description: 'projects over the API: list, show, create, change, delete' },
  actions: { singular: 'action', description: 'actions (milestones, groups, tasks) over the API' },
  topics: { singular: 'topic', description: 'discussion threads and their posts over the API' },
  files: { singular: 'file', description: 'project files: list, upload, download over the API; check the blob store' },
  tickets: { singular: 'ticket', description: 'WHMCS tickets: list and show them over the API; import them into the local table' },
  ticketxrefs: { singular: 'ticket link', description: 'links between WHMCS tickets and projects or actions over the API' },
  timelogs: { singular: 'time log', description: 'time logs and timers over the API' },
};

/** "a project", "an action". */
const withArticle = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

const VERBS: Record<string, (singular: string, plural: string) => string> = {
  list: (_, plural) => `list ${plural} as a table (the options filter, sort and page)`,
  threads: (singular) => `list threads: the first ${singular} of each, with their count and the latest`,
  get: (singular) => `show one ${singular}`,
  create: (singular) => `create ${withArticle(singular)}`,
  update: (singular) => `change ${withArticle(singular)}: only the options given change`,
  delete: (singular) => `delete ${withArticle(singular)} (prints what was deleted)`,
  me: (singular) => `show the ${singular} signed in: who am I, and my role`,
};

const EXAMPLES: Record<string, string> = {
  projects: 'teampro projects list --status Active --sort -activity\n  teampro projects create --name Website --status "Under Review"\n  teampro projects update 5 --status Active',
  actions: 'teampro actions list --project 5\n  teampro actions list --project 5 --tree\n  teampro actions create --project 5 --name Design --parent 12',
  timelogs: 'teampro timelogs start --project 5 --action 12 --note "Call with client"\n  teampro timelogs stop 31\n  teampro timelogs stop             # your running timer\n  teampro timelogs list --project 5',
  files: 'teampro files upload --project 5 specs.pdf mockups/*.png\n  teampro files download 14 -o specs.pdf',
};

export function parseId(text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new InvalidArgumentError('expects a positive whole number.');
  return Number(text);
}

/** The group command: the existing one (files, tickets have admin subcommands too) or a new one. */
export function groupCommand(program: Command, name: string): Command {
  const info = GROUPS[name];
  const existing = program.commands.find((command) => command.name() === name);
  const group = existing ?? program.command(name).helpGroup('API calls:');
  group.description(info.description);
  if (EXAMPLES[name]) group.addHelpText('after', `\nExamples:\n  ${EXAMPLES[name]}`);
  return group;
}

type Row = Record<string, unknown>;

/**
 * `--all`: the list from where the options say (offset or page) to its end, fetched page after page
 * (the SDK's paginate, at the page size the server used), as one reply whose `data` spans it.
 */
async function everyPage(client: TeamProClient, methodName: string, params: Row): Promise<Row> {
  const first = await client.call(methodName, params);
  const key = listKey(first);
  const data = first.data as ListData | undefined;
  if (!key || !data) return first;
  const records = [...(first[key] as unknown[])];
  if (records.length > 0 && data.offset + records.length < data.total) {
    const { paginate } = await import('../../client/paging.js');
    const { page: _page, ...rest } = params;
    const fetchPage = (page: Row) => client.call(methodName, page) as Promise<never>;
    for await (const record of paginate(fetchPage, key, { ...rest, offset: data.offset + records.length, limit: data.limit })) records.push(record);
  }
  return { ...first, data: { ...data, limit: records.length, page: 1, pages: 1 }, [key]: records };
}

/** Every admin's username by id, for tables that show who did what (one findAdmins page of 500 covers most teams; more are fetched). */
async function adminNamesOf(client: TeamProClient): Promise<AdminNames> {
  const names = new Map<number, string>();
  for await (const admin of client.admins.iterate()) names.set(admin.admin_id, admin.name || admin.username);
  return names;
}

/** A reply on the terminal: a list that shows admins shows their names, fetched for it. */
async function printReply(client: TeamProClient, response: Row, options: { json?: boolean; tree?: boolean }, tree: boolean): Promise<void> {
  const key = listKey(response);
  if (options.json || adminColumns(key).length === 0) return printResponse(response, options.json, tree);
  const names = await adminNamesOf(client);
  printWithAdminNames(names, () => printResponse(response, false, tree));
}

/** The id a get/update/delete method takes from the command line: its required param. */
const idParamOf = (verb: string, spec: MethodSpec) => (['get', 'update', 'delete'].includes(verb) ? spec.params.find((p) => p.required)?.name : undefined);

function verbCommand(group: Command, methodName: string, spec: MethodSpec, env: Env): void {
  const [resource, verb] = spec.sdk.split('.');
  const { singular } = GROUPS[resource];
  const idParam = idParamOf(verb, spec);
  const command = group.command(verb).description(VERBS[verb](singular, resource)).helpGroup('API calls:');
  if (idParam) command.argument('<id>', `the ${singular}'s id`, parseId);
  const params = addParamOptions(command, spec.params, idParam ? [idParam] : []);
  const lists = verb === 'list' || verb === 'threads';
  if (lists) command.addOption(new Option('--all', 'Every page from --offset or --page on, fetched one after another, as one table').helpGroup('Paging and search:'));
  const tree = resource === 'actions' && verb === 'list';
  if (tree) command.addOption(new Option('--tree', 'The milestone → group → task tree, names indented by level (fetches every page, as --all)'));
  addCommonOptions(command);
  if (spec.params.some((p) => p.kind === 'timestamp')) {
    command.addHelpText('after', '\nTimes: ISO 8601, YYYY-MM-DD, "YYYY-MM-DD HH:MM:SS" (UTC) or unix seconds.');
  }
  command.action(
    apiAction(env, async ([id], options, client) => {
      const request = { ...params.collect(options), ...(idParam ? { [idParam]: id } : {}) };
      const whole = lists && (options.all || options.tree);
      const response = whole ? await everyPage(client, methodName, request) : await client.call(methodName, request);
      if (verb !== 'delete' || options.json) return printReply(client, response, options, tree && options.tree);
      const gone = recordOf(response);
      print(`Deleted ${singular} ${id}${typeof gone.name === 'string' ? ` (${gone.name})` : ''}`);
    }),
  );
}

/** Adds every list/get/create/update/delete command of the resources in GROUPS; returns the groups by name. */
export function registerResourceCommands(program: Command, env: Env): Map<string, Command> {
  const groups = new Map<string, Command>();
  for (const [methodName, spec] of Object.entries(API_METHODS)) {
    const [resource, verb] = spec.sdk.split('.');
    if (!GROUPS[resource] || !VERBS[verb]) continue;
    if (!groups.has(resource)) groups.set(resource, groupCommand(program, resource));
    verbCommand(groups.get(resource)!, methodName, spec, env);
  }
  return groups;
}
