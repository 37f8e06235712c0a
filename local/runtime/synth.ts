import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheTempPath, defaultCacheDir, readCachedTemplate, storeCachedTemplate, synthCacheKey } from './synth-cache';
import type { CfnTemplate } from './template';
import { platformStackName } from '../../core/names';

/**
 * The platform stack's template, synthesized the way the CDK CLI does it: the app runs in a child process
 * that writes the template, and this process reads only the JSON. aws-cdk-lib in-process costs ~0.5 GiB of
 * RSS and seconds of startup; a cache keyed by the synthesis inputs skips the child when nothing changed.
 */

const childScript = join(import.meta.dirname, 'synth-child.ts');
// Resolved from this checkout: the project root pointed at need not have tsx installed.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How much of the child's stderr an error carries: the end, where the cause is. */
const stderrLimit = 16_000;

export class SynthError extends Error {
  override name = 'SynthError';
}

export interface SynthOptions {
  stackName?: string;
  /** @default <projectRoot>/node_modules/.cache/polder/synth */
  cacheDir?: string;
}

/** One synthesis per key at a time within this process (tests and commands open runtimes side by side). */
const running = new Map<string, Promise<CfnTemplate>>();

export async function synthesizePlatform(projectRoot: string, opts: SynthOptions = {}): Promise<CfnTemplate> {
  const stackName = opts.stackName ?? platformStackName;
  const cacheDir = opts.cacheDir ?? defaultCacheDir(projectRoot);
  if (!existsSync(join(projectRoot, 'infra/app-builder.ts'))) throw new SynthError(`infra/app-builder.ts is missing under ${projectRoot}`);
  const keyOf = async () => synthCacheKey(projectRoot, { stackName, extra: [await readFile(childScript, 'utf8')] });
  const key = await keyOf();
  const cached = await readCachedTemplate(cacheDir, key);
  if (cached) return cached;

  const id = `${cacheDir}\0${key}`;
  let run = running.get(id);
  if (!run) {
    run = (async () => {
      const temp = await cacheTempPath(cacheDir, key);
      try {
        await runChild(projectRoot, stackName, temp);
        const template = JSON.parse(await readFile(temp, 'utf8')) as CfnTemplate;
        // An input edited while the child ran may or may not be in the template: then do not cache it.
        if ((await keyOf()) === key) await storeCachedTemplate(cacheDir, key, temp);
        return template;
      } finally {
        await rm(temp, { force: true });
      }
    })();
    running.set(id, run);
    void run.finally(() => running.delete(id)).catch(() => undefined);
  }
  return run;
}

function runChild(projectRoot: string, stackName: string, outFile: string): Promise<void> {
  // CDK_CONTEXT_JSON would change the template without changing the cache key.
  const { CDK_CONTEXT_JSON: _context, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', tsxLoader, childScript, projectRoot, stackName, outFile], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-stderrLimit);
  });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new SynthError(`could not start the synthesis of ${projectRoot}: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        reject(new SynthError(`synthesizing the CDK app in ${projectRoot} failed (${how}):\n${stderr.trim()}`));
      }
    });
  });
}
