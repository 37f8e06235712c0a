import { z } from 'zod';
import type { Language } from '../schemas/language';
import type { Texts } from './worded-error';

/**
 * The one way Polder words a schema's complaints (zod issues): one line per problem, `path: message`, the path in
 * the style people read in YAML and JSON (`columns[2].rules[0].values`), not zod's dotted arrays. In a language:
 * zod's own messages come from its locale (parse with `issueWords(language)`); a schema's own message in both
 * languages rides on the issue as `params.texts` (see `worded`).
 */

export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** `columns[2].rules[0].values`; `whole` when the problem is with the whole value. */
export function issuePath(path: readonly PropertyKey[], whole = '(top)'): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || whole;
}

/** A schema's own message in both languages, for `.refine(check, worded(texts))`: English is zod's message. */
export function worded(texts: Texts): { message: string; params: { texts: Texts } } {
  return { message: texts.en, params: { texts } };
}

/** An issue's message in a language: the schema's own words when it gave both, else zod's (already localised). */
export function issueMessage(issue: Issue, language: Language): string {
  const texts = issue.params?.texts as Texts | undefined;
  return texts?.[language] ?? issue.message;
}

/** One `path: message` line per issue. */
export function describeIssues(issues: readonly Issue[], whole = '(top)', language: Language = 'en'): string[] {
  return issues.map((i) => `${issuePath(i.path, whole)}: ${issueMessage(i, language)}`);
}

/** What a missing field should hold, in plain words. */
const expectedWords: Partial<Record<string, Texts>> = {
  string: { nl: 'een tekst', en: 'a text' },
  number: { nl: 'een getal', en: 'a number' },
  int: { nl: 'een geheel getal', en: 'a whole number' },
  boolean: { nl: 'true of false', en: 'true or false' },
  array: { nl: 'een lijst', en: 'a list' },
  object: { nl: 'velden met een waarde', en: 'fields with values' },
};

/**
 * zod's error map for a parse in a language (`schema.safeParse(value, { error: issueWords('nl') })`): zod's locale,
 * except a field that is not there at all, which "ontbreekt" and says what to fill in (zod would say "expected
 * string, received undefined").
 */
export function issueWords(language: Language): z.core.$ZodErrorMap {
  const locale = (language === 'nl' ? z.locales.nl() : z.locales.en()).localeError;
  return (issue) => {
    if (issue.input !== undefined) return locale(issue);
    if (issue.code === 'invalid_value') {
      const values = issue.values.map(String).join(', ');
      return language === 'nl' ? `ontbreekt; kies een van: ${values}` : `is missing; choose one of: ${values}`;
    }
    if (issue.code === 'invalid_type') {
      const kind = expectedWords[issue.expected]?.[language] ?? issue.expected;
      return language === 'nl' ? `ontbreekt; vul het in (${kind})` : `is missing; fill it in (${kind})`;
    }
    return locale(issue);
  };
}
