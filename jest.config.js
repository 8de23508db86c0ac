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
