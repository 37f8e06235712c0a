/** Wording helpers for findings: messages are read by municipal staff, so values are shown quoted and short. */
import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';

const MAX_SHOWN = 60;

/** Text from a file, safe to put in a message: quoted, control characters made visible, cut at 60 characters. */
export function q(text: string): string {
  return `"${visible(text, MAX_SHOWN)}"`;
}

/** Control characters as `\n`, `\t`, `\u0000`; long text cut with an ellipsis. */
export function visible(text: string, max = MAX_SHOWN): string {
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return shown.length <= max ? shown : `${shown.slice(0, max - 1)}…`;
}

/** 65536 → "65,536". */
export function num(n: number): string {
  return n.toLocaleString('en-US');
}

/** 65536 → "64 KiB"; other sizes in bytes. */
export function size(bytes: number): string {
  return fmt.en.size(bytes);
}

/** How to write the delimiter in YAML: tab needs an escape. */
export function delimiterYaml(d: string): string {
  return d === '\t' ? '"\\t"' : `"${d}"`;
}

/** Numbers, sizes, lists and delimiters written the way readers of one language write them. */
export interface Fmt {
  /** 65536 → "65,536" (en) or "65.536" (nl). */
  num(n: number): string;
  /** 65536 → "64 KiB"; other sizes in bytes. */
  size(bytes: number): string;
  /** [3, 5, 9] → "3, 5 and 9" / "3, 5 en 9" (numbers as they are: they are line and column numbers). */
  list(items: (string | number)[]): string;
  /** 1 → "1 row", 2 → "2 rows": the caller gives both forms. */
  plural(n: number, one: string, many: string): string;
  /** "," → '"," (comma)'. */
  delimiter(d: string): string;
}

function makeFmt(locale: string, and: string, names: Record<string, string>): Fmt {
  const number = (n: number) => n.toLocaleString(locale);
  return {
    num: number,
    size: (bytes) => (bytes % 1024 === 0 && bytes >= 1024 ? `${number(bytes / 1024)} KiB` : `${number(bytes)} bytes`),
    list: (items) => {
      const parts = items.map(String); // line and column numbers: as written, no separators
      if (parts.length <= 1) return parts.join('');
      return `${parts.slice(0, -1).join(', ')} ${and} ${parts.at(-1)}`;
    },
    plural: (n, one, many) => `${number(n)} ${n === 1 ? one : many}`,
    delimiter: (d) => names[d] ?? q(d),
  };
}

export const fmt: Record<Language, Fmt> = {
  nl: makeFmt('nl-NL', 'en', { ',': '"," (komma)', ';': '";" (puntkomma)', '\t': 'tab', '|': '"|" (verticale streep)' }),
  en: makeFmt('en-US', 'and', { ',': '"," (comma)', ';': '";" (semicolon)', '\t': 'tab', '|': '"|" (vertical bar)' }),
};

type FindingInput = Omit<Finding, 'count' | 'examples'> & Partial<Pick<Finding, 'count' | 'examples'>>;

/** A finding with defaults filled in (count 1, no examples). */
export function finding(f: FindingInput): Finding {
  return { ...f, count: f.count ?? 1, examples: f.examples ?? [] };
}

/** At most this many examples per finding. */
export const MAX_EXAMPLES = 5;
