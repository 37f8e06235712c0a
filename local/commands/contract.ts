import { open, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { listTenants } from '../../core/config';
import { overrideContractKey } from '../../core/keys';
import { inferContract } from '../../core/infer';
import { LocalRuntime } from '../runtime/runtime';
import { table } from '../format';
import { listOverrides } from '../runtime/contract-override';
import { CliError, type CommandContext, required, wordsOf } from './context';

/** Enough rows to see types and null markers without reading a whole register. */
const SAMPLE_BYTES = 4 * 1024 * 1024;

/** The first SAMPLE_BYTES of a file, and whether that is the whole file. */
export async function readSample(path: string): Promise<{ sample: Uint8Array; complete: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return { sample: buffer.subarray(0, bytesRead), complete: bytesRead < SAMPLE_BYTES };
  } finally {
    await handle.close();
  }
}

export async function contract(ctx: CommandContext): Promise<number> {
  const subcommands: Record<string, (ctx: CommandContext) => Promise<number>> = { infer, overrides };
  const sub = subcommands[ctx.args[0] ?? ''];
  if (!sub) throw new CliError(wordsOf(ctx).contractUsage);
  return sub(ctx);
}

async function infer(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const path = required(ctx, ctx.args[1], w.arg.sample);
  const dataset = required(ctx, ctx.options.dataset, '--dataset');
  const { sample, complete } = await readSample(path);
  const { contract: draft, yaml } = inferContract({ sample, fileName: basename(path), dataset, tenant: ctx.options.tenant, complete, language: ctx.language });
  if (ctx.options.json) ctx.out(JSON.stringify(draft, null, 2));
  else if (ctx.options.out) {
    await writeFile(ctx.options.out, yaml);
    ctx.out(w.wroteDraft(ctx.options.out));
  } else ctx.out(yaml);
  return 0;
}

/** Lists the contracts users put in front of the packs' (`upload --contract`), or removes one (`--remove D`). */
async function overrides(ctx: CommandContext): Promise<number> {
  const w = wordsOf(ctx);
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const { store, buckets } = runtime.ports;
    const remove = ctx.options.remove;
    if (remove) {
      const tenant = required(ctx, ctx.options.tenant, w.arg.tenantToRemove);
      const ref = { bucket: buckets.lake, key: overrideContractKey(tenant, remove) };
      if (!(await store.exists(ref))) throw new CliError(w.noOverride(tenant, remove));
      await store.remove(ref);
      ctx.out(ctx.options.json ? JSON.stringify({ removed: { tenant, dataset: remove } }) : w.removedOverride(tenant, remove));
      return 0;
    }
    const tenants = ctx.options.tenant ? [ctx.options.tenant] : await listTenants(store, buckets.lake);
    const entries = (await Promise.all(tenants.map((t) => listOverrides(store, buckets.lake, t)))).flat();
    if (ctx.options.json) ctx.out(JSON.stringify(entries, null, 2));
    else if (entries.length === 0) ctx.out(w.noOverrides);
    else ctx.out(table(entries.map((e) => ({ tenant: e.tenant, dataset: e.dataset, [w.head.file]: e.key }))));
    return 0;
  } finally {
    await runtime.close();
  }
}
