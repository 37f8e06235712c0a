import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `polder <args>` in its own Node process, as a second terminal would; `cwd` is the project it runs in (the
 * CLI reads tenants/ and packs/ from there). POLDER_LANG is unset unless `env` sets it.
 */
export function polderProcess(args: string[], workspace: string, opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const { POLDER_LANG: _lang, ...env } = process.env;
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'local/cli.ts'), ...args, '--workspace', workspace], {
      cwd: opts.cwd ?? projectRoot,
      env: { ...env, POLDER_DUCKDB_THREADS: '1', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
