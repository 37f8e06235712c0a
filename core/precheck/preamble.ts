/**
 * The preamble columns of a contract against the lines above the table: a column whose key no line has is a
 * finding (the load is rejected unless the column may be empty).
 */
import type { Contract } from '../../schemas/contract';
import type { Language } from '../../schemas/language';
import type { Finding, PreambleValue } from '../../schemas/payloads';
import { missingPreambleColumns } from '../contract/preamble';
import { finding, q, visible } from './text';

export function missingPreambleFindings(contract: Contract, values: readonly PreambleValue[], fileName: string, language: Language): Finding[] {
  const line = contract.file.header_line;
  return missingPreambleColumns(contract, values).map((col) => {
    const key = q(col.preamble ?? '');
    const owner = visible(contract.owner);
    const text = {
      nl: {
        message: `In ${fileName} staat boven de tabel geen regel ${key}. Het contract neemt de waarde van die regel over in kolom ${col.name}, die daardoor leeg blijft.`,
        advice: col.nullable
          ? `Niets te doen als die waarde er niet meer is. Anders: zet de regel ${key} met de waarde erachter boven de tabel (vóór regel ${line}) en lever het bestand opnieuw aan.`
          : `Zet de regel ${key} met de waarde erachter boven de tabel (vóór regel ${line}) en lever het bestand opnieuw aan. Wordt die waarde niet meer geleverd, vraag dan de eigenaar van het contract (${owner}) om kolom ${col.name} te schrappen.`,
      },
      en: {
        message: `${fileName} has no line ${key} above the table. The contract takes that line's value into column ${col.name}, which stays empty.`,
        advice: col.nullable
          ? `Nothing to do if the value is no longer supplied. Otherwise put the line ${key} with its value above the table (before line ${line}) and upload the file again.`
          : `Put the line ${key} with its value above the table (before line ${line}) and upload the file again. If the value is no longer supplied, ask the contract owner (${owner}) to remove column ${col.name}.`,
      },
    }[language];
    return finding({ code: 'preamble_key_missing', severity: col.nullable ? 'warn' : 'reject_load', column: col.name, ...text });
  });
}
