import type { Language } from '../../schemas/language';
import { type CliWords, cliWords } from '../words';

export class CliError extends Error {
  override name = 'CliError';
}

export interface CommandContext {
  args: string[];
  options: { tenant?: string; dataset?: string; contract?: string; out?: string; json?: boolean; 'as-of'?: string; where?: string; format?: string; pack?: string; to?: string; remove?: string; debug?: boolean };
  /** The language the user asked for (--lang, POLDER_LANG); unset: Dutch, or for a report the report's own. */
  language?: Language;
  workspace: string;
  projectRoot: string;
  out(text: string): void;
}

export type Command = (context: CommandContext) => Promise<number>;

/** The CLI's words in the context's language (Dutch unless asked otherwise). */
export function wordsOf(ctx: Pick<CommandContext, 'language'>, fallback: Language = 'nl'): CliWords {
  return cliWords[ctx.language ?? fallback];
}

/** A value the command cannot do without; `what` says which, in the user's language. */
export function required(ctx: Pick<CommandContext, 'language'>, value: string | undefined, what: string): string {
  if (!value) throw new CliError(wordsOf(ctx).missing(what));
  return value;
}
