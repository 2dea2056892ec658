import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { md5 } from '../src/auth/password.js';

/** The database `npm run bench` seeds, which the layer benchmarks read; exits when it is missing. */
export function seededDatabaseUrl(): string {
  const databaseFile = path.resolve('bench/.data/sqlite-full/teampro.db');
  if (!fs.existsSync(databaseFile)) {
    console.error(`No seeded database at ${path.relative(process.cwd(), databaseFile)}: run "npm run bench" first.`);
    process.exit(1);
  }
  return `sqlite://${databaseFile}`;
}

const auth = `username=bench&password=${md5('bench-password')}`;

/** getProject's layers: a name, which of the layers server's two apps serves it, and the path. */
export const LAYERS: readonly [string, 'bare' | 'app', string][] = [
  ['floor on bare Fastify', 'bare', '/floor/projects/42'],
  ['+ TeamPro app (options, hooks, plugins)', 'app', '/floor/projects/42'],
  ['+ wildcard API route, credentials in the query, envelope', 'app', `/enveloped/v1/projects/42/json?${auth}`],
  ['+ engine (TeamPro getProject)', 'app', `/api/v1/projects/42/json?${auth}`],
];

export interface LayersServer {
  readonly child: ChildProcess;
  /** The URL of one layer on this server. */
  url(which: 'bare' | 'app', urlPath: string): string;
  stop(): Promise<unknown>;
}

/**
 * Starts bench/layers-server.ts (under `wrapper`, e.g. valgrind, when given). Each measurement takes a
 * fresh one: were one process to serve every layer, the code they share (the service, Kysely) would
 * be compiled for all of them at once, and each number would depend on the others.
 */
export async function startLayersServer(env: NodeJS.ProcessEnv, wrapper: string[] = []): Promise<LayersServer> {
  const command = [process.execPath, '--import', 'tsx', 'bench/layers-server.ts'];
  const [program, ...args] = [...wrapper, ...command];
  // valgrind's own report would fill the terminal: its standard error is dropped.
  const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', wrapper.length > 0 ? 'ignore' : 'inherit'] });
  const [bare, app] = await new Promise<string[]>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /layers listening on (\S+) (\S+)/.exec(chunk.toString());
      if (match) resolve([match[1], match[2]]);
    });
    child.on('exit', (code) => reject(new Error(`${program} exited with ${code}`)));
  });
  return {
    child,
    url: (which, urlPath) => (which === 'bare' ? bare : app) + urlPath,
    stop: () => new Promise((resolve) => (child.removeAllListeners('exit'), child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}
