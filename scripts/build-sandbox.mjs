/**
 * Compiles the sandbox's browser code (src/sandbox/web/main.ts and the SDK pieces it shares) into one
 * script, dist/sandbox/web/sandbox.js, which the server serves at /sandbox/sandbox.js. Run by
 * `npm run build` after tsc; the browser test calls buildSandbox() itself.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

export const SANDBOX_BUNDLE = fileURLToPath(new URL('dist/sandbox/web/sandbox.js', root));

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
  return { outfile, inputs: Object.keys(result.metafile.inputs) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { outfile, inputs } = await buildSandbox();
  console.log(`sandbox: ${inputs.length} modules → ${outfile}`);
}
