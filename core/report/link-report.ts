import type { Language } from '../../schemas/language';
import type { LinkMethod, LinkReport } from '../link/report';
import { cell } from './html';
import { n, nl } from './words';

/** Words of the link match report (Dutch by default, English on request), for the terminal and the HTML page. */

const methodWords: Record<Language, Record<LinkMethod, string>> = {
  nl: {
    exact: 'exact',
    fuzzy: 'bij benadering (naam)',
    inside: 'binnen het vlak',
    border: 'op de grens',
    nearest: 'dichtstbijzijnde',
    ambiguous: 'meerduidig',
    unmatched: 'niet gekoppeld',
  },
  en: {
    exact: 'exact',
    fuzzy: 'fuzzy (name)',
    inside: 'inside the polygon',
    border: 'on the border',
    nearest: 'nearest',
    ambiguous: 'ambiguous',
    unmatched: 'not linked',
  },
};

const words = {
  nl: {
    title: (r: LinkReport) => `Koppeling ${r.link}: ${r.from} → ${r.to}${r.reference ? ` (${r.reference.classification} ${r.reference.year})` : ''}`,
    rate: 'koppelgraad',
    min: 'minimum',
    passed: 'voldoet',
    failed: 'te laag: de vorige koppeltabel blijft staan',
    method: 'methode',
    keys: 'sleutels',
    rows: 'rijen',
    row: 'rij',
    recon: 'Aansluiting',
    rowsIn: 'rijen in',
    rowsLinked: 'rijen gekoppeld',
    withoutKey: 'rijen zonder sleutel',
    rowsOut: 'rijen uit',
    oneToMany: 'een-op-veel (meerdere kandidaten)',
    duplicates: 'dubbele sleutels in de koppeltabel',
    fuzzy: 'Bij benadering gekoppeld (controleren)',
    unmatched: 'Niet gekoppeld, met de dichtstbijzijnde kandidaten',
    distance: 'afstand',
    none: 'geen kandidaat',
    more: (k: number) => `en nog ${nl(k)} waarden`,
    n: nl,
    percent: (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1).replace('.', ',')}%`,
  },
  en: {
    title: (r: LinkReport) => `Link ${r.link}: ${r.from} → ${r.to}${r.reference ? ` (${r.reference.classification} ${r.reference.year})` : ''}`,
    rate: 'match rate',
    min: 'minimum',
    passed: 'passes',
    failed: 'too low: the previous link table stays',
    method: 'method',
    keys: 'keys',
    rows: 'rows',
    row: 'row',
    recon: 'Reconciliation',
    rowsIn: 'rows in',
    rowsLinked: 'rows linked',
    withoutKey: 'rows without a key',
    rowsOut: 'rows out',
    oneToMany: 'one-to-many (several candidates)',
    duplicates: 'duplicate keys in the link table',
    fuzzy: 'Linked by approximation (check these)',
    unmatched: 'Not linked, with the nearest candidates',
    distance: 'distance',
    none: 'no candidate',
    more: (k: number) => `and ${n(k)} more values`,
    n,
    percent: (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`,
  },
} as const;

function candidateText(r: LinkReport['unmatched'][number], lang: Language): string {
  const w = words[lang];
  if (r.candidates.length === 0) return w.none;
  return r.candidates.map((c) => `${c.target}, ${w.distance} ${c.distance}`).join('; ');
}

export function renderLinkReportText(r: LinkReport, lang: Language = 'nl'): string {
  const w = words[lang];
  const lines = [
    w.title(r),
    `  ${w.rate} ${w.percent(r.matchRate)} (${w.min} ${w.percent(r.minMatchRate)}): ${r.passed ? w.passed : w.failed}`,
    ...r.byMethod.map((m) => `  ${methodWords[lang][m.method].padEnd(24)} ${w.n(m.keys).padStart(8)} ${w.keys}  ${w.n(m.rows).padStart(9)} ${w.rows}`),
    `  ${w.recon}: ${w.rowsIn} ${w.n(r.rowsIn)} (${w.withoutKey} ${w.n(r.rowsWithoutKey)}), ${w.rowsLinked} ${w.n(r.rowsLinked)}, ${w.rowsOut} ${w.n(r.rowsOut)}; ${w.oneToMany} ${w.n(r.oneToMany.keys)}; ${w.duplicates} ${w.n(r.duplicateKeys)}`,
  ];
  if (r.fuzzy.length) lines.push(`  ${w.fuzzy}:`, ...r.fuzzy.map((f) => `    ${f.value} → ${f.target}, ${w.distance} ${f.distance}`));
  if (r.unmatched.length) {
    lines.push(`  ${w.unmatched}:`, ...r.unmatched.map((u) => `    ${u.value} (${w.n(u.rows)} ${u.rows === 1 ? w.row : w.rows}${u.method === 'ambiguous' ? `, ${methodWords[lang].ambiguous}` : ''}) → ${candidateText(u, lang)}`));
    if (r.unmatchedNotListed) lines.push(`    … ${w.more(r.unmatchedNotListed)}`);
  }
  return lines.join('\n');
}

export function renderLinkReportHtml(r: LinkReport, lang: Language = 'nl'): string {
  const w = words[lang];
  const rows = (cells: (string | number)[][]) => cells.map((c) => `<tr>${c.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`).join('\n');
  const fuzzy = r.fuzzy.length
    ? `<h2>${cell(w.fuzzy)}</h2>\n<table><tr><th></th><th>→</th><th>${cell(w.distance)}</th><th>${cell(w.rows)}</th></tr>\n${rows(r.fuzzy.map((f) => [f.value, f.target, f.distance, w.n(f.rows)]))}</table>`
    : '';
  const unmatched = r.unmatched.length
    ? `<h2>${cell(w.unmatched)}</h2>\n<table><tr><th></th><th>${cell(w.rows)}</th><th>${cell(w.method)}</th><th>→</th></tr>\n${rows(
        r.unmatched.map((u) => [u.value, w.n(u.rows), methodWords[lang][u.method], candidateText(u, lang)]),
      )}</table>${r.unmatchedNotListed ? `<p>${cell(w.more(r.unmatchedNotListed))}</p>` : ''}`
    : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${cell(w.title(r))}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}.fail{color:#b3261e}.ok{color:#1b6e20}</style>
</head><body>
<h1>${cell(w.title(r))}</h1>
<p class="${r.passed ? 'ok' : 'fail'}">${cell(w.rate)} <strong>${cell(w.percent(r.matchRate))}</strong> (${cell(w.min)} ${cell(w.percent(r.minMatchRate))}): ${cell(r.passed ? w.passed : w.failed)}</p>
<table><tr><th>${cell(w.method)}</th><th>${cell(w.keys)}</th><th>${cell(w.rows)}</th></tr>
${rows(r.byMethod.map((m) => [methodWords[lang][m.method], w.n(m.keys), w.n(m.rows)]))}</table>
<h2>${cell(w.recon)}</h2>
<table>${rows([
    [w.rowsIn, w.n(r.rowsIn)],
    [w.withoutKey, w.n(r.rowsWithoutKey)],
    [w.rowsLinked, w.n(r.rowsLinked)],
    [w.rowsOut, w.n(r.rowsOut)],
    [w.oneToMany, w.n(r.oneToMany.keys)],
    [w.duplicates, w.n(r.duplicateKeys)],
  ])}</table>
${fuzzy}
${unmatched}
</body></html>
`;
}
