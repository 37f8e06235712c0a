/** The words of the reports, in Dutch (the default) and English: labels and the summary. Findings arrive written in the load's language. */
import type { Language } from '../../schemas/language';
import type { Finding } from '../../schemas/payloads';
import type { LoadReport } from '../../schemas/report';

export type { Language };


export const severityLabel: Record<Finding['severity'], string> = {
  reject_load: 'stops the load',
  reject_row: 'rows set aside',
  warn: 'warning',
};

export const statusLabel: Record<LoadReport['status'], string> = {
  accepted: 'Accepted',
  accepted_with_warnings: 'Accepted with warnings',
  rejected: 'Rejected',
};

export function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** Numbers as Dutch readers write them (1.234). */
export function nl(value: number): string {
  return value.toLocaleString('nl-NL');
}

interface Rows {
  total: number;
  accepted: number;
  rejected: number;
  warned: number;
}

/** What a rule means, said about the values in a column. */
const ruleWords: Record<Language, Record<string, string>> = {
  nl: {
    type: 'waarden van het verkeerde soort',
    not_null: 'lege waarden waar een waarde moet staan',
    range: 'waarden buiten de toegestane grenzen',
    accepted_values: 'waarden die niet in de lijst van toegestane waarden staan',
    pattern: 'waarden die niet op de afgesproken manier geschreven zijn',
    unique: 'waarden die vaker voorkomen dan één keer',
    reference: 'waarden die niet voorkomen in de gekoppelde gegevens',
    expression: 'rijen die een regel over meerdere kolommen breken',
    primary_key: 'rijen met een sleutel die vaker voorkomt',
    line_breaks: 'waarden met een regeleinde erin',
  },
  en: {
    type: 'values of the wrong kind',
    not_null: 'empty values where a value is required',
    range: 'values outside the allowed bounds',
    accepted_values: 'values not in the list of accepted values',
    pattern: 'values not written the agreed way',
    unique: 'values that occur more than once',
    reference: 'values not found in the linked data',
    expression: 'rows that break a rule across several columns',
    primary_key: 'rows whose key occurs more than once',
    line_breaks: 'values with a line break in them',
  },
};

/**
 * What every other finding is about (the pre-check, the intake, the report's own), as a title: after "Kolom x: " or
 * on its own. The code itself is shown only under the technical details. Every code a finding is made with needs a
 * title here (test/unit/core/report/finding-titles.test.ts finds them in the code).
 */
