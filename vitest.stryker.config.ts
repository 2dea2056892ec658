import { defineConfig } from 'vitest/config';

/**
 * The suites mutation testing runs: those that call the sources in-process. Tests that start a real
 * process run the transpiled copy in dist-test/, which would not carry Stryker's mutants, so they
 * and the global setup that builds that copy are left out; so are the browser and the fuzz runs,
 * which are slow and test nothing the mutated folders decide alone.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/cli.test.ts', 'test/cli-api.test.ts', 'test/cli-startup.test.ts', 'test/sandbox.browser.test.ts', 'test/sdk-package.test.ts',
      'test/fuzz.test.ts', 'test/fuzz-hostile.test.ts', 'test/reliability/**', 'test/docs-commands.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
