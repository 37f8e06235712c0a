/**
 * Synthesizes the project's CDK app and writes one stack's template as JSON. Run in a child process by
 * synth.ts (like the CDK CLI runs the app), so the runtime process never loads aws-cdk-lib:
 *
 *   node --import tsx local/runtime/synth-child.ts <projectRoot> <stackName> <outFile>
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface SynthApp {
  synth(): { getStackByName(name: string): { template: unknown } };
}

const [projectRoot, stackName, outFile] = process.argv.slice(2);
if (!projectRoot || !stackName || !outFile) throw new Error('usage: synth-child.ts <projectRoot> <stackName> <outFile>');

// Our own cloud assembly folder, removed afterwards (the App's default temp folder is never cleaned up).
const outdir = await mkdtemp(join(tmpdir(), 'polder-synth-'));
try {
  const { buildApp } = (await import(pathToFileURL(join(projectRoot, 'infra/app-builder.ts')).href)) as {
    buildApp: (o: { bundle: boolean; outdir: string }) => { app: SynthApp };
  };
  // Bundling skipped: the runtime needs the template, not the Lambda bundles.
  const { app } = buildApp({ bundle: false, outdir });
  await writeFile(outFile, JSON.stringify(app.synth().getStackByName(stackName).template));
} finally {
  await rm(outdir, { recursive: true, force: true });
}
