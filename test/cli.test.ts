import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { md5 } from '../src/auth/password.js';
import { buildProgram } from '../src/cli/index.js';
import { loadSettings } from '../src/settings/settings.js';
import { openDatabase, type DatabaseHandle } from '../src/db/connect.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { subtreeOf } from './helpers/tree.js';
import { testDatabases } from './helpers/databases.js';
import { TRANSPILED } from './helpers/transpiled.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of the test run without anything that would configure TeamPro behind our back. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEAMPRO_|DATABASE_URL$|WHMCS_|PORT$|HOST$)/.test(k)));
  return { ...env, ...extra };
}

/** The CLI as this run transpiled it: node and its entry point. */
const CLI = [process.execPath, path.join(TRANSPILED, 'cli/index.js')];

function start(args: string[], env: Record<string, string>) {
  const [node, ...entry] = CLI;
  return spawn(node, [...entry, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: 'pipe' });
}

/** What a subprocess wrote, once it has ended. */
function outputOf(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `teampro ARGS` as a subprocess; stdin is a pipe (never a terminal) holding `input`. */
function teampro(args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  const child = start(args, env);
  const output = outputOf(child);
  child.stdin.end(input);
  return output;
}

/** `teampro ARGS` on a pseudo-terminal (util-linux `script`), as a person at a terminal runs it: its screen output. */
function teamproOnTerminal(args: string[], env: Record<string, string>): Promise<Run> {
  const command = [...CLI, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  return outputOf(spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }));
}

interface CliDatabase {
  readonly url: string;
  readonly handle: DatabaseHandle;
  readonly dataDir: string;
  drop(): Promise<void>;
}

/** A file SQLite database (the CLI runs in another process), or a throwaway PostgreSQL/MySQL one, not migrated. */
function cliDatabases(): { name: string; create(): Promise<CliDatabase> }[] {
  const withDir = (make: (dir: string) => Promise<Omit<CliDatabase, 'dataDir'>>) => async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-cli-'));
    const database = await make(dataDir);
    return { ...database, dataDir, drop: async () => (await database.drop(), fs.rmSync(dataDir, { recursive: true, force: true })) };
  };
  const sqlite = withDir(async (dir) => {
    const url = `sqlite://${path.join(dir, 'db.sqlite')}`;
    const handle = openDatabase(url);
    return { url, handle, drop: () => handle.destroy() };
  });
  const servers = testDatabases().filter((kind) => kind.name !== 'sqlite');
  return [
    { name: 'sqlite', create: sqlite },
    ...servers.map((kind) => ({
      name: kind.name,
      create: withDir(async () => {
        const database = await kind.create();
        return { url: database.url, handle: database, drop: () => database.drop() };
      }),
    })),
  ];
}