const findingWords: Record<Language, Record<string, string>> = {
  nl: {
    missing_column: 'kolom ontbreekt in het bestand',
    extra_column: 'kolom die niet in het contract staat',
    header_differs: 'kolomnaam anders geschreven dan in het contract',
    duplicate_header: 'kolomnaam die twee keer voorkomt',
    empty_header: 'kolom zonder naam',
    unexpected_header: 'eerste regel lijkt de kolomnamen te bevatten',
    header_line_missing: 'regel met de kolomnamen niet gevonden',
    header_only: 'alleen kolomnamen, geen rijen',
    ragged_rows: 'regels met te veel of te weinig velden',
    unterminated_quote: 'aanhalingsteken dat niet gesloten wordt',
    line_too_long: 'regel die te lang is',
    blank_lines: 'lege regels',
    binary_file: 'geen tekstbestand',
    compression_mismatch: 'ingepakt (gzip) anders dan afgesproken',
    delimiter_mismatch: 'ander scheidingsteken dan afgesproken',
    encoding_mismatch: 'andere tekenset dan afgesproken',
    invalid_utf8: 'tekens die geen UTF-8 zijn',
    utf16_encoding: 'bestand in UTF-16',
    empty_file: 'leeg bestand',
    gzip_unreadable: 'gzip-bestand dat niet open gaat',
    unsupported_format: 'bestandsvorm die niet gelezen wordt',
    unreadable_file: 'bestand dat niet te lezen is',
    unknown_dataset: 'onbekende gegevens',
    preamble_key_missing: 'gegeven boven de tabel ontbreekt',
    invalid_json: 'regel die geen geldige JSON is',
    not_json_object: 'regel die geen JSON-object is',
    missing_key: 'sleutel ontbreekt',
    extra_key: 'sleutel die niet in het contract staat',
    key_differs: 'sleutel anders geschreven dan in het contract',
    duplicate_key: 'sleutel die twee keer voorkomt',
    load_too_large: 'bestand groter dan toegestaan',
    gzip_damaged: 'beschadigd gzip-bestand',
    rows_lost: 'rijen die niet gelezen zijn',
    empty_load: 'bestand zonder rijen',
    repeat: 'hetzelfde bestand is al eerder geleverd',
  },
  en: {
    missing_column: 'column missing from the file',
    extra_column: 'column not in the contract',
    header_differs: 'column name written differently than in the contract',
    duplicate_header: 'column name that appears twice',
    empty_header: 'column without a name',
    unexpected_header: 'first line looks like the column names',
    header_line_missing: 'line with the column names not found',
    header_only: 'column names only, no rows',
    ragged_rows: 'lines with too many or too few fields',
    unterminated_quote: 'quote that is never closed',
    line_too_long: 'line that is too long',
    blank_lines: 'blank lines',
    binary_file: 'not a text file',
    compression_mismatch: 'compressed (gzip) differently than agreed',
    delimiter_mismatch: 'another delimiter than agreed',
    encoding_mismatch: 'another character encoding than agreed',
    invalid_utf8: 'characters that are not UTF-8',
    utf16_encoding: 'file in UTF-16',
    empty_file: 'empty file',
    gzip_unreadable: 'gzip file that does not open',
    unsupported_format: 'file format that is not read',
    unreadable_file: 'file that cannot be read',
    unknown_dataset: 'unknown dataset',
    preamble_key_missing: 'line above the table missing',
    invalid_json: 'line that is not valid JSON',
    not_json_object: 'line that is not a JSON object',
    missing_key: 'key missing',
    extra_key: 'key not in the contract',
    key_differs: 'key written differently than in the contract',
    duplicate_key: 'key that appears twice',
    load_too_large: 'file larger than allowed',
    gzip_damaged: 'damaged gzip file',
    rows_lost: 'rows that were not read',
    empty_load: 'file without rows',
    repeat: 'the same file was delivered before',
  },
};

/** A finding's title in words: its rule's, else its code's; the bare code only for a code nobody named yet. */
function titled(f: Finding, language: Language, column: string): string {
  const code = f.rule ?? f.code;
  const what = ruleWords[language][code] ?? findingWords[language][code] ?? code;
  return f.column ? `${column} ${f.column}: ${what}` : what.charAt(0).toUpperCase() + what.slice(1);
}

/** Whether a finding code (or rule) has a title in both languages. */
export function hasTitle(code: string): boolean {
  return (['nl', 'en'] as const).every((language) => ruleWords[language][code] !== undefined || findingWords[language][code] !== undefined);
}

export interface Words {
  title: string;
  status: Record<LoadReport['status'], string>;
  severity: Record<Finding['severity'], string>;
  total: string;
  accepted: string;
  setAside: string;
  warned: string;
  dataset: string;
  owner: string;
  checkedAt: string;
  findings: string;
  noFindings: string;
  chartFindings: string;
  chartPlaces: string;
  line: string;
  value: string;
  key: string;
  empty: string;
  whatToDo: string;
  technical: string;
  code: string;
  column: string;
  message: string;
  detail: string;
  preamble: string;
  /** Heading of the column that says which preamble values became a column of every row. */
  preambleColumn: string;
  n(value: number): string;
  linesRange(from: number, to: number): string;
  download(rows: number): string;
  rejectedTotals(rows: Rows): string;
  findingTitle(f: Finding): string;
  findingWhat(f: Finding): string;
}

