import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Every module the workflow bundle may contain (the workflows, the pure rules, the failure converter). */
export const deterministicFiles = ['workflows/**/*.ts', 'domain/**/*.ts', 'platform/failureConverter.ts'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'generated/',
      '.data/',
      '.tools/',
      'coverage/',
      'web/dist/',
      'test-artifacts/',
      '.prof/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: {
      globals: { module: 'readonly', require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Everything the workflow bundle imports runs in Temporal's deterministic sandbox and is
    // replayed for years: no I/O, clocks, timers or randomness of its own (README, "Changing
    // workflows safely"). test/unit/workflowDeterminism.test.ts checks that every project file the
    // bundle contains is covered here. `Date` is allowed: the sandbox replaces it with the
    // workflow task's time; domain rules still take `now` as an argument (see below).
    files: deterministicFiles,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          // Node's built-ins by exact name (as patterns, `domain` would match this project's folder).
          paths: builtinModules.map((name) => ({
            name,
            message: 'Node APIs are not available in the workflow sandbox and are not deterministic.',
          })),
          patterns: [
            {
              group: [
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
                '@temporalio/testing',
                '**/activities/*',
                '**/api/*',
                'node:*',
                'pg',
                '@prisma/*',
                '**/generated/*',
                '**/platform/*',
                'uuid',
                'nanoid',
                'pino',
                'jose',
                'express',
              ],
              message:
                'Code in the workflow bundle must stay deterministic: no Node APIs, I/O or randomness; call activities through proxyActivities.',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'require',
          'Buffer',
          '__dirname',
          '__filename',
          'setTimeout',
          'setInterval',
          'setImmediate',
          'clearTimeout',
          'clearInterval',
          'clearImmediate',
          'queueMicrotask',
          'fetch',
          'crypto',
          'performance',
          'WeakRef',
          'FinalizationRegistry',
        ].map((name) => ({
          name,
          message: `${name} is not deterministic on replay: use Temporal's workflow APIs (sleep, condition, uuid4) or an activity.`,
        })),
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Not deterministic on replay: use uuid4() or random() from @temporalio/workflow.',
        },
      ],
    },
  },
  {
    // Domain rules are pure: they take the time they decide at as an argument (a test, the API
    // and a replay decide the same), so they do not read the clock themselves.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Not deterministic on replay: use uuid4() or random() from @temporalio/workflow.',
        },
        { object: 'Date', property: 'now', message: 'Domain rules take `now` as an argument.' },
      ],
    },
  },
);
