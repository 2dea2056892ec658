import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsOf, documentedPages, type DocCommand } from './docs-commands/extract.js';
import { writeFixtures } from './docs-commands/fixtures.js';
import { runnableModule, tsExampleOf, typeCheck, type TsExample } from './docs-commands/typescript.js';
import { loadConfig } from '../src/app-config.js';
import { startServer } from '../src/server.js';
import { TRANSPILED } from './helpers/transpiled.js';

/**
 * Every shell command in the fenced blocks of README.md and docs/**.md runs as written, page by page
 * in page order (cli.md section by section), against a real server the test starts for that page: on a
 * fresh install, or on a fresh install with the demo data loaded (`teampro demo`) for the pages whose
 * examples name its ids. `teampro` and `npx teampro` are the CLI of this checkout, and the only change
 * made to a command is the port: `127.0.0.1:8080` becomes the test server's (and a `teampro serve`
 * takes a free one). A command passes when it exits 0, no HTTP reply curl gets is an error, and an API
 * reply in the envelope has the code the page shows after it (2xx when it shows none); the few the page
 * shows failing (FAILING) must fail. A server passes when it says it listens. The TypeScript blocks are
 * type-checked against the SDK and run. Units run side by side; the tests then assert what each did.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What no test can run, with why. A command matches when it starts with `command` (on `page`). */
const SKIPPED: readonly { page: string; command: string; why: string }[] = [
  { page: '*', command: 'npm install', why: 'installs packages (network, minutes)' },
  { page: '*', command: 'npm start', why: 'builds first when a source changed (about 20 s), then serves as teampro serve does' },
  { page: '*', command: 'TEAMPRO_WORKERS=4 npm start', why: 'builds first when a source changed (about 20 s), then serves as teampro serve does' },
  { page: '*', command: 'npm test', why: 'the whole test suite, this test included' },
  { page: '*', command: 'npm run fuzz', why: 'the property tests with many more cases: minutes' },
  { page: '*', command: 'npm run bench', why: 'benchmarks: minutes, and they build' },
  { page: '*', command: 'npm run mutate', why: 'mutation testing: hours' },
  { page: '*', command: 'nice -n 10 npm run mutate', why: 'mutation testing: hours' },
  { page: '*', command: 'STRYKER_TEST_FILES=', why: 'mutation testing of a few files: many minutes' },
  { page: '*', command: 'npm pack', why: 'builds and writes a tarball into the checkout' },
  { page: '*', command: 'npm init -y && npm install', why: 'a production install from the tarball (network)' },
  { page: '*', command: 'teampro serve --host 0.0.0.0', why: 'listens on every interface of the machine, on a fixed port' },
  { page: 'docs/deployment.md', command: 'npx teampro serve', why: 'the server of the production install above, which is skipped' },
  { page: 'docs/deployment.md', command: 'teampro serve --workers 4', why: 'four workers (seconds of CPU): cluster mode runs here as --workers auto (README, cli.md)' },
  { page: 'docs/cli.md', command: 'mysql ', why: 'needs a WHMCS MySQL database; the test writes tickets.json itself' },
];

/**
 * Servers, which run until stopped: each must say it listens, then stop on SIGTERM. They get PORT=0
 * (and `--port 8080` becomes `--port 0`) so that they take a free port, not the reader's 8080.
 */
const isServer = (text: string) => /^(npx )?teampro serve\b/.test(text.trimStart());

/** What the page shows failing on purpose (the comment beside it says when), with why it fails here. */
const FAILING: readonly { page: string; command: string; why: string }[] = [
  { page: 'docs/cli.md', command: 'teampro bans lift 203.0.113.7', why: 'no address is banned, and the page says this exits 1 then' },
];

/**
 * The pages whose examples start from the demo data (`teampro demo` on a fresh install): those that
 * name its ids, and cli.md's config section, whose lists must keep every type and status the demo uses
 * (a list that drops one in use is refused). The others start from a fresh install.
 */
const ON_DEMO_DATA = (page: string, section: string) =>
  page.startsWith('docs/resources/') || page === 'docs/sdk.md' || (page === 'docs/cli.md' && ['config', 'API calls'].includes(section));

/**
 * Pages whose `## ` sections are independent, each run on a fresh install of its own (and side by
 * side): cli.md's sections each show one command group.
 */
const BY_SECTION = new Set(['docs/cli.md']);

const ADMIN = { username: 'admin', password: 'secret' };

function skipReason(command: DocCommand): string | undefined {
  const text = command.text.trimStart();
  return SKIPPED.find((s) => (s.page === '*' || s.page === command.file) && text.startsWith(s.command))?.why;
}

