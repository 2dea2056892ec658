import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every way the README and the docs start TeamPro stops on SIGTERM and SIGINT sent to the command the
 * user ran, workers included: nothing of it is left running. npm and npx run the server under a
 * shell that does not pass signals on, so these start the real commands, from the built `dist/`
 * (`npm install` builds it), each in a process group of its own to find every descendant.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = { TEAMPRO_ADMIN_USER: 'admin', TEAMPRO_ADMIN_PASSWORD: 'launch-secret' };
const started: ChildProcess[] = [];
const madeDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/** The test run's environment without anything that would configure TeamPro behind the test's back. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEAMPRO_|DATABASE_URL$|PORT$|npm_)/.test(k)));
  return { ...env, ...extra };
}

function launch(command: string, args: string[]): { child: ChildProcess; listening: Promise<string>; output: () => string } {
  const dataDir = tempDir('teampro-launch-');
  const child = spawn(command, args, { cwd: ROOT, detached: true, env: cleanEnv({ ...ADMIN, TEAMPRO_DATA_DIR: dataDir, PORT: '0', TEAMPRO_LOG_LEVEL: 'warn' }) });
  started.push(child);
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = /TeamPro listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before listening:\n${output}`)));
  });
  return { child, listening, output: () => output };
}

/** Whether any process of the group led by `pid` is still alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

afterAll(() => {
  for (const child of started) if (child.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  for (const dir of madeDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const launchers: { name: string; command: string; args: string[]; signal: NodeJS.Signals }[] = [
  { name: 'npm start', command: 'npm', args: ['start'], signal: 'SIGTERM' },
  { name: 'npm start', command: 'npm', args: ['start'], signal: 'SIGINT' },
  { name: 'npx teampro serve', command: 'npx', args: ['teampro', 'serve'], signal: 'SIGTERM' },
  { name: 'npx teampro serve --workers 2', command: 'npx', args: ['teampro', 'serve', '--workers', '2'], signal: 'SIGTERM' },
  { name: 'node bin/teampro.js serve', command: process.execPath, args: ['bin/teampro.js', 'serve'], signal: 'SIGTERM' },
];

// What `npm start` would otherwise do first when a source changed after the last build (a local run
// after an edit): build, which takes longer than a launch is given here. After `npm ci` it is built.
beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, stdio: 'ignore' });
}, 300_000);

describe('stopping TeamPro the way it was started', () => {
  it.each(launchers)('$name stops entirely on $signal to the command', async ({ command, args, signal }) => {
    const { child, listening, output } = launch(command, args);
    const url = await listening;
    expect(await answers(url)).toBe(true);
    child.kill(signal);
    // Within the graceful-shutdown time (10 s), with a margin for npm's own exit.
    expect(await until(() => !groupAlive(child.pid!), 15_000), `still running after ${signal}:\n${output()}`).toBe(true);
    expect(await answers(url)).toBe(false);
  }, 60_000);
});

describe('the CLI in a pipe', () => {
  it('ends quietly with 0 when the reader stops early (| head)', async () => {
    const { child, listening } = launch(process.execPath, ['bin/teampro.js', 'serve']);
    const url = await listening;
    const env = cleanEnv({ TEAMPRO_URL: `${url}/api.php`, TEAMPRO_USER: ADMIN.TEAMPRO_ADMIN_USER, TEAMPRO_PASSWORD: ADMIN.TEAMPRO_ADMIN_PASSWORD });
    // findResources prints far more than a pipe holds, so the write fails once head has gone.
    const script = 'node bin/teampro.js call GET api/resources 2>stderr.txt | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}"; cat stderr.txt';
    const workDir = tempDir('teampro-pipe-');
    const shell = spawn('bash', ['-c', script.replaceAll('stderr.txt', path.join(workDir, 'stderr.txt'))], { cwd: ROOT, env });
    let printed = '';
    shell.stdout.on('data', (chunk) => (printed += chunk));
    await new Promise((resolve) => shell.once('close', resolve));
    expect(printed.trim()).toBe('0');
    child.kill('SIGTERM');
  }, 60_000);
});
