import { defineConfig } from 'vitest/config';

/**
 * The suites mutation testing runs: those that call the sources in-process. Tests that start a real
 * process run the transpiled copy in dist-test/, which would not carry Stryker's mutants, so they
 * and the global setup that builds that copy are left out; so are the browser and the fuzz runs,
 * which are slow and test nothing the mutated folders decide alone.
 *
 * STRYKER_TEST_FILES (a comma list of test files) narrows the suites for a run of one file or folder.
 * Use it rather than Stryker's --testFiles: with --testFiles, StrykerJS 9.6 activates a static mutant
 * (a value computed when its module loads, such as a regular expression kept in a constant) only after
 * the module has loaded, so it is reported as surviving whatever the tests check (stryker-js#6144).
 */
const only = (process.env.STRYKER_TEST_FILES ?? '').split(',').map((file) => file.trim()).filter(Boolean);

export default defineConfig({
  test: {
    include: only.length > 0 ? only : ['test/**/*.test.ts'],
    exclude: [
      'test/cli.test.ts', 'test/cli-api.test.ts', 'test/cli-startup.test.ts', 'test/sandbox.browser.test.ts', 'test/sdk-package.test.ts',
      'test/fuzz.test.ts', 'test/fuzz-hostile.test.ts', 'test/reliability/**', 'test/docs-commands.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
