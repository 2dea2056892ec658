/**
 * Builds dist/ only when it is missing or older than what it is built from, so `npm start` starts at
 * once after the first build (`npm install` builds through `prepare`). Where the compiler is not
 * installed (a production install with --omit=dev) a built dist/ is used as it is.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
export const BUILD_STAMP = path.join(root, 'dist', '.build-stamp');
const INPUTS = ['src', 'web', 'scripts/build-sandbox.mjs', 'scripts/build-web.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newestChange(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(entry).reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

/** Whether dist/ must be built again: no stamp, or an input changed after it was written. */
export function buildIsStale() {
  const built = fs.statSync(BUILD_STAMP, { throwIfNoEntry: false });
  if (!built) return true;
  return INPUTS.some((input) => newestChange(path.join(root, input)) > built.mtimeMs);
}

function compilerInstalled() {
  try {
    createRequire(import.meta.url).resolve('typescript');
    return true;
  } catch {
    return false;
  }
}

function main() {
  if (!buildIsStale()) return;
  if (!compilerInstalled()) {
    if (fs.existsSync(path.join(root, 'dist', 'main.js'))) return;
    console.error('TeamPro is not built and TypeScript is not installed: run "npm install" (with dev dependencies), or install a release tarball (docs/deployment.md).');
    process.exit(1);
  }
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}

/** Marks dist/ as built from the inputs as they are now (the last step of `npm run build`). */
function stamp() {
  fs.writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--stamp')) stamp();
  else main();
}
