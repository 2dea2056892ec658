import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSPILED } from './helpers/transpiled.js';

/**
 * The CLI starts fast because a command loads only what it runs: the packages a command line loads
 * are read from a module resolution hook (a timing would depend on the machine; this cannot).
 */
const run = promisify(execFile);
const HOOKS = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(resolved.url);
  if (match) process.stderr.write('PACKAGE ' + match[1] + '\\n');
  return resolved;
}`;

describe('what the CLI loads', () => {
  let register: string;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-hooks-'));
    fs.writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
    register = path.join(dir, 'register.mjs');
    fs.writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(path.join(dir, 'hooks.mjs')).href)});\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function packagesLoadedBy(args: string[]): Promise<Set<string>> {
    const { stderr } = await run(process.execPath, ['--import', register, path.join(TRANSPILED, 'cli/index.js'), ...args]);
    return new Set([...stderr.matchAll(/^PACKAGE (\S+)$/gm)].map((m) => m[1]));
  }

  const lines = [['--version'], ['--help'], ['projects', 'list', '--help'], ['admin', 'create', '--help']].map((args) => [args.join(' '), args] as const);
  it.each(lines)('teampro %s loads no database code', async (_line, args) => {
    const loaded = await packagesLoadedBy([...args]);
    expect(loaded).toContain('commander');
    for (const heavy of ['kysely', 'pg', 'mysql2', 'better-sqlite3', 'cli-progress', 'fastify', '@aws-sdk/client-s3']) expect(loaded, heavy).not.toContain(heavy);
  });

  it('a command that uses the database loads it', async () => {
    const dataDir = path.join(dir, 'data');
    const { stderr } = await run(process.execPath, ['--import', register, path.join(TRANSPILED, 'cli/index.js'), 'role', 'list', '--json'], {
      env: { ...process.env, DATABASE_URL: '', TEAMPRO_DATA_DIR: dataDir },
    });
    expect(stderr).toContain('PACKAGE kysely');
    expect(stderr).toContain('PACKAGE better-sqlite3');
  });

  it('files check loads the AWS SDK only when contents are in S3', async () => {
    const filesCheck = async (env: Record<string, string>) => {
      const args = ['--import', register, path.join(TRANSPILED, 'cli/index.js'), 'files', 'check', '--json'];
      const dataDir = path.join(dir, 'data');
      const options = { env: { ...process.env, DATABASE_URL: '', TEAMPRO_DATA_DIR: dataDir, TEAMPRO_S3_BUCKET: '', ...env } };
      return run(process.execPath, args, options).then(({ stderr }) => stderr, (error: { stderr: string }) => error.stderr);
    };
    const local = await filesCheck({});
    expect(local).toContain('PACKAGE kysely');
    expect(local).not.toContain('PACKAGE @aws-sdk/');
    // Nothing listens on port 1: the check fails, after the store was made.
    const s3 = await filesCheck({ TEAMPRO_S3_BUCKET: 'teampro', TEAMPRO_S3_ENDPOINT: 'http://127.0.0.1:1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    expect(s3).toContain('PACKAGE @aws-sdk/client-s3');
  });
});
