import { statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizePlatform } from '../../../../local/runtime/synth';
import { listInputFiles, synthCacheKey, synthInputs } from '../../../../local/runtime/synth-cache';

const projectRoot = join(import.meta.dirname, '..', '..', '..', '..');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'polder-synth-cache-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

describe('synthCacheKey', () => {
  const files = {
    'infra/app-builder.ts': 'export const a = 1;\n',
    'workflows/validate.ts': 'export const w = 1;\n',
    'packs/gullies/pack.yaml': 'id: gullies\n',
    'packs/gullies/data/sample.csv': 'a,b\n1,2\n',
    'tenants/town.yaml': 'id: town\n',
    'package-lock.json': '{"lockfileVersion":3}\n',
    'README.md': 'not an input\n',
    '.polder/runs/x.json': '{}\n',
  };
  let root: string;
  const key = () => synthCacheKey(root, { stackName: 'Polder' });

  beforeAll(async () => {
    root = join(scratch, 'key');
    await writeFiles(root, files);
  });

  it('is the same for the same inputs', async () => {
    expect(await key()).toBe(await key());
    expect(await listInputFiles(root)).toEqual([
      'infra/app-builder.ts',
      'package-lock.json',
      'packs/gullies/data/sample.csv',
      'packs/gullies/pack.yaml',
      'tenants/town.yaml',
      'workflows/validate.ts',
    ]);
  });

  it.each(['infra/app-builder.ts', 'workflows/validate.ts', 'packs/gullies/pack.yaml', 'packs/gullies/data/sample.csv', 'tenants/town.yaml', 'package-lock.json'])(
    'changes when %s changes, and back when it is restored',
    async (file) => {
      const before = await key();
      const original = await readFile(join(root, file), 'utf8');
      await writeFile(join(root, file), `${original} `);
      try {
        expect(await key()).not.toBe(before);
      } finally {
        await writeFile(join(root, file), original);
      }
      expect(await key()).toBe(before);
    },
  );

  it('changes when an input file is added, removed or renamed', async () => {
    const before = await key();
    await writeFiles(root, { 'packs/gullies/contracts/trees.yaml': 'id: trees\n' });
    const added = await key();
    expect(added).not.toBe(before);
    await rm(join(root, 'packs/gullies/contracts/trees.yaml'));
    expect(await key()).toBe(before);
    await writeFiles(root, { 'packs/gullies/contracts/bomen.yaml': 'id: trees\n' });
    expect(await key()).not.toBe(added);
    await rm(join(root, 'packs/gullies/contracts'), { recursive: true });
  });

  it('does not change for files synthesis does not read', async () => {
    const before = await key();
    await writeFiles(root, { 'README.md': 'edited\n', '.polder/runs/y.json': '{}\n' });
    expect(await key()).toBe(before);
  });

  it('changes with the project root, the stack and the extra inputs', async () => {
    const copy = join(scratch, 'key-copy');
    await cp(root, copy, { recursive: true });
    const before = await key();
    expect(await synthCacheKey(copy, { stackName: 'Polder' })).not.toBe(before);
    expect(await synthCacheKey(root, { stackName: 'Other' })).not.toBe(before);
    expect(await synthCacheKey(root, { stackName: 'Polder', extra: ['child v2'] })).not.toBe(before);
  });
});

/** Relative imports of a TypeScript file, resolved to files (extensionless → .ts or /index.ts). */
async function relativeImports(file: string): Promise<string[]> {
  const source = await readFile(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] as string);
  return specifiers.map((s) => {
    const base = join(dirname(file), s);
    const found = [base, `${base}.ts`, join(base, 'index.ts')].find((p) => statSync(p, { throwIfNoEntry: false })?.isFile());
    if (!found) throw new Error(`cannot resolve ${s} from ${file}`);
    return found;
  });
}

