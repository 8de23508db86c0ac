import path from 'node:path';
import type { Compiler } from 'webpack';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath, workflowsPath } from '../../../platform/worker';

/**
 * The workflow bundle of a hypothetical next release: today's workflow code, with each process's
 * rules module replaced by one whose edition is one higher and one rule stricter
 * (./placementRules.ts, ./clientCaseRules.ts). Production code stays unchanged.
 */
const replacements = [
  {
    request: /[\\/]domain[\\/]placement[\\/]proposal(\.ts)?$/,
    by: path.join(__dirname, 'placementRules.ts'),
  },
  {
    request: /[\\/]domain[\\/]clientCase[\\/]clientCase(\.ts)?$/,
    by: path.join(__dirname, 'clientCaseRules.ts'),
  },
];

const nextRules = {
  apply(compiler: Compiler) {
    compiler.hooks.normalModuleFactory.tap('NextReleaseRules', (factory) => {
      factory.hooks.beforeResolve.tap('NextReleaseRules', (data) => {
        // The replacements themselves import the current rules.
        if (data.context === __dirname) return;
        for (const { request, by } of replacements) if (request.test(data.request)) data.request = by;
      });
    });
  },
};

export async function bundleNextRelease(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve(workflowsPath()),
    failureConverterPath: failureConverterPath(),
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), nextRules] }),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => console.warn(message),
      error: (message: string) => console.error(message),
    },
  });
  for (const marker of ['MIN_REJECTION_REASON', 'MAX_ASSESSMENT_AGE_DAYS']) {
    if (!code.includes(marker)) throw new Error(`the next release's bundle lacks its rules (${marker})`);
  }
  return code;
}