/** A line that only sets shell variables (`U=…`, `export A=… B=…`): later commands of the page need them. */
const isAssignment = (text: string) => /^(export\s+)?[A-Za-z_][A-Za-z0-9_]*=/.test(text) && !/&&|;|\|/.test(text.replace(/"[^"]*"|'[^']*'|\$\([^)]*\)/g, ''));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a server command until it says it listens, then stops it with SIGTERM (its whole process group). */
function serve(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> {
  const child = spawn('bash', ['-c', script], { cwd, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let listening = false;
  const stop = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => stop('SIGKILL'), timeoutMs);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!listening && /TeamPro listening on http:\/\/127\.0\.0\.1:\d+/.test(stdout)) {
      listening = true;
      stop('SIGTERM');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => (clearTimeout(timer), resolve({ code: listening ? 0 : 1, stdout, stderr })));
  });
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Run> {
  const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

/** What the curl of the test writes on stderr before the HTTP status of each reply. */
const HTTP_STATUS = 'docs-test http status: ';

/** The reply code in a JSON or XML envelope, if the output is one. */
function envelopeCode(output: string): number | undefined {
  try {
    const code = JSON.parse(output)?.request?.code;
    return typeof code === 'number' ? code : undefined;
  } catch {
    const xml = /^<\?xml[\s\S]*?<request>[\s\S]*?<code>(\d+)<\/code>/.exec(output.trim());
    return xml ? Number(xml[1]) : undefined;
  }
}

const pages = documentedPages(ROOT).map((page) => {
  const markdown = fs.readFileSync(path.join(ROOT, page), 'utf8');
  return { page, commands: commandsOf(page, markdown), typescript: tsExampleOf(page, markdown) };
});

/** What runs in order on one server: a page, or one section of a page in BY_SECTION. */
interface Unit {
  readonly page: string;
  readonly section: string;
  readonly commands: readonly DocCommand[];
  readonly typescript?: TsExample;
}

const units: Unit[] = pages.flatMap(({ page, commands, typescript }): Unit[] => {
  if (!BY_SECTION.has(page)) return [{ page, section: '', commands, typescript }];
  const sections = [...new Set(commands.map((command) => command.section))];
  return sections.map((section, index) => ({ page, section, commands: commands.filter((c) => c.section === section), typescript: index === 0 ? typescript : undefined }));
});

let scratch: string;
let bin: string;
let demoTemplate: string;

/** The environment of every command: nothing of the test run's TeamPro settings, a home of its own. */
function commandEnv(home: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TEAMPRO_|DATABASE_URL$|WHMCS_|PORT$|HOST$)/.test(name)));
  return { ...inherited, HOME: home, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' };
}

/** What running a command (or a page's TypeScript) did, and the text that ran. */
interface Outcome {
  readonly run: Run;
  readonly text: string;
}

const outcomes = new Map<DocCommand | TsExample, Outcome>();
/** Why a unit stopped before running all it holds (its server did not start, say). */
const unitErrors = new Map<DocCommand | TsExample, string>();
let typeErrors: string;

/**
 * One page (or section), command after command in page order, on a server of its own: ./data fresh (or holding
 * the demo data), the files the examples name beside it, the variables earlier lines set.
 */
async function runUnit(page: Unit): Promise<void> {
  const runnable = page.commands.filter((command) => !skipReason(command));
  if (runnable.length === 0 && !page.typescript) return;
  const cwd = fs.mkdtempSync(path.join(scratch, 'page-'));
  const dataDir = path.join(cwd, 'data');
  if (ON_DEMO_DATA(page.page, page.section)) fs.cpSync(demoTemplate, dataDir, { recursive: true });
  writeFixtures(cwd);
  const env = commandEnv(path.join(cwd, 'home'));
  // The server as `npm start` runs it (first start: migrations, the first admin), in this process on a free port.
  const config = loadConfig({ TEAMPRO_DATA_DIR: dataDir, TEAMPRO_ADMIN_USER: ADMIN.username, TEAMPRO_ADMIN_PASSWORD: ADMIN.password, HOST: '127.0.0.1', PORT: '0', TEAMPRO_LOG_LEVEL: 'warn' });
  const server = await startServer(config, () => {});
  const local = (text: string) => text.replaceAll('127.0.0.1:8080', server.url.replace('http://', ''));
  try {
    const assignments: string[] = [];
    for (const command of runnable) {
      const text = local(command.text);
      const script = `${assignments.join('\n')}\n${text}`;
      const run = isServer(text) ? await serve(script.replace(/--port 8080\b/, '--port 0'), cwd, env) : await bash(script, text.trimStart().startsWith('npm ') ? ROOT : cwd, env);
      outcomes.set(command, { run, text });
      if (run.code === 0 && isAssignment(text.trim())) assignments.push(text);
    }
    if (page.typescript) {
      fs.writeFileSync(path.join(cwd, 'example.mjs'), local(await runnableModule(page.typescript, path.join(TRANSPILED, 'client/index.js'))));
      // The password as the README's API section exports it, for the examples that read it from there.
      const text = `TEAMPRO_PASSWORD=${ADMIN.password} '${process.execPath}' example.mjs`;
      outcomes.set(page.typescript, { run: await bash(text, cwd, env), text });
    }
  } finally {
    await server.close();
  }
}

