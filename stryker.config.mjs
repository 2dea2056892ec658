// @ts-check
/**
 * Mutation testing (`npm run mutate`; see docs/testing.md). Not part of `npm test`: on two cores a
 * full run takes hours, so scores are measured and recorded like benchmarks. Incremental: the
 * results of the last run are kept in test/mutation/, and a run tests again only the mutants whose
 * code or covering tests changed since.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  coverageAnalysis: 'perTest',
  // Vitest does not type-check, and a test compares a generated source with the committed one byte for byte.
  disableTypeChecks: false,
  mutate: [
    'src/engine/**/*.ts',
    'src/auth/**/*.ts',
    'src/access/**/*.ts',
    'src/{projects,actions,topics,files,tickets,ticket-links,timelogs,admins}/{service,repository}.ts',
    // The rules the actions service leans on: roll-ups, kept child stats, the tree's parent checks.
    'src/actions/{children,rollup,tree}.ts',
    // Copies (copyProject, copyAction) write whole trees through the same kept stats.
    'src/{projects,actions}/copy.ts',
    // Recurring actions: the rule's checks and the scheduler's claim beside the service and repository.
    'src/recurrences/{service,repository,rule,scheduler}.ts',
    // config has no service or repository of its own: its rules live in settings.ts.
    'src/settings/settings.ts',
  ],
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  // Two cores, shared: one test process by default; raise with --concurrency.
  concurrency: 1,
  timeoutMS: 20_000,
  // '.stryker-tmp-*': the sandboxes of other runs started beside this one with their own --tempDirName
  // (Stryker leaves out only its own temp folder); copying them is slow and fails when one is cleaned away.
  ignorePatterns: ['dist', 'dist-test', 'test-results', 'coverage', 'data', 'bench', 'reports', '.stryker-tmp-*'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;
