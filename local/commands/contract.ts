import { open, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { listTenants } from '../../core/config';
import { overrideContractKey } from '../../core/keys';
import { inferContract } from '../../core/infer';
import { LocalRuntime } from '../runtime/runtime';
import { table } from '../format';
import { listOverrides } from '../runtime/contract-override';
import { CliError, type CommandContext, required } from './context';

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

const usage = 'usage: polder contract infer <file> --dataset D [--out F] | polder contract overrides [--tenant T] [--remove D]';

export async function contract(ctx: CommandContext): Promise<number> {
  const subcommands: Record<string, (ctx: CommandContext) => Promise<number>> = { infer, overrides };
  const sub = subcommands[ctx.args[0] ?? ''];
  if (!sub) throw new CliError(usage);
  return sub(ctx);
}

async function infer(ctx: CommandContext): Promise<number> {
  const path = required(ctx.args[1], 'the sample file: polder contract infer <file> --dataset D');
  const dataset = required(ctx.options.dataset, '--dataset');
  const { sample, complete } = await readSample(path);
  const { contract: draft, yaml } = inferContract({ sample, fileName: basename(path), dataset, tenant: ctx.options.tenant, complete });
  if (ctx.options.json) ctx.out(JSON.stringify(draft, null, 2));
  else if (ctx.options.out) {
    await writeFile(ctx.options.out, yaml);
    ctx.out(`Wrote a draft contract to ${ctx.options.out}: check the lines marked "check" and fill in owner and purpose.`);
  } else ctx.out(yaml);
  return 0;
}

/** Lists the contracts users put in front of the packs' (`upload --contract`), or removes one (`--remove D`). */
async function overrides(ctx: CommandContext): Promise<number> {
  const runtime = await LocalRuntime.open({ workspace: ctx.workspace, projectRoot: ctx.projectRoot });
  try {
    const { store, buckets } = runtime.ports;
    const remove = ctx.options.remove;
    if (remove) {
      const tenant = required(ctx.options.tenant, '--tenant (whose override to remove)');
      const ref = { bucket: buckets.lake, key: overrideContractKey(tenant, remove) };
      if (!(await store.exists(ref))) throw new CliError(`tenant ${tenant} has no override for dataset ${remove}`);
      await store.remove(ref);
      ctx.out(ctx.options.json ? JSON.stringify({ removed: { tenant, dataset: remove } }) : `Removed the override of ${tenant}/${remove}: the next load uses the pack's contract.`);
      return 0;
    }
    const tenants = ctx.options.tenant ? [ctx.options.tenant] : await listTenants(store, buckets.lake);
    const entries = (await Promise.all(tenants.map((t) => listOverrides(store, buckets.lake, t)))).flat();
    if (ctx.options.json) ctx.out(JSON.stringify(entries, null, 2));
    else if (entries.length === 0) ctx.out('No overrides: every dataset uses its pack contract.');
    else ctx.out(table(entries.map((e) => ({ tenant: e.tenant, dataset: e.dataset, file: e.key }))));
    return 0;
  } finally {
    await runtime.close();
  }
}
