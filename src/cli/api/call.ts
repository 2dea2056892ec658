/**
 * `teampro call METHOD CHAIN`: any request, as raw as the API allows — any chain (the server answers
 * unknown ones with its own 404), any URL form — printing the whole reply. The request is built by
 * the SDK's wire module (the one the SDK and the sandbox send with), so it is what they would send.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { HttpMethod } from '../../client/method-table.js';
import type { Format, UrlStyle } from '../../client/wire.js';
import { CliError, printJson } from '../output.js';
import { resolveConnection, type Connection } from './connection.js';
import { addCommonOptions, type Env } from './session.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

function parseMethod(text: string): HttpMethod {
  const method = text.toUpperCase();
  if (!HTTP_METHODS.includes(method)) throw new InvalidArgumentError('expects GET, POST, PUT or DELETE.');
  return method as HttpMethod;
}

function parseParams(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('expects a JSON object, e.g. \'{"status":"Active"}\'.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError('expects a JSON object.');
  return value as Record<string, unknown>;
}

/** The chain between version and format; a pasted `v1/…/json` is accepted and its format kept. */
function splitChain(text: string, xml: boolean): { chain: string; format: Format } {
  const parts = text.split('/').filter(Boolean);
  if (parts[0]?.toLowerCase() === 'v1') parts.shift();
  const last = parts[parts.length - 1]?.toLowerCase();
  const format: Format = xml || last === 'xml' ? 'xml' : 'json';
  if (last === 'xml' || last === 'json') parts.pop();
  return { chain: parts.join('/'), format };
}

interface CallRequest {
  method: HttpMethod;
  chain: string;
  format: Format;
  style: UrlStyle;
  params: Record<string, unknown>;
}

async function send(connection: Connection, call: CallRequest): Promise<Response> {
  const { buildWireRequest } = await import('../../client/wire.js');
  const { md5 } = await import('../../client/md5.js');
  const passwordMd5 = connection.passwordMd5 ?? md5(connection.password!);
  const request = buildWireRequest({
    apiUrl: connection.url, style: call.style, chain: call.chain, format: call.format, http: call.method,
    params: call.params, credentials: { username: connection.username, passwordMd5 }, auth: 'basic',
  });
  try {
    return await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`Cannot reach ${request.url.split('?')[0]}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}

interface Outcome {
  code: number;
  message: string;
  errors: { param: string; message: string }[];
}

/** The envelope's code, message and param errors, from either format; the HTTP status when the reply is no envelope. */
async function outcomeOf(text: string, xml: boolean, status: number): Promise<Outcome> {
  try {
    let envelope: { request: Record<string, unknown>; response?: Record<string, unknown> };
    if (xml) {
      const { decodeEnvelopeXml } = await import('../../client/xml.js');
      const { REPLY_SHAPES } = await import('../../client/reply-shapes.js');
      envelope = decodeEnvelopeXml(text, REPLY_SHAPES);
    } else envelope = JSON.parse(text);
    const errors = Array.isArray(envelope.response?.errors) ? (envelope.response.errors as Outcome['errors']) : [];
    return { code: Number(envelope.request.code), message: String(envelope.request.message), errors };
  } catch {
    return { code: status, message: `HTTP ${status}: not an API reply`, errors: [] };
  }
}

/** Prints the reply (an envelope, or a download's bytes) and fails with its message unless it is a success. */
async function printReply(response: Response): Promise<void> {
  const type = response.headers.get('content-type') ?? '';
  const xml = type.includes('xml');
  // A download (it names a file, and may itself be JSON or XML): the bytes go out as they are.
  if (response.headers.has('content-disposition') || (!xml && !type.includes('json'))) {
    if (!response.ok) throw new CliError(`HTTP ${response.status}`);
    if (response.body) await pipeline(Readable.fromWeb(response.body as never), process.stdout);
    return;
  }
  const text = await response.text();
  const outcome = await outcomeOf(text, xml, response.status);
  if (xml) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  else printJson(JSON.parse(text));
  if (outcome.code !== 200 || !response.ok) {
    throw new CliError(`${outcome.message} (${outcome.code})`, 1, outcome.errors.map((e) => `${e.param}: ${e.message}`));
  }
}

export function registerCall(program: Command, env: Env): void {
  const command = program
    .command('call')
    .helpGroup('API calls:')
    .description('call any API method by HTTP method and chain, and print the whole reply')
    .argument('<method>', 'GET, POST, PUT or DELETE', parseMethod)
    .argument('<chain>', 'the chain without version and format, e.g. projects/5/actions')
    .option('--params <json>', 'the params as a JSON object', parseParams, {})
    .option('--xml', 'ask for XML and print it as it came (default: JSON, indented)')
    .addOption(new Option('--form <form>', 'the URL form').choices(['clean', 'rewritten', 'direct']).default('clean'))
    .addHelpText(
      'after',
      '\nExit code 1 when the reply is an error; its message goes to stderr, the reply still to stdout.\n\n' +
        'Examples:\n  teampro call GET projects/5/actions --params \'{"limit":10}\'\n' +
        '  teampro call PUT projects/5 --params \'{"status":"Active"}\' --xml\n  teampro call GET api/resources --form direct',
    );
  addCommonOptions(command, false);
  command.action(async (method: HttpMethod, chain: string, options: Record<string, any>) => {
    const connection = resolveConnection(options, env);
    const call = { method, ...splitChain(chain, Boolean(options.xml)), style: options.form as UrlStyle, params: options.params as Record<string, unknown> };
    await printReply(await send(connection, call));
  });
}
