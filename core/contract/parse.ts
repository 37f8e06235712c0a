import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { type Contract, contract as contractSchema } from '../../schemas/contract';
import { issueMessage, issuePath, issueWords } from '../issues';
import type { Language } from '../../schemas/language';
import { type Texts, WordedError } from '../worded-error';
import { privacyProblems } from './privacy';
import { coordinateProblems } from './coordinates';
import { preambleProblems } from './preamble';

/** One thing wrong in a contract, `path: what is wrong, and what to do`; a plain string reads the same in both. */
export type ContractProblem = string | Texts;

/**
 * A contract that cannot be used: one line naming the file, then per problem the field and what to do, in Dutch
 * (`message`, `problems`) and English (`texts.en`, `problemsIn('en')`); the CLI shows it in --lang.
 */
export class ContractError extends WordedError {
  override name = 'ContractError';
  readonly #problems: readonly Texts[];
  constructor(
    readonly source: string,
    problems: readonly ContractProblem[],
    options?: ErrorOptions,
  ) {
    const texts = problems.map((p) => (typeof p === 'string' ? { nl: p, en: p } : p));
    const all = (language: Language) => texts.map((t) => t[language]).join('; ');
    super({ nl: `${source} klopt niet: ${all('nl')}`, en: `${source} is not a valid contract: ${all('en')}` }, options);
    this.#problems = texts;
  }

  /** The problems in Dutch, `path: message` each. */
  get problems(): string[] {
    return this.problemsIn('nl');
  }

  problemsIn(language: Language): string[] {
    return this.#problems.map((p) => p[language]);
  }

  /** The same problems, told of another file (a copy checked under another name). */
  about(source: string): ContractError {
    return new ContractError(source, this.#problems, { cause: this });
  }
}

/** YAML text → checked contract. Every problem (YAML or schema) is listed with its path and the file name. */
export function parseContract(text: string, source: string): Contract {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const message = (error instanceof YAMLParseError ? error.message : String(error)).split('\n')[0]?.replace(/:$/, '') ?? '';
    throw new ContractError(source, [{ nl: `YAML klopt niet: ${message}; let op inspringing, dubbele punten en aanhalingstekens`, en: `YAML: ${message}` }]);
  }
  const result = contractSchema.safeParse(raw, { error: issueWords('en') });
  if (!result.success) {
    const dutch = contractSchema.safeParse(raw, { error: issueWords('nl') });
    const issues = dutch.success ? [] : dutch.error.issues;
    throw new ContractError(
      source,
      result.error.issues.map((issue, i) => {
        const typo = misspelled(raw, issue);
        const nl = issues[i] ?? issue;
        const field = String(issue.path.at(-1));
        return {
          nl: `${issuePath(nl.path)}: ${withTypo(issueMessage(nl, 'nl'), typo && `, maar er staat "${typo}": schrijf ${field}`)}`,
          en: `${issuePath(issue.path)}: ${withTypo(issueMessage(issue, 'en'), typo && `, but there is "${typo}": write ${field}`)}`,
        };
      }),
    );
  }
  const problems = crossChecks(result.data);
  if (problems.length > 0) throw new ContractError(source, problems);
  return result.data;
}

/** `ontbreekt, maar er staat "tpye": schrijf type; kies een van: …` (the typo right after "missing"). */
function withTypo(message: string, typo: string | undefined): string {
  if (!typo) return message;
  const cut = message.indexOf(';');
  return cut < 0 ? message + typo : message.slice(0, cut) + typo + message.slice(cut);
}

