// Every date rule must use Europe/Helsinki whatever the server's time zone: the tests run in UTC,
// so a rule that leans on the local zone fails here. Set before any Date is made (issue 9).
process.env.TZ = 'UTC';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // One Temporal dev server, one PostgreSQL template database and one workflow bundle per run.
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
  maxWorkers: 2,
  testTimeout: 180_000,
  // Integration files start their own worker; slowest first keeps the two cores busy.
  openHandlesTimeout: 5_000,
};
