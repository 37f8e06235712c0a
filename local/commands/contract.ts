import { open, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { inferContract } from '../../core/infer';
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

export async function contract(ctx: CommandContext): Promise<number> {
  const [sub, file] = ctx.args;
  if (sub !== 'infer') throw new CliError('usage: polder contract infer <file> --dataset D [--out F]');
  const path = required(file, 'the sample file: polder contract infer <file> --dataset D');
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
