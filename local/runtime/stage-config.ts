import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ObjectStore } from '../../core/ports';
import { configPrefix, packKey } from '../../core/keys';
import { configPart, projectFolder } from '../../core/names';

async function filesBelow(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/**
 * What the deploy puts in the lake's config/: tenants/*.yaml and each pack's pack.yaml, contracts and
 * models (no data). Staged on every open so the local lake always holds the checkout's config.
 */
export async function stageConfig(projectRoot: string, store: ObjectStore, lake: string): Promise<string[]> {
  const keys: string[] = [];
  const put = async (file: string, key: string): Promise<void> => {
    await store.put({ bucket: lake, key }, await readFile(file));
    keys.push(key);
  };
  for (const file of await filesBelow(join(projectRoot, projectFolder.tenants))) {
    if (file.endsWith('.yaml') && !relative(join(projectRoot, projectFolder.tenants), file).includes(sep)) {
      await put(file, `${configPrefix(configPart.tenants)}${relative(join(projectRoot, projectFolder.tenants), file)}`);
    }
  }
  const packsDir = join(projectRoot, projectFolder.packs);
  let packs: string[] = [];
  try {
    packs = (await readdir(packsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    // no packs in this checkout
  }
  for (const pack of packs) {
    const root = join(packsDir, pack);
    const files = [join(root, 'pack.yaml'), ...(await filesBelow(join(root, 'contracts'))), ...(await filesBelow(join(root, 'models')))];
    for (const file of files) {
      try {
        await put(file, packKey(pack, relative(root, file).split(sep).join('/')));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return keys;
}
