import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { CfnTemplate } from './template';
import { projectFolder } from '../../core/names';

/**
 * A cache of synthesized templates, keyed by the content of everything synthesis depends on, so the
 * runtime synthesizes the CDK app only after one of those files changed.
 */

/**
 * What the synthesized template depends on, relative to the project root: the app's modules (infra/ and
 * everything it imports: workflows/, core/, schemas/; test/unit/local/runtime/synth-cache.test.ts checks that), the Lambda entry
 * files it points at (functions/), the folders it fingerprints as assets or reads (packs/, tenants/), and the
 * installed library versions (package-lock.json). A superset on purpose: a needless miss costs one synthesis,
 * a stale hit runs the wrong state machines.
 */
export const synthInputs = [
  'infra',
  'workflows',
  'core',
  'schemas',
  'functions',
  projectFolder.packs,
  projectFolder.tenants,
  'package.json',
  'package-lock.json',
  'tsconfig.json',
] as const;

/** Bump when what a cache entry holds changes meaning. */
const keyFormat = 'polder-synth-1';

/** Entries kept per cache folder: enough for a few branches, not a growing pile. */
const keepEntries = 8;

export const defaultCacheDir = (projectRoot: string): string => join(projectRoot, 'node_modules', '.cache', 'polder', 'synth');

/** Every file under the inputs (missing ones skipped), as sorted `/`-separated paths relative to the root. */
export async function listInputFiles(projectRoot: string, inputs: readonly string[] = synthInputs): Promise<string[]> {
  const files: string[] = [];
  const walk = async (path: string): Promise<void> => {
    let info;
    try {
      info = await stat(path); // follows symlinks, as imports and asset fingerprints do
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (info.isFile()) files.push(relative(projectRoot, path).split(sep).join('/'));
    else if (info.isDirectory()) for (const name of await readdir(path)) await walk(join(path, name));
  };
  for (const input of inputs) await walk(join(projectRoot, input));
  return files.sort();
}

/**
 * The cache key: a hash of the project root path, the stack name, `extra` (what else shapes the result, such as
 * the synthesizing script) and every input file's path and bytes.
 */
export async function synthCacheKey(
  projectRoot: string,
  opts: { stackName: string; extra?: readonly string[]; inputs?: readonly string[] },
): Promise<string> {
  const hash = createHash('sha256');
  const field = (value: string) => hash.update(`${value.length}:${value}\0`);
  field(keyFormat);
  field(projectRoot);
  field(opts.stackName);
  for (const value of opts.extra ?? []) field(value);
  for (const file of await listInputFiles(projectRoot, opts.inputs)) {
    const bytes = await readFile(join(projectRoot, file));
    field(file);
    field(String(bytes.length));
    hash.update(bytes);
  }
  return hash.digest('hex');
}

const entryName = (key: string) => `template-${key}.json`;

/** The cached template for a key, or undefined (an unreadable entry counts as missing). */
export async function readCachedTemplate(cacheDir: string, key: string): Promise<CfnTemplate | undefined> {
  let text;
  try {
    text = await readFile(join(cacheDir, entryName(key)), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as CfnTemplate;
  } catch {
    return undefined;
  }
}

/** A temp path in the cache folder for a writer to fill before `storeCachedTemplate` moves it in. */
export async function cacheTempPath(cacheDir: string, key: string): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  return join(cacheDir, `.${entryName(key)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Moves a written template into the cache (a rename: readers never see half an entry), then prunes old entries. */
export async function storeCachedTemplate(cacheDir: string, key: string, tempPath: string): Promise<void> {
  await rename(tempPath, join(cacheDir, entryName(key)));
  const entries = await Promise.all(
    (await readdir(cacheDir))
      .filter((name) => /^template-[0-9a-f]+\.json$/.test(name))
      .map(async (name) => ({ name, mtime: (await stat(join(cacheDir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of entries.slice(keepEntries)) await rm(join(cacheDir, name), { force: true });
}
