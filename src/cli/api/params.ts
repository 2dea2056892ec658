/**
 * Command-line options made from a method's params, as findResources describes them (the snapshot
 * in options.generated.ts). Each param becomes one option; the value is checked and typed here, so a
 * typo is a usage error before any request, and the server still validates everything else.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';

export type ParamKind = 'integer' | 'number' | 'boolean' | 'string' | 'timestamp' | 'admin';

export interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
  readonly description: string;
  readonly required?: boolean;
  /** The API takes null here (clears the value); the option then accepts the word "null". */
  readonly nullable?: boolean;
  /** A fixed list of values (not a configured one, which the server checks). */
  readonly choices?: readonly string[];
}

export interface MethodSpec {
  /** The SDK call, e.g. projects.list. */
  readonly sdk: string;
  readonly params: readonly ParamSpec[];
}

/** Ids read better without their suffix (`--project 5`); the parent id's full name would be clumsy. */
const OPTION_NAMES: Record<string, string> = { parent_action_id: 'parent' };

export function optionName(param: string): string {
  return OPTION_NAMES[param] ?? param.replace(/_id$/, '').replace(/_/g, '-');
}

const PAGING = new Set(['limit', 'offset', 'page', 'sort', 'q', 'modified_since']);

const PLACEHOLDERS: Record<ParamKind, string> = { integer: '<n>', number: '<number>', boolean: '<true|false>', timestamp: '<time>', string: '<text>', admin: '<id|me>' };

function placeholder(spec: ParamSpec): string {
  if (spec.kind === 'integer' && spec.name.endsWith('id')) return '<id>';
  if (spec.name === 'sort') return '<fields>';
  return PLACEHOLDERS[spec.kind];
}

const BOOLEANS: Record<string, boolean> = { true: true, false: false, 1: true, 0: false, yes: true, no: false };

/** The typed value of one option, or an InvalidArgumentError that commander reports as a usage error. */
export function parseValue(spec: ParamSpec, text: string): unknown {
  if (spec.nullable && text === 'null') return null;
  switch (spec.kind) {
    case 'integer':
      if (!/^-?\d+$/.test(text)) throw new InvalidArgumentError('expects a whole number.');
      return Number(text);
    case 'number':
      if (text.trim() === '' || !Number.isFinite(Number(text))) throw new InvalidArgumentError('expects a number.');
      return Number(text);
    case 'boolean': {
      const value = BOOLEANS[text.toLowerCase()];
      if (value === undefined) throw new InvalidArgumentError('expects true or false.');
      return value;
    }
    case 'admin':
      if (text === 'me') return text;
      if (!/^\d+$/.test(text)) throw new InvalidArgumentError('expects an admin id or "me".');
      return Number(text);
    case 'timestamp':
      // Unix seconds go as a number; every text form is parsed by the server.
      return /^\d+$/.test(text) ? Number(text) : text;
    default:
      return text;
  }
}

/** The description without the list of timestamp forms, which the command's help states once. */
function describe(spec: ParamSpec): string {
  const text = spec.description.replace(/\s*\(ISO 8601[^)]*\)/, '');
  return spec.nullable ? `${text} ("null" clears it)` : text;
}

export interface ParamOptions {
  /** Reads the params the user gave from the parsed options. */
  collect(options: Record<string, unknown>): Record<string, unknown>;
}

/** Adds one option per param (except `skip`), grouped in the help as filters, paging or fields. */
export function addParamOptions(command: Command, specs: readonly ParamSpec[], skip: readonly string[] = []): ParamOptions {
  const added: { param: string; attribute: string }[] = [];
  for (const spec of specs) {
    if (skip.includes(spec.name)) continue;
    const option = new Option(`--${optionName(spec.name)} ${placeholder(spec)}`, describe(spec));
    // choices() installs its own parser, which checks the value; the others are typed by ours.
    if (spec.choices) option.choices(spec.choices);
    else option.argParser((text) => parseValue(spec, text));
    if (spec.required) option.makeOptionMandatory();
    option.helpGroup(PAGING.has(spec.name) ? 'Paging and search:' : 'Options:');
    command.addOption(option);
    added.push({ param: spec.name, attribute: option.attributeName() });
  }
  return {
    collect(options) {
      const params: Record<string, unknown> = {};
      for (const { param, attribute } of added) if (options[attribute] !== undefined) params[param] = options[attribute];
      return params;
    },
  };
}
