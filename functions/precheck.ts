import { awsPorts } from '../adapters/aws/ports';
import { UnknownDatasetError } from '../core/config';
import { contractForLoad } from '../core/contract-for-load';
import { precheck as precheckHead } from '../core/precheck';
import { gunzipHead, HEAD_BYTES } from '../core/precheck/lines';
import { isGzipName } from '../core/query-copy';
import { loadInput, type PrecheckOutput } from '../schemas/payloads';
import { defineFunction, edge } from './lib/edge';

export const precheck = defineFunction(loadInput, async (input, ports): Promise<PrecheckOutput> => {
  let contract;
  try {
    contract = await contractForLoad(ports, input.tenant, input.dataset, input.loadId);
  } catch (error) {
    if (!(error instanceof UnknownDatasetError)) throw error;
    return {
      ...input,
      status: 'rejected',
      header: [],
      encoding: 'utf-8',
      delimiter: ',',
      bom: false,
      findings: [
        {
          code: 'unknown_dataset',
          severity: 'reject_load',
          count: 1,
          examples: [],
          message: error.message,
          advice: `Upload to a dataset that has a contract, or supply one (polder upload --contract). The file is kept at ${input.raw.key}.`,
        },
      ],
    };
  }
  const { body, size } = await ports.store.head(input.raw, HEAD_BYTES);
  const gzip = isGzipName(input.fileName);
  const head = gzip ? gunzipHead(body) : body;
  const result = precheckHead({ head, size, fileName: input.fileName, contract, gzip });
  return { ...input, ...result };
});

export const handler = edge(precheck, awsPorts);
