import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The sources transpiled file by file (as tsx does, by esbuild) into `dist-test/`, laid out like
 * `dist/` so that paths relative to a module (package.json, the sandbox's assets) resolve alike.
 * Tests that start the CLI many times run it from here: a plain Node process starts in half the
 * time of one under tsx, and the copy is made from the sources of this very test run.
 */
export const TRANSPILED = path.join(ROOT, 'dist-test');

/** Vitest's global setup: transpiles once, before any test file runs. */
export default async function transpileSources() {
  const sources = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  fs.rmSync(TRANSPILED, { recursive: true, force: true });
  await build({
    entryPoints: sources.map((file) => path.join(ROOT, 'src', file)),
    outdir: TRANSPILED,
    outbase: path.join(ROOT, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
