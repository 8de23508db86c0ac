import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath, workflowsPath } from '../../platform/worker';

/**
 * The determinism lint (eslint.config.mjs) must cover everything the workflow bundle contains:
 * the workflows, the domain rules they decide by and anything else they import. This bundles the
 * workflows as the worker does and checks each bundled file of this project against the lint.
 */
const root = path.join(__dirname, '..', '..');

/** Packages the bundle may contain: Temporal's workflow runtime and its own dependencies. */
const allowedPackages = ['@temporalio/common', '@temporalio/workflow', 'long', 'ms', 'nexus-rpc'];

/** The rules of eslint.config.mjs's block for the bundle (other lint problems are for `npm run lint`). */
const determinismRules = [
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-globals',
  'no-restricted-properties',
];

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};

describe('the determinism lint covers the whole workflow bundle', () => {
  let modules: string[];
  beforeAll(async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve(workflowsPath()),
      failureConverterPath: failureConverterPath(),
      logger: quiet,
    });
    // webpack names each module by its path relative to the project, e.g. "./domain/time.ts".
    modules = [...new Set([...code.matchAll(/"\.\/([^"\s]+\.(?:[cm]?[jt]s))"/g)].map((m) => m[1]))];
  }, 60_000);

  const projectFiles = () => modules.filter((m) => !m.startsWith('node_modules/'));

  it('finds the workflows and the domain rules in the bundle', () => {
    expect(projectFiles()).toEqual(
      expect.arrayContaining([
        'workflows/index.ts',
        'workflows/placementProposal/workflow.ts',
        'workflows/clientCase/workflow.ts',
        'domain/placement/proposal.ts',
        'domain/clientCase/clientCase.ts',
      ]),
    );
  });

  it('lints every project file in the bundle with the determinism rules, and finds no violation', () => {
    const files = projectFiles();
    // ESLint's configuration is an ES module, which Jest's module system cannot load: ask Node.
    const script = `
      import { ESLint } from 'eslint';
      const files = JSON.parse(process.argv[1]);
      const determinism = JSON.parse(process.argv[2]);
      const eslint = new ESLint();
      const rules = {};
      for (const file of files) {
        const config = await eslint.calculateConfigForFile(file);
        rules[file] = Object.entries(config.rules ?? {})
          .filter(([, s]) => [2, 'error'].includes(Array.isArray(s) ? s[0] : s))
          .map(([name]) => name);
      }
      const problems = (await eslint.lintFiles(files)).flatMap((r) =>
        r.messages.filter((m) => m.severity === 2 && determinism.includes(m.ruleId)).map((m) => r.filePath + ':' + m.line + ' ' + m.ruleId + ': ' + m.message),
      );
      console.log(JSON.stringify({ rules, problems }));
    `;
    const output = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(files), JSON.stringify(determinismRules)],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const { rules, problems } = JSON.parse(output) as { rules: Record<string, string[]>; problems: string[] };
    for (const file of files) {
      expect({ file, rules: rules[file] }).toEqual({
        file,
        rules: expect.arrayContaining(determinismRules),
      });
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('contains no package but Temporal’s workflow runtime (no non-deterministic libraries)', () => {
    const packages = new Set(
      modules
        .filter((m) => m.startsWith('node_modules/'))
        .map((m) => {
          const parts = m.split('/');
          return parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
        }),
    );
    expect([...packages].filter((p) => !allowedPackages.includes(p))).toEqual([]);
  });
});
