import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contractJsonSchema } from './parse';

/** Regenerate with `npx tsx core/contract/write-json-schema.ts`; test/contract-load.test.ts fails when stale. */

export const jsonSchemaPath = fileURLToPath(new URL('../../schemas/contract.schema.json', import.meta.url));

export function renderContractJsonSchema(): string {
  return `${JSON.stringify(contractJsonSchema(), null, 2)}\n`;
}

export function writeContractJsonSchema(path = jsonSchemaPath): void {
  writeFileSync(path, renderContractJsonSchema());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeContractJsonSchema();
  console.log(`wrote ${jsonSchemaPath}`);
}