const dutch: Words = {
  title: 'Controle van een bestand',
  status: { accepted: 'Goedgekeurd', accepted_with_warnings: 'Goedgekeurd, met punten om na te kijken', rejected: 'Afgewezen' },
  severity: { reject_load: 'houdt het bestand tegen', reject_row: 'rijen apart gezet', warn: 'let op' },
  total: 'Rijen in het bestand',
  accepted: 'Goedgekeurd',
  setAside: 'Apart gezet',
  warned: 'Met een opmerking',
  dataset: 'Gegevens',
  owner: 'Eigenaar',
  checkedAt: 'Gecontroleerd op',
  findings: 'Wat er gevonden is',
  noFindings: 'Niets gevonden: alle controles zijn goed.',
  chartFindings: 'Aantal per kolom en controle',
  chartPlaces: 'Waar in het bestand de apart gezette rijen staan',
  line: 'Regel',
  value: 'Waarde',
  key: 'Gegeven',
  empty: '(leeg)',
  whatToDo: 'Wat te doen:',
  technical: 'Technische details',
  code: 'Controle',
  column: 'Kolom',
  message: 'Melding',
  detail: 'Foutmelding van het systeem',
  preamble: 'Gegevens boven de tabel',
  preambleColumn: 'In elke rij als kolom',
  n: nl,
  linesRange: (from, to) => `regels ${nl(from)} tot en met ${nl(to)}`,
  download: (rows) => `Download de ${nl(rows)} apart gezette ${rows === 1 ? 'rij' : 'rijen'} (CSV, persoonsgegevens gemaskeerd)`,
  rejectedTotals: (rows) => {
    const rest = rows.total - rows.rejected;
    return rows.rejected > 0
      ? `Van de ${nl(rows.total)} rijen zijn er ${nl(rows.rejected)} apart gezet vanwege fouten. De andere ${nl(rest)} rijen zijn in orde, maar er is niets geladen omdat het bestand als geheel is afgewezen.`
      : `Er is niets geladen omdat het bestand als geheel is afgewezen; de ${nl(rows.total)} rijen zelf zijn niet afgekeurd.`;
  },
  findingTitle: (f) => titled(f, 'nl', 'Kolom'),
  findingWhat: (f) => {
    if (!f.rule) return f.message;
    const rows = f.count === 1 ? '1 rij' : `${nl(f.count)} rijen`;
    const where = f.line === undefined ? '' : `, de eerste op regel ${nl(f.line)}`;
    const one = f.count === 1;
    const effect = { warn: one ? 'is niet apart gezet, maar krijgt een opmerking' : 'zijn niet apart gezet, maar krijgen een opmerking', reject_row: one ? 'is apart gezet' : 'zijn apart gezet', reject_load: one ? 'houdt het bestand tegen' : 'houden het bestand tegen' }[f.severity];
    return `${rows}${where}: ${ruleWords.nl[f.rule] ?? f.rule}. ${one ? 'Deze rij' : 'Deze rijen'} ${effect}.`;
  },
};

const english: Words = {
  title: 'File check',
  status: statusLabel,
  severity: severityLabel,
  total: 'Rows in the file',
  accepted: 'Accepted',
  setAside: 'Set aside',
  warned: 'With a warning',
  dataset: 'Data',
  owner: 'Owner',
  checkedAt: 'Checked at',
  findings: 'What was found',
  noFindings: 'No findings: every check passed.',
  chartFindings: 'Count per column and check',
  chartPlaces: 'Where in the file the set-aside rows are',
  line: 'Line',
  value: 'Value',
  key: 'Item',
  empty: '(empty)',
  whatToDo: 'What to do:',
  technical: 'Technical details',
  code: 'Check',
  column: 'Column',
  message: 'Message',
  detail: 'Error from the system',
  preamble: 'Above the table',
  preambleColumn: 'In every row as column',
  n,
  linesRange: (from, to) => `lines ${n(from)} to ${n(to)}`,
  download: (rows) => `Download the ${n(rows)} set-aside ${rows === 1 ? 'row' : 'rows'} (CSV, personal data masked)`,
  rejectedTotals: (rows) =>
    rows.rejected > 0
      ? `Of the ${n(rows.total)} rows, ${n(rows.rejected)} were set aside for errors. The other ${n(rows.total - rows.rejected)} rows are fine, but nothing was loaded because the file as a whole was rejected.`
      : `Nothing was loaded because the file as a whole was rejected; the ${n(rows.total)} rows themselves were not set aside.`,
  findingTitle: (f) => titled(f, 'en', 'Column'),
  findingWhat: (f) => f.message,
};

