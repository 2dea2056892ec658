import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { md5 } from '../../src/auth/password.js';
import { TRANSPILED } from './transpiled.js';

/**
 * The real server as a child process (`node dist-test/main.js`: the sources as transpiled for this
 * test run, see transpiled.ts), for tests that need what app.inject cannot give: signals, SIGKILL,
 * several processes on one database, node:cluster.
 * All traffic goes to 127.0.0.1 on a port the server picks (PORT=0) and prints.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const ADMIN = { username: 'admin', password: 'reliability-secret' } as const;

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** stdout lines that are pino JSON log records, parsed. */
  logRecords(): Record<string, any>[];
  /** Resolves when the process has exited (at once if it already has). */
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Kills every server this file started that is still running (for afterEach / afterAll). */
export async function killAllServerProcesses(): Promise<void> {
  await Promise.all([...running].map((child) => terminate(child, 'SIGKILL', 5_000)));
}

function terminate(child: ChildProcess, signal: NodeJS.Signals, timeoutMs: number) {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  return waitForExit(child, timeoutMs);
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server process ${child.pid} did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/** A fresh data directory under the OS temp dir; the caller removes it. */
export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-rel-'));
}

/** The URL the server prints once it accepts requests; kills it when it does not start in time. */
function listeningUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const poll = setInterval(() => {
      const match = /TeamPro listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output());
      if (match) finish(() => resolve(match[1]!));
    }, 25);
    const onExit = () => fail(new Error(`server exited during start:\n${output()}`));
    child.once('exit', onExit);
    function finish(settle: () => void) {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
      settle();
    }
    function fail(error: Error) {
      finish(() => reject(error));
      child.kill('SIGKILL');
    }
  });
}

/**
 * Starts the server with `env` on top of a clean environment (no DATABASE_URL or TEAMPRO_* from
 * outside) and resolves once it prints the URL it listens on.
 */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 40_000): Promise<ServerProcess> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TEAMPRO_|DATABASE_URL|WHMCS_|PORT$|HOST$)/.test(name)));
  const child = spawn(process.execPath, [path.join(TRANSPILED, 'main.js')], {
    cwd: ROOT,
    env: { ...inherited, HOST: '127.0.0.1', PORT: '0', TEAMPRO_LOG_LEVEL: 'warn', TEAMPRO_ADMIN_USER: ADMIN.username, TEAMPRO_ADMIN_PASSWORD: ADMIN.password, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const url = await listeningUrl(child, () => output, timeoutMs);
  return {
    child,
    url,
    port: Number(new URL(url).port),
    output: () => output,
    logRecords: () => parseLogRecords(output),
    exited: (ms = 20_000) => waitForExit(child, ms),
    stop: (ms = 20_000) => terminate(child, 'SIGTERM', ms).catch(() => terminate(child, 'SIGKILL', 5_000)),
  };
}

export function parseLogRecords(output: string): Record<string, any>[] {
  const records: Record<string, any>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      // a line cut in half by the read boundary; the next read completes it
    }
  }
  return records;
}

export interface HttpCall {
  chain: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  params?: Record<string, unknown>;
  username?: string;
  password?: string;
  format?: 'json' | 'xml';
  /** Sent as X-Forwarded-For (only believed when the server trusts 127.0.0.1 as a proxy). */
  forwardedFor?: string;
  timeoutMs?: number;
  /** Default: a new connection per request (so node:cluster spreads them over workers). */
  agent?: http.Agent | false;
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body, or null for XML and non-JSON bodies. */
  body: any;
}

/** One API call over real HTTP in the clean URL form; rejects on network errors and on `timeoutMs`. */
export function callApi(baseUrl: string, call: HttpCall): Promise<HttpResult> {
  const { chain, method = 'GET', params, format = 'json', timeoutMs = 15_000 } = call;
  const credentials = { username: call.username ?? ADMIN.username, password: md5(call.password ?? ADMIN.password) };
  const inBody = method === 'POST' || method === 'PUT';
  const query = new URLSearchParams(credentials);
  if (params && !inBody) query.set('params', JSON.stringify(params));
  const payload = inBody ? JSON.stringify({ params: params ?? {} }) : undefined;
  const headers: Record<string, string> = payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {};
  if (call.forwardedFor) headers['x-forwarded-for'] = call.forwardedFor;
  const url = `${baseUrl}/api.php/v1/${chain}/${format}?${query}`;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent: call.agent ?? false }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('error', reject);
      response.on('end', () => {
        const isJson = String(response.headers['content-type']).includes('json');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: isJson ? JSON.parse(text) : null });
      });
    });
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error(`no reply within ${timeoutMs} ms`), { code: 'TEST_TIMEOUT' })));
    request.on('error', reject);
    request.end(payload);
  });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitUntil<T>(check: () => T | Promise<T>, timeoutMs: number, what: string, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
