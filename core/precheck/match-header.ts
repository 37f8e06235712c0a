/**
 * File headings against the contract columns. A heading is plain text from the file, never trusted: it is only
 * compared and quoted in messages; what goes on (the `header` array) is the contract's own column name or null.
 * A column's heading in the file is `column.source ?? column.name`.
 */
import type { Contract } from '../../schemas/contract';
import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';
import { fileColumns } from '../contract/preamble';
import { closeness, fold } from './did-you-mean';
import { finding, q, visible } from './text';
import { fileWords, headerWords } from './words';

export interface HeaderMatch {
  /** Per file position: the contract column name it holds, or null (extra, empty or ambiguous heading). */
  header: (string | null)[];
  findings: Finding[];
}

interface Expected {
  name: string;
  text: string;
  fold: string;
}

function expectedColumns(contract: Contract): Expected[] {
  return fileColumns(contract).map((c) => {
    const text = c.source ?? c.name;
    return { name: c.name, text, fold: fold(text) };
  });
}

/** The name a column without a heading gets: by its 1-based position, as `contract infer` names it. */
export function positionalName(index: number): string {
  return `column_${index + 1}`;
}

export function matchHeader(fields: readonly string[], contract: Contract, fileName: string, language: Language): HeaderMatch {
  const words = headerWords[language];
  const expected = expectedColumns(contract);
  const header: (string | null)[] = fields.map(() => null);
  const findings: Finding[] = [];
  const taken = new Set<string>(); // contract names matched or otherwise reported
  const used = new Set<number>(); // file positions accounted for

  // empty headings: a contract column named column_<n> (as contract infer names it) holds position n
  fields.forEach((f, i) => {
    if (fold(f) !== '') return;
    used.add(i);
    const byPosition = fileColumns(contract).find((c) => c.source === undefined && c.name === positionalName(i));
    if (byPosition) {
      header[i] = byPosition.name;
      taken.add(byPosition.name);
      return;
    }
    // a trailing delimiter leaves the last heading empty; an exported row index the first
    const where = i > 0 && i === fields.length - 1 ? 'last' : i === 0 && fields.length > 1 ? 'first' : 'middle';
    findings.push(finding({ code: 'empty_header', severity: 'warn', line: 1, ...words.emptyHeading(fileName, i + 1, positionalName(i), where) }));
  });

  // duplicate headings (compared trimmed and case-insensitively, as the query engines do)
  const groups = new Map<string, number[]>();
  fields.forEach((f, i) => {
    if (used.has(i)) return;
    groups.set(fold(f), [...(groups.get(fold(f)) ?? []), i]);
  });
  for (const [key, positions] of groups) {
    if (positions.length < 2) continue;
    positions.forEach((i) => used.add(i));
    const col = expected.find((e) => e.fold === key);
    const shown = q(fields[positions[0] as number] ?? '');
    if (col) taken.add(col.name);
    findings.push(
      finding({
        code: 'duplicate_header',
        severity: col ? 'reject_load' : 'warn',
        column: col?.name ?? visible(fields[positions[0] as number] ?? ''),
        line: 1,
        count: positions.length,
        ...(col
          ? words.duplicateExpected(fileName, shown, positions.map((i) => i + 1), q(col.text))
          : words.duplicateOther(fileName, shown, positions.map((i) => i + 1))),
      }),
    );
  }

  // exact, then trimmed/case-insensitive
  for (const exact of [true, false]) {
    fields.forEach((f, i) => {
      if (used.has(i)) return;
      const col = expected.find((e) => !taken.has(e.name) && (exact ? e.text === f : e.fold === fold(f)));
      if (!col) return;
      used.add(i);
      taken.add(col.name);
      header[i] = col.name;
      if (exact) return;
      findings.push(
        finding({
          code: 'header_differs',
          severity: 'warn',
          column: col.name,
          line: 1,
          ...words.headingDiffers(fileName, i + 1, q(f), q(col.text)),
        }),
      );
    });
  }

  // missing columns, with a did-you-mean from the headings still unused
  const missing = expected.filter((e) => !taken.has(e.name));
  const open = () => fields.map((f, i) => ({ f, i })).filter(({ i }) => !used.has(i));
  const pairs = missing
    .flatMap((e) => open().map(({ f, i }) => ({ e, f, i, d: closeness(e.text, f) })))
    .filter((p) => p.d !== undefined)
    .sort((a, b) => (a.d ?? 0) - (b.d ?? 0));
  const suggested = new Map<string, { f: string; i: number }>();
  for (const p of pairs) {
    if (suggested.has(p.e.name) || used.has(p.i)) continue;
    suggested.set(p.e.name, { f: p.f, i: p.i });
    used.add(p.i);
  }
  for (const e of missing) {
    const s = suggested.get(e.name);
    findings.push(
      finding({
        code: 'missing_column',
        severity: 'reject_load',
        column: e.name,
        line: 1,
        ...(s
          ? words.missingNear(fileName, q(e.text), s.i + 1, q(s.f))
          : words.missing(fileName, q(e.text), { owner: visible(contract.owner), id: visible(contract.id) })),
        examples: s ? [{ line: 1, value: visible(s.f) }] : [],
      }),
    );
  }

  // extra columns
  for (const { f, i } of open()) {
    findings.push(
      finding({
        code: 'extra_column',
        severity: 'warn',
        column: visible(f),
        line: 1,
        ...words.extra(fileName, i + 1, q(f), visible(contract.id)),
      }),
    );
  }
  return { header, findings };
}

/** Header-less files: position i holds contract column i. */
export function matchByPosition(first: readonly string[], contract: Contract, fileName: string, language: Language): HeaderMatch {
  const words = headerWords[language];
  const expected = expectedColumns(contract);
  const header = first.map((_, i) => expected[i]?.name ?? null);
  const findings: Finding[] = [];
  const n = first.length;
  expected.slice(n).forEach((e, k) => {
    findings.push(
      finding({
        code: 'missing_column',
        severity: 'reject_load',
        column: e.name,
        line: 1,
        ...words.missingByPosition(fileName, n, expected.length, q(e.text), n + k + 1),
      }),
    );
  });
  if (n > expected.length) {
    findings.push(
      finding({
        code: 'extra_column',
        severity: 'warn',
        line: 1,
        count: n - expected.length,
        ...words.extraByPosition(fileName, n, expected.length),
      }),
    );
  }
  // A first line that spells the contract's headings is a header the contract does not expect.
  const looksLikeHeader = first.filter((f, i) => expected[i] !== undefined && fold(f) === expected[i]?.fold).length;
  if (looksLikeHeader >= Math.max(1, Math.ceil(Math.min(n, expected.length) / 2))) {
    findings.push(
      finding({
        code: 'unexpected_header',
        severity: 'warn',
        line: 1,
        examples: [{ line: 1, value: visible(first.join(','), 120) }],
        ...fileWords[language].headerNotExpected(fileName, undefined),
      }),
    );
  }
  return { header, findings };
}