/** For a field that is missing: a key beside it that is nearly its name (`tpye` for `type`), if any. */
function misspelled(raw: unknown, issue: z.core.$ZodIssue): string | undefined {
  const name = issue.path.at(-1);
  if (typeof name !== 'string') return undefined;
  let parent: unknown = raw;
  for (const part of issue.path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[part];
  if (parent === null || typeof parent !== 'object' || name in parent) return undefined;
  return Object.keys(parent).find((key) => key !== name && distance(key.toLowerCase(), name) <= Math.min(2, name.length - 2));
}

/** Edit distance (insert, delete, change, swap two neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      const prev = d[i - 1]!;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Checks zod cannot express per field: names that must be unique or refer to other columns. */
export function crossChecks(c: Contract): Texts[] {
  const problems: Texts[] = [];
  const names = new Set<string>();
  const sources = new Set<string>();
  c.columns.forEach((col, i) => {
    if (names.has(col.name)) {
      problems.push({
        nl: `columns[${i}].name: "${col.name}" komt twee keer voor; geef elke kolom een eigen naam`,
        en: `columns[${i}].name: "${col.name}" is used twice; give every column its own name`,
      });
    }
    names.add(col.name);
    // a preamble column has no heading in the table (its key is checked in preamble.ts)
    if (col.preamble !== undefined) return;
    const header = (col.source ?? col.name).toLowerCase();
    if (sources.has(header)) {
      const heading = col.source ?? col.name;
      problems.push(
        c.file.format === 'csv'
          ? { nl: `columns[${i}].source: kolomkop "${heading}" komt twee keer voor; elke kolom van het bestand hoort bij één contractkolom`, en: `columns[${i}].source: header "${heading}" is used twice` }
          : { nl: `columns[${i}].source: sleutel "${heading}" komt twee keer voor; elke sleutel hoort bij één contractkolom`, en: `columns[${i}].source: key "${heading}" is used twice` },
      );
    }
    sources.add(header);
  });
  problems.push(...fileProblems(c));
  problems.push(...preambleProblems(c));
  problems.push(...privacyProblems(c));
  problems.push(...coordinateProblems(c));
  if (c.load.policy === 'upsert' && c.keys.primary.length === 0) {
    problems.push({
      nl: 'load.policy: upsert vervangt rijen op hun primaire sleutel, dus keys.primary moet die kolom(men) noemen',
      en: 'load.policy: upsert replaces rows by their primary key, so keys.primary must name it',
    });
  }
  for (const key of ['primary', 'join'] as const) {
    c.keys[key].forEach((k, i) => {
      if (!names.has(k)) problems.push({ nl: `keys.${key}[${i}]: "${k}" is geen kolom van het contract; noem een kolom uit columns`, en: `keys.${key}[${i}]: "${k}" is not a column` });
    });
  }
  return problems;
}

/**
 * What the file dialect cannot be. JSON lines (`jsonl`) and GeoJSON are UTF-8 and write numbers with `.`; `header`,
 * `delimiter` and `quote` do not apply to them and are ignored.
 */
function fileProblems(c: Contract): Texts[] {
  const file = c.file;
  if (file.format === 'csv') return [];
  const kind = { geojson: 'GeoJSON', json: 'JSON', jsonl: 'JSON lines' }[file.format];
  const problems: Texts[] = [];
  if (file.encoding !== 'utf-8') {
    problems.push({
      nl: `file.encoding: ${kind}-bestanden zijn UTF-8 (JSON-tekst is UTF-8, RFC 8259), niet ${file.encoding}: sla het bestand op als UTF-8 en haal file.encoding weg`,
      en: `file.encoding: ${kind} files are UTF-8 (JSON text is UTF-8, RFC 8259), not ${file.encoding}: save the file as UTF-8 and remove file.encoding`,
    });
  }
  if (file.decimal_separator !== '.') {
    problems.push({
      nl:
        `file.decimal_separator: JSON schrijft getallen met "." (12.5), dus een ${file.format}-contract kan geen "," gebruiken; ` +
        'een getal als tekst met een komma ("12,5") wordt als tekst gelezen: geef die kolom type string, of laat de export echte getallen schrijven',
      en:
        `file.decimal_separator: JSON numbers are written with "." (12.5), so a ${file.format} contract cannot use ","; ` +
        'a number written as text with a comma ("12,5") is read as text: type that column string, or have the export write real numbers',
    });
  }
  return problems;
}

/** JSON Schema of a contract file (the input side: defaults are optional), for editors and docs. */
export function contractJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(contractSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
