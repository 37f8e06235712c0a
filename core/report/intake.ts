import type { Language } from '../../schemas/language';
import type { Finding, Intake } from '../../schemas/payloads';

/**
 * Findings from what ingest counted and hashed (core/intake.ts). Each stops the load and says what was wrong,
 * where, and what to do; the upload stays in raw/. Written in the load's language.
 */

type Text = Pick<Finding, 'message' | 'advice'>;

interface IntakeWords {
  limit(fileName: string, limit: NonNullable<Intake['limit']>): Text;
  damaged(fileName: string, intake: Intake): Text;
  recordsMismatch(fileName: string, counted: Intake, read: number, line: number | undefined): Text;
  emptyLoad(fileName: string): Text;
  repeat(fileName: string, sameAs: string): Text;
}

const nl = (value: number) => value.toLocaleString('nl-NL');
const en = (value: number) => value.toLocaleString('en-US');

const words: Record<Language, IntakeWords> = {
  nl: {
    limit: (f, limit) => ({
      message: `${f} is groter dan de grens van ${limit.kind === 'rows' ? `${nl(limit.max)} rijen` : `${nl(limit.max)} bytes (uitgepakt)`} per levering; het lezen is daar gestopt.`,
      advice:
        limit.kind === 'rows'
          ? 'Lever het bestand in delen aan, of vraag de eigenaar van het contract (load.max_rows) of de beheerder van de tenant (limits.max_rows) om een hogere grens.'
          : 'Lever het bestand in delen aan, of vraag de eigenaar van het contract (load.max_bytes) of de beheerder van de tenant (limits.max_bytes) om een hogere grens. Controleer ook of het .gz-bestand is wat u verwacht.',
    }),
    damaged: (f, intake) => ({
      message: `${f} is beschadigd: de gzip-gegevens breken af na ${nl(intake.inflatedBytes)} uitgepakte bytes (rij ${nl(intake.records)}).`,
      advice: 'Maak het .gz-bestand opnieuw aan (gzip -t bestand.gz test het) en lever het nog eens aan.',
    }),
    recordsMismatch: (f, counted, read, line) => ({
      message: `${f} telt ${nl(counted.records)} rijen, maar de database las er ${nl(read)}.${line !== undefined ? ` Het lezen stopte bij regel ${nl(line)}.` : ''}`,
      advice:
        line !== undefined
          ? `Kijk naar regel ${nl(line)}: vaak is die extreem lang (een waarde van vele megabytes) of staat er een aanhalingsteken verkeerd. Verbeter die regel en lever het bestand opnieuw aan.`
          : 'Controleer het bestand op extreem lange regels of verkeerde aanhalingstekens en lever het opnieuw aan.',
    }),
    emptyLoad: (f) => ({
      message: `${f} bevat geen rijen; een lege levering wordt niet geladen.`,
      advice:
        'Controleer of het juiste bestand is aangeleverd. Is een lege levering echt bedoeld (bijvoorbeeld: deze maand niets te melden), zet dan load.allow_empty: true in het contract.',
    }),
    repeat: (f, sameAs) => ({
      message: `${f} is een herhaling: precies dezelfde bytes zijn al geladen als levering ${sameAs}. Er is niets opnieuw toegevoegd.`,
      advice: 'Niets te doen als dit een herhaalde aanlevering was. Wilde u nieuwe gegevens leveren, controleer dan of u het juiste bestand heeft gekozen.',
    }),
  },
  en: {
    limit: (f, limit) => ({
      message: `${f} is larger than the limit of ${limit.kind === 'rows' ? `${en(limit.max)} rows` : `${en(limit.max)} bytes (decompressed)`} per load; reading stopped there.`,
      advice:
        limit.kind === 'rows'
          ? 'Upload the file in parts, or ask the contract owner (load.max_rows) or the tenant administrator (limits.max_rows) for a higher limit.'
          : 'Upload the file in parts, or ask the contract owner (load.max_bytes) or the tenant administrator (limits.max_bytes) for a higher limit. Also check that the .gz file is what you expect.',
    }),
    damaged: (f, intake) => ({
      message: `${f} is damaged: the gzip data breaks off after ${en(intake.inflatedBytes)} decompressed bytes (row ${en(intake.records)}).`,
      advice: 'Create the .gz file again (gzip -t file.gz tests it) and upload it again.',
    }),
    recordsMismatch: (f, counted, read, line) => ({
      message: `${f} has ${en(counted.records)} rows, but the database read ${en(read)}.${line !== undefined ? ` Reading stopped at line ${en(line)}.` : ''}`,
      advice:
        line !== undefined
          ? `Look at line ${en(line)}: it is often extremely long (a value of many megabytes) or has a misplaced quote. Correct that line and upload the file again.`
          : 'Check the file for extremely long lines or misplaced quotes and upload it again.',
    }),
    emptyLoad: (f) => ({
      message: `${f} has no rows; an empty load is not loaded.`,
      advice:
        'Check that the right file was uploaded. If an empty load is really meant (for example: nothing to report this month), set load.allow_empty: true in the contract.',
    }),
    repeat: (f, sameAs) => ({
      message: `${f} is a repeat: exactly the same bytes were already loaded as load ${sameAs}. Nothing was added again.`,
      advice: 'Nothing to do if this was a repeated delivery. If you meant to deliver new data, check that you chose the right file.',
    }),
  },
};

const stop = (code: string, text: Text, line?: number): Finding => ({
  code,
  severity: 'reject_load',
  ...(line !== undefined ? { line } : {}),
  count: 1,
  examples: [],
  ...text,
});

/** A limit of the tenant or the contract stopped the count. */
export function limitFinding(fileName: string, limit: NonNullable<Intake['limit']>, language: Language): Finding {
  return stop('load_too_large', words[language].limit(fileName, limit));
}

export function damagedFinding(fileName: string, intake: Intake, language: Language): Finding {
  return stop('gzip_damaged', words[language].damaged(fileName, intake));
}

/** The engine read another number of rows than ingest counted: it stopped early or dropped a line. */
export function recordsMismatchFinding(fileName: string, counted: Intake, read: number, line: number | undefined, language: Language): Finding {
  return stop('rows_lost', words[language].recordsMismatch(fileName, counted, read, line), line);
}

export function emptyLoadFinding(fileName: string, language: Language): Finding {
  return stop('empty_load', words[language].emptyLoad(fileName));
}

/** The code of a repeat finding: under append, the same bytes as a load the table already holds. */
export const repeatCode = 'repeat';

export function repeatFinding(fileName: string, sameAs: string, language: Language): Finding {
  return stop(repeatCode, words[language].repeat(fileName, sameAs));
}