describe.each(cliDatabases())('teampro CLI on $name', ({ name, create }) => {
  let database: CliDatabase;
  let env: Record<string, string>;
  let app: FastifyInstance;
  let carolPassword = 'carol-pass-1';
  const run = (args: string[], input?: string) => teampro(args, env, input);
  const login = (username: string, password: string, ip: string) =>
    app.inject({ method: 'GET', url: '/api/v1/projects/json', query: { username, password: md5(password) }, remoteAddress: ip });

  beforeAll(async () => {
    database = await create();
    env = { DATABASE_URL: database.url, TEAMPRO_DATA_DIR: database.dataDir };
    const migrated = await run(['migrate']);
    expect(migrated.stdout, migrated.stderr).toContain('Applied migration 0001_initial');
    expect(migrated.code).toBe(0);
    const config = loadConfig({ TEAMPRO_DATA_DIR: database.dataDir });
    app = await buildApp({ config, database: database.handle, blobs: new LocalBlobStore(config.blobDir), logger: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('creates a role and an admin; granting the role turns 403 into 200', async () => {
    expect((await run(['role', 'create', 'Staff'])).stdout).toContain('Created role "Staff" with none access');
    const created = await run(['admin', 'create', 'carol', '--role', 'Staff', '--password-stdin'], 'carol-pass-1\n');
    expect(created.stdout, created.stderr).toContain('Created admin "carol"');
    expect(created.stdout).not.toContain('carol-pass-1');
    expect((await login('carol', 'carol-pass-1', '198.51.100.1')).statusCode).toBe(403);

    expect((await run(['role', 'grant', 'Staff', 'admin'])).stdout).toContain('Role "Staff" now has admin access');
    expect((await login('carol', 'carol-pass-1', '198.51.100.1')).statusCode).toBe(200);
    const roles = JSON.parse((await run(['role', 'list', '--json'])).stdout);
    expect(roles).toEqual([{ id: expect.any(Number), name: 'Staff', access: 'admin', admins: 1 }]);
  });

  it('disables and enables an admin, and lists admins', async () => {
    expect((await run(['admin', 'disable', 'carol'])).code).toBe(0);
    expect((await login('carol', 'carol-pass-1', '198.51.100.2')).statusCode).toBe(401);
    expect((await run(['admin', 'enable', 'carol'])).code).toBe(0);
    expect((await login('carol', 'carol-pass-1', '198.51.100.2')).statusCode).toBe(200);
    expect((await run(['admin', 'name', 'carol', ' Carol Diaz '])).stdout).toContain('Admin "carol" is now shown as "Carol Diaz"');
    expect((await run(['admin', 'name', 'carol', 'bell\u0007'])).code).toBe(2);
    const admins = JSON.parse((await run(['admin', 'list', '--json'])).stdout);
    expect(admins).toEqual([{ id: expect.any(Number), username: 'carol', name: 'Carol Diaz', email: '', disabled: false, role: 'Staff', access: 'admin' }]);
    expect((await run(['admin', 'list'])).stdout).toMatch(/^ID\s+USERNAME\s+NAME\s+ROLE[\s\S]*carol\s+Carol Diaz\s+Staff/);
  });

  it('sets a generated password when there is no terminal, printed once; the old one stops working', async () => {
    const changed = await run(['admin', 'password', 'carol']);
    expect(changed.code, changed.stderr).toBe(0);
    const password = /Password: (\S+)/.exec(changed.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);
    expect((await login('carol', 'carol-pass-1', '198.51.100.3')).statusCode).toBe(401);
    expect((await login('carol', password!, '198.51.100.3')).statusCode).toBe(200);
    carolPassword = password!;
  });

  it('lists a ban made through the API and lifts it', async () => {
    const ip = '203.0.113.50';
    for (let i = 0; i < 3; i++) expect((await login('carol', 'wrong-password', ip)).statusCode).toBe(401);
    const refused = await login('carol', carolPassword, ip);
    expect(refused.json().request.message).toBe('IP address banned');
    const bans = JSON.parse((await run(['bans', 'list', '--json'])).stdout);
    expect(bans).toEqual([expect.objectContaining({ ip, failures: 3, banned_until: expect.any(Number) })]);
    const lifted = await run(['bans', 'lift', ip]);
    expect(lifted.stdout, lifted.stderr).toContain(`Lifted the ban on ${ip}`);
    expect((await login('carol', carolPassword, ip)).statusCode).toBe(200);
    if (name === 'sqlite') expect((await run(['bans', 'lift', ip])).stderr).toContain(`${ip} is not banned`);
  });

  it('lists browser sessions and ends one, or every one of an admin', async () => {
    const signIn = async () => {
      const reply = await app.inject({ method: 'POST', url: '/api/v1/sessions/json', query: { username: 'carol', password: md5(carolPassword) }, remoteAddress: '198.51.100.60' });
      expect(reply.statusCode, reply.body).toBe(200);
      return { id: reply.json().response.session.session_id as number, cookie: String(reply.headers['set-cookie']).split(';')[0] };
    };
    const me = (cookie: string) => app.inject({ url: '/api/v1/admins/me/json', headers: { cookie } });
    const [first, second] = [await signIn(), await signIn()];
    const listed = JSON.parse((await run(['sessions', 'list', '--json'])).stdout);
    expect(listed.map((s: { id: number; username: string }) => [s.id, s.username])).toEqual([[first.id, 'carol'], [second.id, 'carol']]);
    expect((await run(['sessions', 'list'])).stdout).toMatch(/^ID\s+ADMIN\s+SIGNED_IN[\s\S]*carol/);
    expect((await run(['sessions', 'revoke', String(first.id)])).stdout).toContain(`Ended session ${first.id}`);
    expect((await me(first.cookie)).statusCode).toBe(401);
    expect((await run(['sessions', 'revoke', String(first.id)])).code).toBe(1);
    expect((await run(['sessions', 'revoke', '--admin', 'carol'])).stdout).toContain('Ended 1 session of "carol"');
    expect((await me(second.cookie)).statusCode).toBe(401);
    expect((await run(['sessions', 'revoke'])).code).toBe(2);
    expect((await run(['sessions', 'list'])).stdout).toContain('No one is signed in');
  });

  it('gets and sets config, refusing to remove a status still in use', async () => {
    const statuses = await run(['config', 'get', 'project_statuses']);
    expect(JSON.parse(statuses.stdout)).toEqual(['Under Review', 'Active', 'In Production', 'In Testing', 'Completed', 'Closed']);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/projects/json',
      payload: { username: 'carol', password: md5(carolPassword), params: { name: 'In QA', status: 'In Testing' } },
      remoteAddress: '198.51.100.4',
    });
    expect(created.statusCode, created.body).toBe(200);
    const id = created.json().response.project.project_id;

    const refused = await run(['config', 'set', 'project_statuses', 'Under Review,Active,Completed,Closed']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`"In Testing" is used by 1 project (project ${id}) in projects.status`);
    expect(refused.stderr).toContain('Cannot remove from project_statuses');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const set = await run(['config', 'set', 'project_types', '["Internal","Product","Service","Consulting"]']);
    expect(set.stdout, set.stderr).toContain('project_types = ["Internal","Product","Service","Consulting"]');
    expect(set.stderr).toContain('5 seconds');
    const settings = await loadSettings(database.handle.db);
    expect(settings.project_types).toEqual(['Internal', 'Product', 'Service', 'Consulting']);
    expect(settings.project_statuses).toContain('In Testing');
  });

  it('loads the demo data once; the API lists its projects', async () => {
    const loaded = await run(['demo', '--password', 'demo-pass-1']);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toMatch(/Loaded the demo data: 8 projects with \d+ actions/);
    const listed = await app.inject({
      method: 'GET',
      url: '/api/v1/projects/json',
      query: { username: 'morgan', password: md5('demo-pass-1'), params: JSON.stringify({ limit: 50, sort: 'name' }) },
      remoteAddress: '198.51.100.5',
    });
    expect(listed.statusCode, listed.body).toBe(200);
    const names = listed.json().response.projects.map((p: { name: string }) => p.name);
    // morgan (a plain admin) sees every demo project but the one restricted to its manager, diego.
    expect(names).toContain('Corporate Website Redesign');
    expect(names).toContain('Legacy CRM Decommission');
    expect(names).not.toContain('Cloud Migration');
    await expectConsistentRollups(database.handle);

    const again = await run(['demo']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already loaded');
  });

  it('checks the file store and fixes what is left behind', async () => {
    expect((await run(['files', 'check'])).stdout).toContain('Everything is consistent');
    const orphan = path.join(database.dataDir, 'blobs', 'ab', 'ab'.padEnd(32, '0'));
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, 'nobody refers to me');
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(orphan, hoursAgo, hoursAgo);
    const found = await run(['files', 'check']);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(`Contents no file refers to: 1\n  ${path.basename(orphan)}  19 bytes`);
    expect(found.stderr).toBe('teampro: error: 1 problem(s) found; run with --fix to remove them\n');
    const fixed = await run(['files', 'check', '--fix']);
    expect([fixed.code, fs.existsSync(orphan)]).toEqual([0, false]);
  });

  it('imports tickets from a JSON file, listing the bad rows of a malformed one', async () => {
    const file = path.join(database.dataDir, 'tickets.json');
    fs.writeFileSync(file, JSON.stringify([{ id: 9001, tid: 'IMP-1', title: 'Imported', did: 77, deptname: 'Imports' }, { id: 9002, tid: 'IMP-2', title: 'Two' }]));
    expect((await run(['tickets', 'import', file])).stdout).toContain('Imported 2 tickets from');
    fs.writeFileSync(file, JSON.stringify([{ id: 'x', tid: 'IMP-3' }]));
    const bad = await run(['tickets', 'import', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')).toEqual([
      'teampro: error: Nothing imported: 2 problem(s) in the file',
      '  row 1 (id x): "id" must be a whole number above 0 (got "x")',
      '  row 1 (id x): "title" is required',
      '',
    ]);
  });

  it('draws a progress bar for an import on a terminal, and none into a pipe', async () => {
    const file = path.join(database.dataDir, 'bulk.json');
    fs.writeFileSync(file, JSON.stringify(Array.from({ length: 450 }, (_, i) => ({ id: 7001 + i, tid: `BULK-${i}`, title: `Bulk ${i}` }))));
    const screen = await teamproOnTerminal(['tickets', 'import', file], env);
    expect(screen.code).toBe(0);
    expect(screen.stdout).toContain('Importing tickets [');
    expect(screen.stdout).toContain('100% 450/450');
    expect(screen.stdout).toContain(`Imported 450 tickets from ${file}: 450 new, 0 updated`);
    const piped = await run(['tickets', 'import', file]);
    expect([piped.stdout, piped.stderr]).toEqual([`Imported 450 tickets from ${file}: 0 new, 450 updated\n`, '']);
  });

  it('reports usage mistakes with exit code 2 and failures with 1, one line each', async () => {
    // Independent of each other: run side by side to keep the suite quick.
    const [unknownRole, badValue, badAccess] = await Promise.all([
      run(['admin', 'create', 'dave', '--role', 'Nobody', '--password', 'dave-pass-1']),
      run(['config', 'set', 'max_depth', 'deep']),
      run(['role', 'grant', 'Staff', 'everything']),
    ]);
    expect(unknownRole.code).toBe(1);
    expect(unknownRole.stderr).toMatch(/^teampro: error: No role "Nobody"; roles are "Staff", [^\n]+\n$/);
    expect([badValue.code, badValue.stderr.trim()]).toEqual([2, 'teampro: error: max_depth is a number, got deep']);
    expect(badAccess.code).toBe(2);
    expect(badAccess.stderr).toBe("teampro: error: command-argument value 'everything' is invalid for argument 'access'. Allowed choices are super, admin, none.\n");
  });

  it('serves the API until SIGTERM, then exits 0', async () => {
    const child = start(['serve', '--port', '0'], { ...env, TEAMPRO_LOG_LEVEL: 'warn' });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const found = /listening on (http:\/\/\S+)/.exec(out);
        if (found) resolve(found[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const response = await fetch(`${url}/api/v1/projects/json?username=carol&password=${md5(carolPassword)}`);
    expect(response.status).toBe(200);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

/** The roll-ups the services keep, recomputed from the demo's rows. */
async function expectConsistentRollups({ db }: DatabaseHandle) {
  const actions = await db.selectFrom('actions').selectAll().execute();
  const logs = await db.selectFrom('timelogs').select(['project_id', 'action_id', 'duration']).execute();
  const seconds = (filter: (l: (typeof logs)[number]) => boolean) => logs.filter(filter).reduce((s, l) => s + Number(l.duration), 0);
  for (const action of actions) {
    const children = actions.filter((a) => a.parent_action_id === action.action_id);
    const level = action.parent_action_id === 0 ? 'milestone' : children.length > 0 ? 'group' : 'task';
    expect(action.level, action.name).toBe(level);
    if (children.length > 0) expect(action.complete, action.name).toBe(Math.round(children.reduce((s, c) => s + c.complete, 0) / children.length));
    const subtree = subtreeOf(actions, action.action_id);
    expect(Number(action.elapsed), action.name).toBe(seconds((l) => subtree.has(l.action_id)));
  }
  for (const project of await db.selectFrom('projects').selectAll().execute()) {
    const own = actions.filter((a) => a.project_id === project.project_id);
    const top = own.filter((a) => a.parent_action_id === 0);
    expect(project.actions_count, project.name).toBe(own.length);
    expect(project.complete, project.name).toBe(top.length ? Math.round(top.reduce((s, a) => s + a.complete, 0) / top.length) : 0);
    expect(Number(project.elapsed), project.name).toBe(seconds((l) => l.project_id === project.project_id));
  }
}

describe('teampro --help', () => {
  const program = buildProgram({ config: () => loadConfig({}), env: {} });
  /** The help as `teampro NAMES --help` prints it, texts added after the options included. */
  const helpOf = (...names: string[]) => {
    const command = names.reduce((parent, name) => parent.commands.find((c) => c.name() === name)!, program);
    let text = '';
    command.configureOutput({ writeOut: (chunk) => (text += chunk) });
    command.outputHelp();
    return text;
  };

  it('describes every command and subcommand', () => {
    for (const group of program.commands) {
      expect(group.description(), group.name()).not.toBe('');
      for (const command of group.commands) expect(command.description(), `${group.name()} ${command.name()}`).not.toBe('');
    }
    expect(helpOf('admin', 'create')).toContain('--role <name>');
    expect(helpOf('role', 'grant')).toContain('super = sees and changes everything');
    expect(helpOf('bans', 'lift')).toContain('<ip>');
    expect(helpOf('demo')).toContain('refuses to run twice');
    expect(helpOf('serve')).toContain('--port <number>');
    expect(helpOf('files', 'check')).toContain('--fix');
    expect(helpOf('tickets', 'import')).toContain('<file>');
  });

  it('writes "an" before a vowel in every description', () => {
    const descriptions = program.commands.flatMap((group) => [group, ...group.commands]).map((command) => command.description());
    expect(descriptions).toContain('create an action');
    expect(descriptions.filter((text) => /\ba [aeiou]/i.test(text))).toEqual([]);
  });

  it('prints the top-level help with exit code 0 and an unknown command with exit code 2', async () => {
    const [help, config, unknown] = await Promise.all([teampro(['--help'], {}), teampro(['config', 'set', '--help'], {}), teampro(['frobnicate'], {})]);
    expect(help.code).toBe(0);
    for (const group of ['serve', 'migrate', 'admin', 'role', 'bans', 'sessions', 'config', 'demo', 'tickets', 'files']) expect(help.stdout).toContain(`  ${group}`);
    expect(config.stdout).toContain('cache settings for 5 seconds');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("teampro: error: unknown command 'frobnicate'\n");
  });
});
