import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on two cores: most files wait on databases, browsers and child
    // processes more than they compute (the default, one fewer than the cores, ran them one by one).
    maxWorkers: 2,
    globalSetup: ['test/helpers/transpiled.ts', 'test/helpers/web-build.ts'],
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
