/**
 * Builds the workspace (web/, a Vite + React app) into dist/workspace: index.html, and hashed scripts and
 * stylesheets under dist/workspace/assets, each beside a brotli (.br) and a gzip (.gz) copy that the server
 * sends to browsers that take them. Run by `npm run build` after tsc; the browser tests call
 * ensureWebBuilt(), which builds only when web/ or the SDK changed after the last build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = fileURLToPath(new URL('../', import.meta.url));
export const WEB_OUT = path.join(root, 'dist', 'workspace');
const STAMP = path.join(WEB_OUT, '.build-stamp');
/** What the app is built from: its own folder, the SDK it bundles, this script and the package list. */
const INPUTS = ['web', 'src/client', 'scripts/build-web.mjs', 'package-lock.json'];
const COMPRESSIBLE = /\.(js|css|svg|json|txt|map)$/;

function newestChange(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

export function webBuildIsStale() {
  const built = fs.statSync(STAMP, { throwIfNoEntry: false });
  if (!built) return true;
  return INPUTS.some((input) => newestChange(path.join(root, input)) > built.mtimeMs);
}

function compressAssets(dir) {
  let files = 0;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!COMPRESSIBLE.test(name)) continue;
    const body = fs.readFileSync(file);
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
    files += 1;
  }
  return files;
}

export async function buildWeb({ quiet = false } = {}) {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'web', 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  const compressed = compressAssets(path.join(WEB_OUT, 'assets'));
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return { out: WEB_OUT, compressed };
}

/** Builds the app unless dist/workspace is newer than everything it is built from. */
export async function ensureWebBuilt() {
  if (webBuildIsStale()) await buildWeb({ quiet: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { out, compressed } = await buildWeb();
  console.log(`workspace: ${out} (${compressed} assets precompressed)`);
}
