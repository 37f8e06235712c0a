/** Wording helpers for findings: messages are read by municipal staff, so values are shown quoted and short. */
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
  return bytes % 1024 === 0 && bytes >= 1024 ? `${num(bytes / 1024)} KiB` : `${num(bytes)} bytes`;
}

const delimiterNames: Record<string, string> = {
  ',': '"," (comma)',
  ';': '";" (semicolon)',
  '\t': 'tab',
  '|': '"|" (vertical bar)',
};

export function delimiterName(d: string): string {
  return delimiterNames[d] ?? q(d);
}

/** How to write the delimiter in YAML: tab needs an escape. */
export function delimiterYaml(d: string): string {
  return d === '\t' ? '"\\t"' : `"${d}"`;
}

/** [3, 5, 9] → "3, 5 and 9". */
export function list(items: (string | number)[]): string {
  const parts = items.map(String);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

type FindingInput = Omit<Finding, 'count' | 'examples'> & Partial<Pick<Finding, 'count' | 'examples'>>;

/** A finding with defaults filled in (count 1, no examples). */
export function finding(f: FindingInput): Finding {
  return { ...f, count: f.count ?? 1, examples: f.examples ?? [] };
}

/** At most this many examples per finding. */
export const MAX_EXAMPLES = 5;
