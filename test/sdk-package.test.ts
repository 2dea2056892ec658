import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The SDK as an integrator installs it: the package's own files (what `npm pack` puts in the release
 * tarball) carry the client and its types, and those types compile in a strict project that checks
 * library declarations too (`skipLibCheck: false`).
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

describe('the SDK package', () => {
  beforeAll(async () => {
    await run(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT });
  }, 180_000);

  it('ships the client and its declarations in the release tarball', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
    const files = (JSON.parse(stdout)[0].files as { path: string }[]).map((file) => file.path);
    for (const file of ['dist/client/index.js', 'dist/client/index.d.ts', 'dist/main.js', 'bin/teampro.js', 'package.json']) expect(files).toContain(file);
    expect(files.filter((file) => file.startsWith('src/') || file.startsWith('test/'))).toEqual([]);
  }, 60_000);

  it('compiles an integrator’s code against the shipped types with skipLibCheck off', async () => {
    const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
    const result = await run(process.execPath, [tsc, '-p', 'test/sdk-consumer/tsconfig.json'], { cwd: ROOT }).catch((error) => error);
    expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toBe('');
  }, 120_000);
});