/** `work` for every item, at most `limit` at a time. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-docs-'));
  // `teampro` as `npm link` installs it, and `npx teampro` as it resolves in the checkout.
  bin = path.join(scratch, 'bin');
  fs.mkdirSync(bin);
  const cli = `#!/bin/sh\nexec '${process.execPath}' '${path.join(TRANSPILED, 'cli/index.js')}' "$@"\n`;
  fs.writeFileSync(path.join(bin, 'teampro'), cli, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\nif [ "$1" = teampro ]; then shift; exec teampro "$@"; fi\necho "npx $1: not run by this test" >&2; exit 127\n`, { mode: 0o755 });
  // curl as it is, telling on stderr the HTTP status of each reply, for the replies saved to a file.
  const curl = (await bash('command -v curl', scratch, process.env)).stdout.trim();
  expect(curl, 'the examples need curl').not.toBe('');
  fs.writeFileSync(path.join(bin, 'curl'), `#!/bin/sh\nexec '${curl}' --write-out '%{stderr}${HTTP_STATUS}%{http_code}\\n' "$@"\n`, { mode: 0o755 });
  const checked = typeCheck(ROOT, fs.mkdtempSync(path.join(scratch, 'ts-')), pages.flatMap((page) => page.typescript ?? [])).catch((error) => String(error));
  // The demo data, loaded once and copied for each page that starts from it.
  demoTemplate = path.join(scratch, 'demo-data');
  const env = { ...commandEnv(scratch), TEAMPRO_DATA_DIR: demoTemplate, TEAMPRO_ADMIN_USER: ADMIN.username, TEAMPRO_ADMIN_PASSWORD: ADMIN.password };
  const loaded = await bash('teampro demo --password demo-secret', scratch, env);
  expect(loaded.code, loaded.stderr).toBe(0);
  // Units are independent (a server and a directory each), so they run side by side; the longest first.
  const longestFirst = [...units].sort((a, b) => b.commands.length - a.commands.length);
  await inPool(longestFirst, Math.max(2, os.availableParallelism()), (unit) =>
    runUnit(unit).catch((error) => {
      for (const step of [...unit.commands, ...(unit.typescript ? [unit.typescript] : [])]) if (!outcomes.has(step)) unitErrors.set(step, String(error));
    }),
  );
  typeErrors = await checked;
}, 180_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe.each(pages.filter(({ commands, typescript }) => commands.length > 0 || typescript))('$page', ({ commands, typescript }) => {
  for (const command of commands) {
    const name = `${command.file}:${command.line} ${command.text.split('\n')[0]!.trim()}`;
    const why = skipReason(command);
    if (why) {
      it.skip(`${name} (skipped: ${why})`, () => {});
      continue;
    }
    it(name, () => {
      const outcome = outcomes.get(command);
      expect(outcome, `not run: ${unitErrors.get(command)}`).toBeDefined();
      const { run, text } = outcome!;
      const said = `${text}\nexit ${run.code}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`;
      if (FAILING.some((f) => f.page === command.file && command.text.trimStart().startsWith(f.command))) {
        expect(run.code, said).not.toBe(0);
        return;
      }
      expect(run.code, said).toBe(0);
      for (const status of run.stderr.matchAll(new RegExp(`${HTTP_STATUS}(\\d+)`, 'g'))) expect(Number(status[1]), said).toBeLessThan(400);
      const code = envelopeCode(run.stdout);
      if (code === undefined) return;
      const documented = /"code":\s*(\d+)/.exec(command.reply ?? '');
      if (documented) expect(code, said).toBe(Number(documented[1]));
      else expect(code, said).toBeLessThan(300);
    });
  }

  if (typescript) {
    it(`${typescript.file}: the TypeScript examples (blocks at lines ${typescript.lines.join(', ')}) run as one module`, () => {
      const outcome = outcomes.get(typescript);
      expect(outcome, `not run: ${unitErrors.get(typescript)}`).toBeDefined();
      expect(outcome!.run.code, `${outcome!.run.stdout}\n${outcome!.run.stderr}`).toBe(0);
    });
  }
});

it("the TypeScript examples type-check as an integrator's code", () => {
  const examples = pages.flatMap((page) => page.typescript ?? []);
  expect(examples.length).toBeGreaterThan(0);
  expect(typeErrors, examples.map((e) => `${e.file}: blocks at lines ${e.lines.join(', ')}`).join('\n')).toBe('');
});
