/**
 * `npm run build` step: bundles the workflows once, ahead of deployment, into the file named by
 * the first argument (dist/workflow-bundle.js). A worker started with TEMPORAL_WORKFLOW_BUNDLE
 * pointing at it loads this bundle instead of running the bundler at start (faster start, and
 * the bundler's memory never enters the worker's resident set).
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from '../platform/worker';

async function main(outFile: string | undefined) {
  if (!outFile) throw new Error('usage: bundleWorkflows <output file>');
  const code = await bundleWorkflows();
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