describe('synthInputs', () => {
  it('hold every project module the CDK app loads', async () => {
    const seen = new Set<string>();
    const queue = [join(projectRoot, 'infra/app-builder.ts')];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(...(await relativeImports(file)));
    }
    const modules = [...seen].map((f) => relative(projectRoot, f).split('\\').join('/'));
    expect(modules).toContain('workflows/pipeline.ts');
    expect(modules).toContain('core/keys.ts');
    const inputs = new Set(await listInputFiles(projectRoot));
    expect(modules.filter((m) => !inputs.has(m))).toEqual([]);
    expect(synthInputs).toEqual(expect.arrayContaining(['packs', 'tenants', 'functions', 'package-lock.json']));
  });
});

describe('synthesizePlatform in a child process', () => {
  // A stand-in CDK app: counts its runs and puts an input file's text into the template.
  const fakeApp = `
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const root = join(import.meta.dirname, '..');
export function buildApp(opts: { bundle: boolean; outdir: string }) {
  appendFileSync(join(root, 'synth-runs.log'), 'run\\n');
  if (opts.bundle !== false || !opts.outdir) throw new Error('expected bundle: false and an outdir');
  const flow = readFileSync(join(root, 'workflows/flow.ts'), 'utf8');
  return { app: { synth: () => ({ getStackByName: (name: string) => ({ template: { Description: name + ': ' + flow, Resources: {} } }) }) } };
}
`;
  let root: string;
  let cacheDir: string;
  const runs = async () => (await readFile(join(root, 'synth-runs.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;

  beforeAll(async () => {
    root = join(scratch, 'app');
    cacheDir = join(scratch, 'app-cache');
    await writeFiles(root, { 'package.json': '{"type":"module"}\n', 'infra/app-builder.ts': fakeApp, 'workflows/flow.ts': 'version 1' });
  });

  it('synthesizes in a child on a miss, reads the cache on a hit, and again after an input changed', async () => {
    const first = await synthesizePlatform(root, { cacheDir });
    expect(first).toEqual({ Description: 'Polder: version 1', Resources: {} });
    expect(await runs()).toBe(1);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    expect(await synthesizePlatform(root, { cacheDir })).toEqual(first);
    expect(await runs()).toBe(1);

    await writeFile(join(root, 'workflows/flow.ts'), 'version 2');
    expect(await synthesizePlatform(root, { cacheDir })).toEqual({ Description: 'Polder: version 2', Resources: {} });
    expect(await runs()).toBe(2);
    expect(await readdir(cacheDir)).toHaveLength(2); // no temp files left
  });

  it('synthesizes once for callers asking at the same time', async () => {
    await writeFile(join(root, 'workflows/flow.ts'), 'version 3');
    const before = await runs();
    const templates = await Promise.all([1, 2, 3].map(() => synthesizePlatform(root, { cacheDir })));
    expect(templates.map((t) => (t as { Description: string }).Description)).toEqual(Array(3).fill('Polder: version 3'));
    expect(await runs()).toBe(before + 1);
  });

  it('treats an unreadable cache entry as a miss', async () => {
    await writeFile(join(root, 'workflows/flow.ts'), 'version 4');
    await synthesizePlatform(root, { cacheDir });
    const before = await runs();
    for (const f of await readdir(cacheDir)) await writeFile(join(cacheDir, f), '{"trunc');
    expect(await synthesizePlatform(root, { cacheDir })).toEqual({ Description: 'Polder: version 4', Resources: {} });
    expect(await runs()).toBe(before + 1);
  });

  it("fails with the child's stderr when the app throws, and caches nothing", async () => {
    const broken = join(scratch, 'broken');
    const brokenCache = join(scratch, 'broken-cache');
    await writeFiles(broken, {
      'package.json': '{"type":"module"}\n',
      'infra/app-builder.ts': "export function buildApp() { throw new Error('two buckets named Lake'); }\n",
    });
    await expect(synthesizePlatform(broken, { cacheDir: brokenCache })).rejects.toThrow(
      /synthesizing the CDK app in .*broken failed \(exit code 1\):\n[\s\S]*two buckets named Lake/,
    );
    expect(await readdir(brokenCache)).toEqual([]);
  });

  it('says so when the project has no CDK app', async () => {
    await expect(synthesizePlatform(join(scratch, 'nothing'), { cacheDir })).rejects.toThrow(/infra\/app-builder\.ts is missing/);
  });
});
