import { ensureWebBuilt } from '../../scripts/build-web.mjs';

/**
 * Vitest global setup: builds the workspace (dist/workspace) once before any test file runs, when web/ or
 * the SDK changed since the last build, so the browser test files running in parallel share one
 * build. After `npm install` or `npm run build` it is current, and this costs a few stat calls.
 */
export default async function setup() {
  await ensureWebBuilt();
}
