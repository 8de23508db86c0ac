// Every date rule must use Europe/Helsinki whatever the server's time zone: the tests run in UTC,
// so a rule that leans on the local zone fails here. Set before any Date is made (issue 9).
process.env.TZ = 'UTC';

/**
 * Unit tests only (pure functions, no Temporal server or database): what CI also runs on the
 * second supported runtime (Node 24), see .ci/run.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
  maxWorkers: 2,
  testTimeout: 120_000,
};
