import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compatStatements } from '../../adapters/local/duckdb-compat';
import type { FunctionDefinition } from '../../functions/lib/edge';

/**
 * Loads the project's own modules from its root: the function registry and the DuckDB compat macros.
 * Imported by path so the runtime works on whichever checkout it is pointed at. (The CDK app is
 * synthesized in a child process: synth.ts.)
 */

export const defaultProjectRoot = join(import.meta.dirname, '..', '..');

async function importFrom<T>(projectRoot: string, file: string): Promise<T> {
  const path = join(projectRoot, file);
  if (!existsSync(path)) throw new Error(`${file} is missing under ${projectRoot}`);
  return (await import(pathToFileURL(path).href)) as T;
}

export type Registry = Record<string, FunctionDefinition>;

export async function importRegistry(projectRoot: string): Promise<Registry> {
  const { registry } = await importFrom<{ registry: Registry }>(projectRoot, 'functions/registry.ts');
  return registry;
}

/** The Trino compat macros of the checkout (sql/duckdb-compat.sql), split as the local engine runs them. */
export async function readCompatStatements(projectRoot: string): Promise<string[]> {
  const file = join(projectRoot, 'sql/duckdb-compat.sql');
  if (!existsSync(file)) return [];
  return compatStatements(await readFile(file, 'utf8'));
}