export function wordsFor(language: Language): Words {
  return language === 'en' ? english : dutch;
}

/** The summary in words, shown at the top of both renderings; it says accepted or rejected, never "loaded" (validate loads nothing). */
export function summary(report: LoadReport, language: Language = 'en'): string {
  const { rows, fileName } = report;
  if (language === 'nl') {
    const attention = report.findings.length === 1 ? '1 punt om na te kijken' : `${nl(report.findings.length)} punten om na te kijken`;
    switch (report.status) {
      case 'rejected':
        return `${fileName} is afgewezen. ${report.reason ?? 'Zie hieronder wat er gevonden is.'}`;
      case 'accepted_with_warnings':
        return `${fileName} is goedgekeurd: ${nl(rows.accepted)} van de ${nl(rows.total)} rijen${rows.rejected > 0 ? `; ${nl(rows.rejected)} rijen zijn apart gezet` : ''}. Er ${report.findings.length === 1 ? 'is' : 'zijn'} ${attention}.`;
      case 'accepted':
        return `${fileName} is goedgekeurd: alle ${nl(rows.total)} rijen voldoen aan de afspraken.`;
    }
  }
  const attention = report.findings.length === 1 ? '1 finding needs a look' : `${n(report.findings.length)} findings need a look`;
  switch (report.status) {
    case 'rejected':
      return `${fileName} was rejected. ${report.reason ?? 'See the findings below.'}`;
    case 'accepted_with_warnings':
      return `${fileName} was accepted: ${n(rows.accepted)} of ${n(rows.total)} rows${rows.rejected > 0 ? `; ${n(rows.rejected)} rows were set aside` : ''}. ${attention}.`;
    case 'accepted':
      return `${fileName} was accepted: all ${n(rows.total)} rows passed the checks.`;
  }
}

/** Findings in reading order: what stops the load first, then set-aside rows, then warnings; larger counts first. */
export function ordered(findings: readonly Finding[]): Finding[] {
  const rank = { reject_load: 0, reject_row: 1, warn: 2 } as const;
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count);
}

/** The terminal report's own labels (core/report/text.ts); everything else it says comes from the words above. */
export interface TerminalWords {
  file: string;
  contract: string;
  rows: string;
  severity: string;
  count: string;
  load(id: string): string;
  owner(name: string): string;
  rowsLine(rows: Rows): string;
  /** When the report was written, as a Dutch clock shows it (the stored time is UTC). */
  checkedAt(iso: string): string;
}

/** `2026-12-01T17:07:56.855Z` → `2026-12-01 18:07:56`, Europe/Amsterdam. */
export function amsterdamTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

export const terminalWords: Record<Language, TerminalWords> = {
  nl: {
    file: 'Bestand',
    contract: 'Contract',
    rows: 'Rijen',
    severity: 'Gevolg',
    count: 'Aantal',
    load: (id) => `levering ${id}`,
    owner: (name) => `eigenaar ${name}`,
    rowsLine: (r) => `${nl(r.total)} in het bestand, ${nl(r.accepted)} goedgekeurd, ${nl(r.rejected)} apart gezet, ${nl(r.warned)} met een opmerking`,
    checkedAt: (iso) => `${amsterdamTime(iso)} (Nederlandse tijd)`,
  },
  en: {
    file: 'File',
    contract: 'Contract',
    rows: 'Rows',
    severity: 'Severity',
    count: 'Count',
    load: (id) => `load ${id}`,
    owner: (name) => `owner ${name}`,
    rowsLine: (r) => `${n(r.total)} total, ${n(r.accepted)} accepted, ${n(r.rejected)} set aside, ${n(r.warned)} with warnings`,
    checkedAt: (iso) => `${amsterdamTime(iso)} (Amsterdam time)`,
  },
};
