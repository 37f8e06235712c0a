import type { Finding, Intake } from '../../schemas/payloads';

/**
 * Findings from what ingest counted and hashed (core/intake.ts). Each stops the load and says what was wrong,
 * where, and what to do; the upload stays in raw/.
 */

const nl = (value: number) => value.toLocaleString('nl-NL');

/** A limit of the tenant or the contract stopped the count. */
export function limitFinding(fileName: string, limit: NonNullable<Intake['limit']>): Finding {
  const what = limit.kind === 'rows' ? `${nl(limit.max)} rijen` : `${nl(limit.max)} bytes (uitgepakt)`;
  return {
    code: 'load_too_large',
    severity: 'reject_load',
    count: 1,
    examples: [],
    message: `${fileName} is groter dan de grens van ${what} per levering; het lezen is daar gestopt.`,
    advice:
      limit.kind === 'rows'
        ? 'Lever het bestand in delen aan, of vraag de eigenaar van het contract (load.max_rows) of de beheerder van de tenant (limits.max_rows) om een hogere grens.'
        : 'Lever het bestand in delen aan, of vraag de eigenaar van het contract (load.max_bytes) of de beheerder van de tenant (limits.max_bytes) om een hogere grens. Controleer ook of het .gz-bestand is wat u verwacht.',
  };
}

export function damagedFinding(fileName: string, intake: Intake): Finding {
  return {
    code: 'gzip_damaged',
    severity: 'reject_load',
    count: 1,
    examples: [],
    message: `${fileName} is beschadigd: de gzip-gegevens breken af na ${nl(intake.inflatedBytes)} uitgepakte bytes (rij ${nl(intake.records)}).`,
    advice: 'Maak het .gz-bestand opnieuw aan (gzip -t bestand.gz test het) en lever het nog eens aan.',
  };
}

/** The engine read another number of rows than ingest counted: it stopped early or dropped a line. */
export function recordsMismatchFinding(fileName: string, counted: Intake, read: number, line: number | undefined): Finding {
  const where = line !== undefined ? ` Het lezen stopte bij regel ${nl(line)}.` : '';
  return {
    code: 'rows_lost',
    severity: 'reject_load',
    ...(line !== undefined ? { line } : {}),
    count: 1,
    examples: [],
    message: `${fileName} telt ${nl(counted.records)} rijen, maar de database las er ${nl(read)}.${where}`,
    advice:
      line !== undefined
        ? `Kijk naar regel ${nl(line)}: vaak is die extreem lang (een waarde van vele megabytes) of staat er een aanhalingsteken verkeerd. Corrigeer die regel en lever het bestand opnieuw aan.`
        : 'Controleer het bestand op extreem lange regels of verkeerde aanhalingstekens en lever het opnieuw aan.',
  };
}

export function emptyLoadFinding(fileName: string): Finding {
  return {
    code: 'empty_load',
    severity: 'reject_load',
    count: 1,
    examples: [],
    message: `${fileName} bevat geen rijen; een lege levering wordt niet geladen.`,
    advice:
      'Controleer of het juiste bestand is aangeleverd. Is een lege levering echt bedoeld (bijvoorbeeld: deze maand niets te melden), zet dan load.allow_empty: true in het contract.',
  };
}

export function repeatFinding(fileName: string, sameAs: string): Finding {
  return {
    code: 'repeat',
    severity: 'reject_load',
    count: 1,
    examples: [],
    message: `${fileName} is een herhaling: precies dezelfde bytes zijn al geladen als levering ${sameAs}. Er is niets opnieuw toegevoegd.`,
    advice: 'Niets te doen als dit een herhaalde aanlevering was. Wilde u nieuwe gegevens leveren, controleer dan of u het juiste bestand heeft gekozen.',
  };
}
