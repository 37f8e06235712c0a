import { parse as parseYaml } from 'yaml';
import { type ModelFile, modelFile, modelName } from '../../schemas/model';
import { configPrefix } from '../keys';
import { configPart } from '../names';
import type { ObjectStore } from '../ports';
import { modelTable } from '../tables';

/** A model as the graph, the planner and `polder test` see it: its YAML, its SQL text and where they came from. */
export interface ModelDef {
  name: string;
  pack: string;
  kind: ModelFile['kind'];
  file: ModelFile;
  /** The SQL as written (templating not applied). */
  sql: string;
  /** `packs/<pack>/models/<name>.sql`: named in messages. */
  path: string;
  table: string;
}

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** Where pack files are read: the deployed config in the lake, or a checkout's packs/ folder. */
export interface PackFiles {
  /** Paths below the packs root starting with `prefix` (e.g. `gullies/models/`), sorted. */
  list(prefix: string): Promise<string[]>;
  read(path: string): Promise<string>;
}

/** Pack files deployed to `config/packs/` in the lake. */
export function storePackFiles(store: ObjectStore, lake: string): PackFiles {
  const root = configPrefix(configPart.packs);
  const decoder = new TextDecoder();
  return {
    list: async (prefix) => (await store.list(lake, `${root}${prefix}`)).map((k) => k.slice(root.length)),
    read: async (path) => decoder.decode(await store.get({ bucket: lake, key: `${root}${path}` })),
  };
}

function parseModelFile(text: string, where: string): ModelFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ModelFileError(`${where} is geen geldige YAML: ${(error as Error).message}`);
  }
  const result = modelFile.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(top)'}: ${i.message}`);
  throw new ModelFileError(`${where} klopt niet:\n- ${problems.join('\n- ')}`);
}

/** Every `models/<name>.sql` of a pack with its `<name>.yaml`; one without the other is refused. */
export async function loadPackModels(files: PackFiles, pack: string): Promise<ModelDef[]> {
  const paths = await files.list(`${pack}/models/`);
  const stems = new Map<string, { sql?: string; yaml?: string }>();
  for (const path of paths) {
    const m = /^[^/]+\/models\/([^/]+)\.(sql|yaml)$/.exec(path);
    if (!m) continue;
    const entry = stems.get(m[1]!) ?? {};
    entry[m[2] as 'sql' | 'yaml'] = path;
    stems.set(m[1]!, entry);
  }
  const models: ModelDef[] = [];
  for (const [name, entry] of [...stems].sort(([a], [b]) => a.localeCompare(b))) {
    const where = `packs/${pack}/models/${name}`;
    if (!modelName.safeParse(name).success) {
      throw new ModelFileError(`${where}: een modelnaam bestaat uit kleine letters, cijfers en _ (geen "__"), en begint met een letter`);
    }
    if (!entry.sql) throw new ModelFileError(`${where}.yaml heeft geen ${name}.sql ernaast: elk model is een SQL-bestand met een YAML`);
    if (!entry.yaml) throw new ModelFileError(`${where}.sql heeft geen ${name}.yaml ernaast (beschrijving, grain, kolommen en tests)`);
    const file = parseModelFile(await files.read(entry.yaml), `${where}.yaml`);
    const sql = await files.read(entry.sql);
    if (sql.trimEnd().endsWith(';')) throw new ModelFileError(`${where}.sql eindigt op ";": laat die weg (de select wordt in een UNLOAD gezet)`);
    models.push({ name, pack, kind: file.kind, file, sql, path: `${where}.sql`, table: modelTable(file.kind, name) });
  }
  return models;
}
