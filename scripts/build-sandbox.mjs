/**
 * Compiles the sandbox's browser code (src/sandbox/web/main.ts and the SDK pieces it shares) into one
 * script, dist/sandbox/web/sandbox.js, which the server serves at /sandbox/sandbox.js. Run by
 * `npm run build` after tsc; the browser test calls buildSandbox() itself.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

export const SANDBOX_BUNDLE = fileURLToPath(new URL('dist/sandbox/web/sandbox.js', root));

/** The page and its stylesheet, copied beside the script: the whole sandbox is served from one folder. */
const STATIC_FILES = ['index.html', 'sandbox.css'];

export async function buildSandbox({ outfile = SANDBOX_BUNDLE } = {}) {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('src/sandbox/web/main.ts', root))],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2022'],
    // Readable output: the page is a developer tool, and its size is small either way.
    minify: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  for (const name of STATIC_FILES) copyFileSync(fileURLToPath(new URL(`src/sandbox/web/${name}`, root)), path.join(path.dirname(outfile), name));
  return { outfile, inputs: Object.keys(result.metafile.inputs) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outfile, inputs } = await buildSandbox();
  console.log(`sandbox: ${inputs.length} modules → ${outfile}`);
}
