import { METHODS, chainPlaceholders, type MethodName } from '../../client/method-table.js';
import { multipartFields, type WireCall, type WireRequest } from '../../client/wire.js';

/** The call the sandbox is about to make, written as curl, PHP (curl + json_decode) and TypeScript (SDK). */
export interface SnippetInput {
  readonly name: string;
  readonly call: WireCall;
  readonly request: WireRequest;
  /** The params as entered, ids included. */
  readonly params: Record<string, unknown>;
  /** The upload's file name, for createFile. */
  readonly fileName?: string;
}

/** A shell word in single quotes. */
const sh = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
/** A PHP single-quoted string. */
const php = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function curlSnippet({ call, request, fileName }: SnippetInput): string {
  const lines = [`curl -X ${request.method} ${sh(request.url)}`];
  if (request.headers.Authorization) lines.push(`-u ${sh(`${call.credentials?.username}:${call.credentials?.passwordMd5}`)}`);
  if (fileName !== undefined) {
    for (const [name, value] of Object.entries(multipartFields(call))) lines.push(`-F ${sh(`${name}=${value}`)}`);
    lines.push(`-F ${sh(`file=@${fileName}`)}`);
  } else if (request.body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`, `--data ${sh(request.body)}`);
  }
  return lines.join(' \\\n  ');
}

export function phpSnippet({ name, call, request, fileName }: SnippetInput): string {
  const lines = ['<?php', `$ch = curl_init(${php(request.url)});`, 'curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);'];
  if (request.method !== 'GET') lines.push(`curl_setopt($ch, CURLOPT_CUSTOMREQUEST, '${request.method}');`);
  if (request.headers.Authorization) lines.push(`curl_setopt($ch, CURLOPT_USERPWD, ${php(`${call.credentials?.username}:${call.credentials?.passwordMd5}`)});`);
  if (fileName !== undefined) {
    const fields = Object.entries(multipartFields(call)).map(([name, value]) => `  ${php(name)} => ${php(value)},`);
    lines.push('curl_setopt($ch, CURLOPT_POSTFIELDS, [', ...fields, `  'file' => new CURLFile(${php(fileName)}),`, ']);');
  } else if (request.body !== undefined) {
    lines.push("curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json']);", `curl_setopt($ch, CURLOPT_POSTFIELDS, ${php(request.body)});`);
  }
  if (name === 'downloadFile') {
    lines.push('$bytes = curl_exec($ch); // the file itself, not the envelope', 'curl_close($ch);');
    return lines.join('\n');
  }
  const decode = call.format === 'xml' ? 'simplexml_load_string(curl_exec($ch))' : 'json_decode(curl_exec($ch))';
  lines.push(`$reply = ${decode};`, 'curl_close($ch);');
  lines.push('if ((int) $reply->request->code !== 200) {', '  echo $reply->request->message, "\\n";', '} else {', '  print_r($reply->response);', '}');
  return lines.join('\n');
}

function literal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/"([A-Za-z_]\w*)":/g, '$1:');
}

/** The SDK call for a method: ids as leading arguments, the other params as an object. */
function sdkCall(name: MethodName, params: Record<string, unknown>, fileName?: string): string {
  const info = METHODS[name];
  const ids = chainPlaceholders(info.chain);
  const rest = Object.fromEntries(Object.entries(params).filter(([key]) => !ids.includes(key)));
  const args = ids.map((id) => String(params[id] ?? 0));
  if (name === 'getConfig') return `await client.config.get(${params.name !== undefined ? JSON.stringify(params.name) : ''})`;
  if (name === 'createFile') {
    return `await client.files.upload(${literal({ ...rest, file: '__FILE__' }).replace('"__FILE__"', `await openAsBlob(${JSON.stringify(fileName ?? 'file.bin')})`)})`;
  }
  if (name === 'createSession') return "await client.sessions.signIn({ username: 'admin', password: 'the password' })";
  if (name === 'downloadFile') return `const { stream, type, size } = await client.files.download(${args[0]})`;
  if (Object.keys(rest).length > 0) args.push(literal(rest));
  return `await client.${info.sdk}(${args.join(', ')})`;
}

export function typescriptSnippet({ name, call, params, fileName }: SnippetInput): string {
  const options: Record<string, unknown> = { url: call.apiUrl, username: call.credentials?.username, passwordMd5: call.credentials?.passwordMd5 };
  if (call.format !== 'json') options.format = call.format;
  if (call.style !== 'clean') options.urlStyle = call.style;
  if (call.auth !== 'basic') options.auth = call.auth;
  const known = name in METHODS;
  const invocation = known ? sdkCall(name as MethodName, params, fileName) : `await client.call(${JSON.stringify(name)}, ${literal(params)})`;
  const assigned = invocation.startsWith('const ') ? invocation : `const result = ${invocation}`;
  return [
    "import { TeamProClient } from 'teampro/client';",
    ...(name === 'createFile' ? ["import { openAsBlob } from 'node:fs'; // in a browser: a File from an <input type=file>"] : []),
    '',
    `const client = new TeamProClient(${literal(options)});`,
    `${assigned};`,
  ].join('\n');
}
