import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../platform/projectRoot';

/**
 * Appends one bench run to bench/results.md: a table per bench, one row per run, with the commit
 * and date, so figures can be compared across commits.
 */
export function recordResults(bench: string, figures: [string, string | number][]): void {
  const file = path.join(projectRoot(), 'bench', 'results.md');
  let commit = 'uncommitted';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: projectRoot(),
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], {
      cwd: projectRoot(),
      encoding: 'utf8',
    }).trim();
    if (dirty) commit += '+';
  } catch {
    /* not a git checkout */
  }
  const machine = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
  const heading = `## ${bench}`;
  const header = `| date | commit | machine | ${figures.map(([name]) => name).join(' | ')} |`;
  const rule = `| ${['date', 'commit', 'machine', ...figures].map(() => '---').join(' | ')} |`;
  const row = `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ${commit} | ${machine} | ${figures
    .map(([, value]) => String(value))
    .join(' | ')} |`;
  let text = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmark results\n\nAppended by `npm run bench`, `npm run bench:scale` and `npm run bench:web`; newest last.\n';
  const at = text.indexOf(`${heading}\n`);
  if (at < 0) {
    text = `${text.trimEnd()}\n\n${heading}\n\n${header}\n${rule}\n${row}\n`;
  } else {
    // A changed set of figures starts a new table under the same heading.
    const next = text.indexOf('\n## ', at + heading.length);
    const section = next < 0 ? text.slice(at) : text.slice(at, next);
    const insert = section.includes(`${header}\n`) ? `${row}\n` : `\n${header}\n${rule}\n${row}\n`;
    const end = next < 0 ? text.length : next;
    text = `${text.slice(0, end).trimEnd()}\n${insert}${text.slice(end)}`;
  }
  fs.writeFileSync(file, text);
}
