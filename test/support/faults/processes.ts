import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A TypeScript file run in its own Node process (tsx), as a separate OS process sees the workspace. */
export function spawnTs(file: string, args: string[], env: Record<string, string> = {}): ChildProcess & { finished: Promise<Finished> } {
  // node itself with tsx's loader (not the tsx wrapper, which runs node as a child): a kill reaches the program
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const finished = new Promise<Finished>((done) => child.on('close', (code, signal) => done({ code, signal, stdout, stderr })));
  return Object.assign(child, { finished });
}

/** The polder CLI in its own process. */
export function spawnCli(args: string[], env: Record<string, string> = {}) {
  return spawnTs(join(root, 'local', 'cli.ts'), args, env);
}

/** Resolves when the child's stdout or stderr has printed a line matching `pattern`. */
export function printed(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((done, fail) => {
    let seen = '';
    const check = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) done();
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('close', () => fail(new Error(`process ended before printing ${pattern}:\n${seen}`)));
  });
}

/**
 * Starts `count` copies of a worker script that prints "ready", waits for a line on stdin, then works: all of
 * them are loaded before any starts, so their critical sections overlap as closely as separate processes can.
 */
export async function raceWorkers(file: string, argsOf: (i: number) => string[], count: number): Promise<Finished[]> {
  const children = Array.from({ length: count }, (_, i) => spawnTs(file, argsOf(i)));
  await Promise.all(children.map((c) => printed(c, /^ready$/m)));
  for (const child of children) child.stdin?.end('go\n');
  return Promise.all(children.map((c) => c.finished));
}

export const supportDir = import.meta.dirname;
