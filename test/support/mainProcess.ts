import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

/**
 * `main.ts <part>` in a process of its own, as a user or docker-compose.yml starts it: node with
 * tsx as a loader (so signals reach main.ts itself; the tsx CLI would relay them), `nodeArgs`
 * before it (e.g. `--max-old-space-size=512`), and only the environment given plus PATH and HOME.
 * `output` collects stdout and stderr as they arrive.
 */
export function spawnMain(
  part: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, 'main.ts'), part], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  return { child, output };
}

/** The process's exit code, once it has exited. */
export function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );
}
