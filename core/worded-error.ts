import type { Language } from '../schemas/language';

/** A text in each language people read (Dutch by default, English on request). */
export type Texts = Readonly<Record<Language, string>>;

/** A text in both languages, English first as the code around it is written. */
export const say = (en: string, nl: string): Texts => ({ en, nl });

/**
 * An error people read, in every language: `message` is the Dutch (the default language, also what logs and a
 * failed run show); the CLI shows `texts` in --lang.
 */
export class WordedError extends Error {
  constructor(
    readonly texts: Texts,
    options?: ErrorOptions,
  ) {
    super(texts.nl, options);
  }
}

/** An error's message in a language: a WordedError's own words, any other error's message. */
export function errorText(error: unknown, language: Language): string {
  if (error instanceof WordedError) return error.texts[language];
  return error instanceof Error ? error.message : String(error);
}
