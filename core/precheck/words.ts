/**
 * The words of the pre-check's findings, in Dutch (the default) and English: what is wrong, where (file, regel,
 * kolom) and what to do. Dutch is written for a municipal employee; Excel menu names are those of the Dutch Excel.
 * Values from the file arrive here already quoted (`q`), so nothing here trusts them.
 */
import type { Language } from '../../schemas/language';
import { type Fmt, fmt, q } from './text';

type BinaryKind = 'zip' | 'xls' | 'pdf' | 'parquet';
type Text = { message: string; advice: string };

/** An encoding problem's place: "line 3 (column "naam")". */
interface Place {
  line: number;
  column?: string;
}

export interface FileWords {
  fmt: Fmt;
  /** "CSV" or "JSON lines", as the format is called in a sentence. */
  kind(jsonl: boolean): string;
  /** " in the first 64 KiB" when only the head was read. */
  inFirst(bytes: number | undefined): string;
  empty(fileName: string, afterGzip: boolean): Text;
  noData(fileName: string, bom: boolean): Text;
  compressedButNone(fileName: string): Text;
  plainButGzip(fileName: string): Text;
  utf16(fileName: string, jsonl: boolean): Text;
  gzipUnreadable(fileName: string): Text;
  gzipWithoutGz(fileName: string): Text;
  nulBytes(fileName: string, line: number, byte: number, jsonl: boolean): Text;
  binary(fileName: string, kind: BinaryKind, jsonl: boolean): Text;
  unsupportedFormat(fileName: string, format: string): Text;
  headerLineMissing(fileName: string, headerLine: number, where: string): Text;
  delimiterMismatch(fileName: string, found: string, expected: string, yaml: string): Text;
  notUtf8(fileName: string, at: Place, byte: string, char: string, count: number, where: string): Text;
  mixedEncodings(fileName: string, count: number, where: string, line: number): Text;
  utf8Not1252(fileName: string, bom: boolean, at: Place, char: string): Text;
  /** A first line (or line `line`, judged by its values) that looks like a header in a `header: false` file. */
  headerNotExpected(fileName: string, line: number | undefined): Text;
}

export interface LayoutWords {
  fmt: Fmt;
  /** Where an open quote is: in a named column, a numbered field, or somewhere in a value. */
  quoteWhere(column: string | undefined, field: number | undefined): string;
  quoteNeverClosed(fileName: string, quote: string, line: number, where: string, window: string | undefined): string;
  quoteRunsOn(fileName: string, quote: string, line: number, where: string, endLine: number, swallowed: number): string;
  quoteAdvice(quote: string, line: number): string;
  firstLineTooLong(fileName: string, line: number, header: boolean, window: string): Text;
  lineTooLong(fileName: string, line: number, window: string): Text;
  headerOnly(fileName: string): Text;
  blankLines(fileName: string, lines: number[], count: number, window: string | undefined): Text;
  ragged(
    fileName: string,
    count: number,
    window: string | undefined,
    header: boolean,
    expected: number,
    shown: { line: number; values: number }[],
    more: boolean,
  ): string;
  raggedAdvice(delimiter: string, more: boolean, fewer: boolean): string;
}

interface Owner {
  owner: string;
  id: string;
}

export interface HeaderWords {
  emptyHeading(fileName: string, position: number, name: string, where: 'first' | 'last' | 'middle'): Text;
  duplicateExpected(fileName: string, shown: string, positions: number[], expected: string): Text;
  duplicateOther(fileName: string, shown: string, positions: number[]): Text;
  headingDiffers(fileName: string, position: number, found: string, expected: string): Text;
  missingNear(fileName: string, expected: string, position: number, found: string): Text;
  missing(fileName: string, expected: string, contract: Owner): Text;
  extra(fileName: string, position: number, found: string, contractId: string): Text;
  missingByPosition(fileName: string, columns: number, expected: number, name: string, position: number): Text;
  extraByPosition(fileName: string, columns: number, expected: number): Text;
}

export interface JsonlWords {
  fmt: Fmt;
  notUtf8(fileName: string, line: number, byte: string, char: string, count: number, head: number | undefined): Text;
  looksLikeDocument: string;
  fixLine(line: number, example: string): string;
  firstLineTooLong(fileName: string, chars: number): Text;
  invalidJson(fileName: string, line: number, problem: string, character: number): string;
  notAnObject(fileName: string, line: number, kind: string, example: string): string;
  /** A JSON kind as `kindOf` names it (object, array, text, number, boolean, null). */
  kind(kind: string): string;
  blankLines(fileName: string, lines: number[], count: number, chars: number | undefined): Text;
  duplicateKey(fileName: string, line: number, key: string, times: number, spellings: string[] | undefined): Text;
  /** Why a missing key stops the load. */
  why(primary: boolean): string;
  /** "none of its 12 objects has it". */
  noneHave(objects: number, truncated: boolean): string;
  keyDiffers(fileName: string, found: string, line: number, expected: string): Text;
  missingKeyNear(fileName: string, expected: string, noneHave: string, found: string, line: number): Text;
  missingKey(fileName: string, expected: string, noneHave: string, why: string, contract: Owner): Text;
  extraKeyNear(fileName: string, found: string, line: number, expected: string, column: string): Text;
  extraKeys(fileName: string, keys: string[], count: number, contractId: string): Text;
}

/** What the load function says when no pre-check of the head could run. */
export interface LoadWords {
  unreadable(fileName: string, geojson: boolean, problem: string, line: number): Text;
  noRows(fileName: string, geojson: boolean): Text;
  unknownDataset(rawKey: string): string;
}

// Dutch Excel's names for the CSV file types in Bestand > Opslaan als.
const CSV_UTF8_NL = "'CSV UTF-8 (door komma's gescheiden) (*.csv)'";
const CSV_1252_NL = "'CSV (gescheiden door lijstscheidingsteken) (*.csv)'";
const CSV_UTF8_EN = '"CSV UTF-8 (comma delimited) (*.csv)"';

const nlFmt = fmt.nl;
const enFmt = fmt.en;

const nlAgain = 'lever het bestand opnieuw aan';

export const fileWords: Record<Language, FileWords> = {
  nl: {
    fmt: nlFmt,
    kind: (jsonl) => (jsonl ? 'JSON lines' : 'CSV'),
    inFirst: (bytes) => (bytes === undefined ? '' : ` in de eerste ${nlFmt.size(bytes)}`),
    empty: (f, afterGzip) => ({
      message: afterGzip ? `${f} is leeg na het uitpakken.` : `${f} is leeg (0 bytes).`,
      advice: `Controleer of u de juiste gegevens heeft geëxporteerd en ${nlAgain}.`,
    }),
    noData: (f, bom) => ({
      message: `${f} bevat geen gegevens, alleen ${bom ? 'een BOM-teken (byte order mark) en ' : ''}lege regels of spaties.`,
      advice: `Controleer of u de juiste gegevens heeft geëxporteerd en ${nlAgain}.`,
    }),
    compressedButNone: (f) => ({
      message: `${f} is ingepakt (.gz), maar volgens het contract worden de bestanden niet ingepakt aangeleverd (file.compression: none).`,
      advice: 'U hoeft nu niets te doen: het bestand is toch gelezen. Zet file.compression: auto in het contract, of lever de bestanden niet ingepakt aan.',
    }),
    plainButGzip: (f) => ({
      message: `${f} is niet ingepakt, maar het contract verwacht een gzip-bestand (file.compression: gzip).`,
      advice:
        'U hoeft nu niets te doen: het bestand is toch gelezen. Zet file.compression: auto in het contract, of pak de bestanden in met gzip en laat de naam eindigen op .gz.',
    }),
    utf16: (f, jsonl) => ({
      message: `${f} is opgeslagen als UTF-16 ('Unicode-tekst'); zo kan het niet worden gelezen.`,
      advice: jsonl
        ? `Exporteer het opnieuw als UTF-8 (JSON is altijd UTF-8) en ${nlAgain}.`
        : `Sla het opnieuw op als UTF-8: kies in Excel Bestand > Opslaan als, met als bestandstype ${CSV_UTF8_NL} (niet 'Unicode-tekst'), en ${nlAgain}.`,
    }),
    gzipUnreadable: (f) => ({
      message: `${f} kan niet worden uitgepakt: de gzip-gegevens zijn beschadigd of onvolledig.`,
      advice: `Pak het bestand opnieuw in (of gebruik het niet ingepakte bestand) en ${nlAgain}.`,
    }),
    gzipWithoutGz: (f) => ({
      message: `${f} is ingepakt met gzip, maar de naam eindigt niet op .gz.`,
      advice: `Geef het bestand de naam ${q(`${f}.gz`)} en ${nlAgain}, of lever het niet ingepakt aan.`,
    }),
    nulBytes: (f, line, byte, jsonl) => ({
      message: `${f} is geen tekstbestand: er staan NUL-bytes in (de eerste op regel ${line}, byte ${nlFmt.num(byte)}).`,
      advice: jsonl
        ? 'Controleer of u het juiste bestand heeft gekozen: een JSON lines-bestand is tekst, met één JSON-object per regel.'
        : `Controleer of u het juiste bestand heeft gekozen, en sla het in het programma waarmee het gemaakt is op als ${CSV_UTF8_NL}.`,
    }),
    binary: (f, kind, jsonl) => {
      const what = {
        zip: 'een Excel-werkmap (.xlsx) of een ander ZIP-bestand',
        xls: 'een oude Excel-werkmap (.xls)',
        pdf: 'een PDF-document',
        parquet: 'een Parquet-bestand',
      }[kind];
      const excel = `Open het in Excel en kies Bestand > Opslaan als, met als bestandstype ${CSV_UTF8_NL}. Lever daarna het .csv-bestand aan.`;
      const advice = {
        zip: excel,
        xls: excel,
        pdf: 'Lever de gegevens zelf aan als CSV-bestand; vraag wie de PDF gemaakt heeft om een CSV-export.',
        parquet: 'Exporteer de gegevens als CSV-bestand en lever dat aan.',
      }[kind];
      return {
        message: `${f} is ${what}, geen ${jsonl ? 'JSON lines' : 'CSV'}-tekstbestand.`,
        advice: jsonl ? 'Exporteer de gegevens als JSON lines (één JSON-object per regel, UTF-8) en lever dat bestand aan.' : advice,
      };
    },
    unsupportedFormat: (f, format) => ({
      message: `${f} kan niet worden gelezen: volgens het contract is het bestandsformaat ${format} (file.format), en dat leest Polder niet.`,
      advice: 'Zet het bestand om naar JSON lines of CSV en pas file.format in het contract aan (zie de uitleg over contracten).',
    }),
    headerLineMissing: (f, n, where) => ({
      message: `${f} heeft minder dan ${n} regels${where}, maar volgens het contract begint de tabel op regel ${n} (file.header_line).`,
      advice: 'Controleer of u het juiste bestand heeft gekozen, of zet file.header_line op de regel waarop de kolomnamen staan.',
    }),
    delimiterMismatch: (f, found, expected, yaml) => ({
      message: `${f} heeft ${found} tussen de kolommen, maar het contract verwacht ${expected}.`,
      advice: `Sla het bestand op met ${expected} tussen de kolommen, of zet file.delimiter: ${yaml} in het contract.`,
    }),
    notUtf8: (f, at, byte, char, count, where) => ({
      message: `${f} is niet opgeslagen als UTF-8: regel ${at.line}${at.column ? ` (kolom ${q(at.column)})` : ''} bevat de byte ${byte}, in Windows-1252 het teken ${q(
        char,
      )}. In totaal ${count === 1 ? "1 zo'n byte" : `${nlFmt.num(count)} zulke bytes`}${where}.`,
      advice: `Sla het bestand op als UTF-8 (in Excel: Bestand > Opslaan als, ${CSV_UTF8_NL}), of zet file.encoding: windows-1252 in het contract.`,
    }),
    mixedEncodings: (f, count, where, line) => ({
      message: `${f} begint met het kenmerk van UTF-8 (een byte order mark), maar ${nlFmt.plural(count, 'byte', 'bytes')}${where} ${
        count === 1 ? 'is' : 'zijn'
      } geen geldige UTF-8 (de eerste op regel ${line}).`,
      advice: `In het bestand zijn twee tekensets door elkaar gebruikt, misschien doordat stukken aan elkaar zijn geplakt. Sla het opnieuw op als ${CSV_UTF8_NL} en controleer de letters met accenten.`,
    }),
    utf8Not1252: (f, bom, at, char) => ({
      message: `${f} is opgeslagen als UTF-8${bom ? ' (het begint met een byte order mark)' : ''}, maar volgens het contract is het Windows-1252: regel ${at.line}${
        at.column ? ` (kolom ${q(at.column)})` : ''
      } bevat ${q(char)} in UTF-8.`,
      advice: `Zet file.encoding: utf-8 in het contract (aangeraden), of sla het bestand op als Windows-1252 (in Excel: ${CSV_1252_NL}).`,
    }),
    headerNotExpected: (f, line) => ({
      message: `${line === undefined ? 'De eerste regel' : `Regel ${line}`} van ${f} lijkt een kopregel met kolomnamen${
        line === undefined ? '' : ' (de waarden lijken niet op de rijen eronder)'
      }, maar volgens het contract heeft het bestand geen kopregel (file.header: false). Die regel wordt dus als gegevens gelezen.`,
      advice: 'Haal de kopregel weg, of zet file.header: true in het contract.',
    }),
  },
  en: {
    fmt: enFmt,
    kind: (jsonl) => (jsonl ? 'JSON lines' : 'CSV'),
    inFirst: (bytes) => (bytes === undefined ? '' : ` in the first ${enFmt.size(bytes)}`),
    empty: (f, afterGzip) => ({
      message: afterGzip ? `${f} is empty after decompression.` : `${f} is empty (0 bytes).`,
      advice: 'Check that you exported the right data and upload the file again.',
    }),
    noData: (f, bom) => ({
      message: `${f} contains no data, only ${bom ? 'a byte order mark and ' : ''}empty lines or spaces.`,
      advice: 'Check that you exported the right data and upload the file again.',
    }),
    compressedButNone: (f) => ({
      message: `${f} is compressed (.gz), but the contract says files are not compressed (file.compression: none).`,
      advice: 'Nothing to do now: the file was read anyway. Set file.compression: auto in the contract, or upload files uncompressed.',
    }),
    plainButGzip: (f) => ({
      message: `${f} is not compressed, but the contract expects a gzip file (file.compression: gzip).`,
      advice: 'Nothing to do now: the file was read anyway. Set file.compression: auto in the contract, or compress files and name them *.gz.',
    }),
    utf16: (f, jsonl) => ({
      message: `${f} is saved as UTF-16 ("Unicode text"), which cannot be loaded.`,
      advice: jsonl
        ? 'Export it again as UTF-8 (JSON is always UTF-8) and upload it again.'
        : `Save it again as UTF-8: in Excel choose Save As, ${CSV_UTF8_EN} (not "Unicode Text").`,
    }),
    gzipUnreadable: (f) => ({
      message: `${f} could not be decompressed: the gzip data is damaged or incomplete.`,
      advice: 'Compress the file again (or upload it uncompressed) and upload it again.',
    }),
    gzipWithoutGz: (f) => ({
      message: `${f} is compressed with gzip, but its name does not end in .gz.`,
      advice: `Rename the file to ${q(`${f}.gz`)} and upload it again, or upload it uncompressed.`,
    }),
    nulBytes: (f, line, byte, jsonl) => ({
      message: `${f} is not a text file: it contains NUL bytes (the first on line ${line}, byte ${enFmt.num(byte)}).`,
      advice: jsonl
        ? 'Check that you uploaded the right file: a JSON lines file is text, one JSON object per line.'
        : 'Check that you uploaded the right file, and save it from the program that made it as "CSV UTF-8 (comma delimited)".',
    }),
    binary: (f, kind, jsonl) => {
      const what = {
        zip: 'an Excel workbook (.xlsx) or another ZIP file',
        xls: 'an old-style Excel workbook (.xls)',
        pdf: 'a PDF document',
        parquet: 'a Parquet file',
      }[kind];
      const excel = `Open it in Excel and choose Save As, ${CSV_UTF8_EN}, then upload the .csv file.`;
      const advice = {
        zip: excel,
        xls: excel,
        pdf: 'Upload the data itself as a CSV file; ask whoever made the PDF for a CSV export.',
        parquet: 'Export the data as a CSV file and upload that.',
      }[kind];
      return {
        message: `${f} is ${what}, not a ${jsonl ? 'JSON lines' : 'CSV'} text file.`,
        advice: jsonl ? 'Export the data as JSON lines (one JSON object per line, UTF-8) and upload that file.' : advice,
      };
    },
    unsupportedFormat: (f, format) => ({
      message: `${f} cannot be read: the contract says file.format: ${format}, which Polder does not read.`,
      advice: 'Convert the file to JSON lines or CSV and change file.format in the contract (see the contract documentation).',
    }),
    headerLineMissing: (f, n, where) => ({
      message: `${f} has fewer than ${n} lines${where}, but the contract says the table starts on line ${n} (file.header_line).`,
      advice: 'Check that you uploaded the right file, or set file.header_line to the line the column names are on.',
    }),
    delimiterMismatch: (f, found, expected, yaml) => ({
      message: `${f} uses ${found} between columns, but the contract expects ${expected}.`,
      advice: `Save the file with ${expected} between columns, or set file.delimiter: ${yaml} in the contract.`,
    }),
    notUtf8: (f, at, byte, char, count, where) => ({
      message: `${f} is not saved as UTF-8: line ${at.line}${at.column ? ` (column ${q(at.column)})` : ''} has the byte ${byte}, which is ${q(
        char,
      )} in Windows-1252. ${enFmt.plural(count, 'such byte', 'such bytes')}${where}.`,
      advice: 'Save the file as UTF-8 (in Excel: Save As, "CSV UTF-8 (comma delimited)"), or set file.encoding: windows-1252 in the contract.',
    }),
    mixedEncodings: (f, count, where, line) => ({
      message: `${f} starts with a UTF-8 byte order mark, but ${enFmt.plural(count, 'byte', 'bytes')}${where} are not valid UTF-8 (first on line ${line}).`,
      advice: 'The file mixes two encodings, perhaps pasted together. Save it again as "CSV UTF-8 (comma delimited)" and check the accented letters.',
    }),
    utf8Not1252: (f, bom, at, char) => ({
      message: `${f} is saved as UTF-8${bom ? ' (it starts with a byte order mark)' : ''}, but the contract says Windows-1252: line ${at.line}${
        at.column ? ` (column ${q(at.column)})` : ''
      } has ${q(char)} written as UTF-8.`,
      advice: 'Set file.encoding: utf-8 in the contract (recommended), or save the file as Windows-1252 (in Excel: "CSV (comma delimited)").',
    }),
    headerNotExpected: (f, line) => ({
      message:
        line === undefined
          ? `The first line of ${f} looks like a header, but the contract says the file has none (file.header: false), so it will be read as data.`
          : `Line ${line} of ${f} looks like a header (its values do not look like the rows below it), but the contract says the file has none (file.header: false), so it will be read as data.`,
      advice: 'Remove the header line, or set file.header: true in the contract.',
    }),
  },
};

export const layoutWords: Record<Language, LayoutWords> = {
  nl: {
    fmt: nlFmt,
    quoteWhere: (column, field) => (column ? `in kolom ${q(column)}` : field !== undefined ? `in veld ${field}` : 'in een waarde'),
    quoteNeverClosed: (f, quote, line, where, window) =>
      `Het aanhalingsteken (${quote}) dat een waarde opent op regel ${line} van ${f} (${where}) wordt nooit gesloten${
        window ? ` in de eerste ${window} tekens` : ''
      }, waardoor de rest van het bestand als één waarde gelezen zou worden.`,
    quoteRunsOn: (f, quote, line, where, endLine, swallowed) =>
      `Het aanhalingsteken (${quote}) dat een waarde opent op regel ${line} van ${f} (${where}) wordt op die regel niet gesloten: de waarde loopt door tot regel ${endLine} en neemt ${nlFmt.plural(
        swallowed,
        'regel',
        'regels',
      )} mee die op rijen lijken.`,
    quoteAdvice: (quote, line) =>
      `Haal het losse ${quote} op regel ${line} weg of zet het sluitende ${quote} erbij. Een ${quote} in een waarde tussen aanhalingstekens schrijft u dubbel (${quote}${quote}).`,
    firstLineTooLong: (f, line, header, window) => ({
      message: `Regel ${line} (de ${header ? 'kopregel' : 'eerste regel'}) van ${f} is langer dan ${window} tekens, dus de kolommen kunnen niet worden gecontroleerd.`,
      advice: `Controleer of het bestand een CSV-bestand is met één rij per regel. Eindigen de regels op een ongebruikelijke manier, sla het dan in Excel opnieuw op als ${CSV_UTF8_NL}.`,
    }),
    lineTooLong: (f, line, window) => ({
      message: `Regel ${line} van ${f} is langer dan ${window} tekens, dus er konden vóór het laden geen rijen worden gecontroleerd.`,
      advice: 'U hoeft niets te doen als het bestand echt zulke lange waarden heeft (zoals kaartgeometrieën). Controleer anders of elke rij op een eigen regel staat.',
    }),
    headerOnly: (f) => ({
      message: `${f} heeft een kopregel, maar geen rijen met gegevens.`,
      advice: 'Exporteer het bestand opnieuw, met de rijen. Een leeg bestand laden zou de huidige gegevens door niets vervangen.',
    }),
    blankLines: (f, lines, count, window) => ({
      message: `${f} heeft ${nlFmt.plural(count, 'lege regel', 'lege regels')}${window ? ` (in de eerste ${window} tekens)` : ''}: regel ${nlFmt.list(lines)}${
        count > lines.length ? ' en meer' : ''
      }.`,
      advice: 'Lege regels worden gelezen als rijen zonder waarden. Haal ze uit het bestand.',
    }),
    ragged: (f, count, window, header, expected, shown, more) =>
      `${nlFmt.plural(count, 'rij', 'rijen')} in ${f}${window ? ` (in de eerste ${window} tekens)` : ''} ${count === 1 ? 'heeft' : 'hebben'} een ander aantal waarden dan de ${
        header ? 'kopregel' : 'eerste regel'
      } (${expected}): ${shown.map((r) => `regel ${r.line} heeft er ${r.values}`).join(', ')}${more ? ', …' : ''}.`,
    raggedAdvice: (delimiter, more, fewer) =>
      [
        more
          ? `Waarschijnlijk staat er in een waarde ${delimiter === '\t' ? 'een tab' : `een "${delimiter}"`} zonder aanhalingstekens eromheen: zet zulke waarden tussen aanhalingstekens (Excel doet dat vanzelf bij opslaan als CSV).`
          : '',
        fewer ? 'In rijen met minder waarden ontbreekt een kolom, of de rij is afgebroken.' : '',
        `Verbeter deze rijen en ${nlAgain}.`,
      ]
        .filter(Boolean)
        .join(' '),
  },
  en: {
    fmt: enFmt,
    quoteWhere: (column, field) => (column ? `in column ${q(column)}` : field !== undefined ? `in field ${field}` : 'in a value'),
    quoteNeverClosed: (f, quote, line, where, window) =>
      `The quote (${quote}) that opens a value on line ${line} of ${f} (${where}) is never closed${
        window ? ` within the first ${window} characters` : ''
      }, so the rest of the file would be read as one value.`,
    quoteRunsOn: (f, quote, line, where, endLine, swallowed) =>
      `The quote (${quote}) that opens a value on line ${line} of ${f} (${where}) is not closed on that line: the value runs on to line ${endLine} and takes in ${enFmt.plural(
        swallowed,
        'line',
        'lines',
      )} that look like rows.`,
    quoteAdvice: (quote, line) => `Remove the stray ${quote} on line ${line} or add the closing one. A ${quote} inside a quoted value is written twice (${quote}${quote}).`,
    firstLineTooLong: (f, line, header, window) => ({
      message: `Line ${line} (the ${header ? 'header' : 'first line'}) of ${f} is longer than ${window} characters, so the columns cannot be checked.`,
      advice: 'Check that the file is a CSV file with one row per line. If the lines end in an unusual way, save it again from Excel as "CSV UTF-8 (comma delimited)".',
    }),
    lineTooLong: (f, line, window) => ({
      message: `Line ${line} of ${f} is longer than ${window} characters, so no rows could be checked before loading.`,
      advice: 'Nothing to do if the file really has very long values (such as map geometries). Otherwise check that each row is on its own line.',
    }),
    headerOnly: (f) => ({
      message: `${f} has a header but no data rows.`,
      advice: 'Export the file again with its rows. Loading an empty file would replace the current data with nothing.',
    }),
    blankLines: (f, lines, count, window) => ({
      message: `${enFmt.plural(count, 'empty line', 'empty lines')} in ${f}${window ? ` (first ${window} characters)` : ''}: line ${enFmt.list(lines)}${
        count > lines.length ? ' and more' : ''
      }.`,
      advice: 'Empty lines are read as rows without values. Remove them from the file.',
    }),
    ragged: (f, count, window, header, expected, shown, more) =>
      `${enFmt.plural(count, 'row', 'rows')} in ${f}${window ? ` (first ${window} characters)` : ''} ${count === 1 ? 'has' : 'have'} a different number of values than the ${
        header ? 'header' : 'first line'
      } (${expected}): ${shown.map((r) => `line ${r.line} has ${r.values}`).join(', ')}${more ? ', …' : ''}.`,
    raggedAdvice: (delimiter, more, fewer) =>
      [
        more
          ? `A value probably contains ${delimiter === '\t' ? 'a tab' : `"${delimiter}"`} without quotes around it: put quotes around such values (Excel does this when it saves as CSV).`
          : '',
        fewer ? 'Rows with fewer values are missing a column or were cut off.' : '',
        'Correct these rows and upload the file again.',
      ]
        .filter(Boolean)
        .join(' '),
  },
};

export const headerWords: Record<Language, HeaderWords> = {
  nl: {
    emptyHeading: (f, i, name, where) => ({
      message: `Kolom ${i} van ${f} heeft geen kolomnaam; de waarden erin worden genegeerd.`,
      advice: `U hoeft niets te doen als de kolom niet nodig is. Staan er wel gegevens in, geef de kolom dan de naam die het contract gebruikt, of noem hem ${name} in het contract (zonder source).${
        where === 'last'
          ? ' Een lege laatste kolom betekent meestal dat elke regel eindigt op een extra scheidingsteken.'
          : where === 'first'
            ? ' Een eerste kolom zonder naam is meestal een volgnummer (index) dat het exportprogramma heeft meegeschreven.'
            : ''
      }`,
    }),
    duplicateExpected: (f, shown, positions, expected) => ({
      message: `De kolomnaam ${shown} komt ${positions.length} keer voor in ${f} (kolom ${nlFmt.list(positions)}), dus het is niet duidelijk welke kolom ${expected} bevat.`,
      advice: `Houd één kolom met de naam ${expected} over: haal de andere weg of geef ze een andere naam, en ${nlAgain}.`,
    }),
    duplicateOther: (f, shown, positions) => ({
      message: `De kolomnaam ${shown} komt ${positions.length} keer voor in ${f} (kolom ${nlFmt.list(positions)}). Deze naam staat niet in het contract, dus deze kolommen worden genegeerd.`,
      advice: 'U hoeft niets te doen als deze kolommen niet nodig zijn; geef anders elke kolom een eigen naam.',
    }),
    headingDiffers: (f, i, found, expected) => ({
      message: `Kolom ${i} van ${f} heet ${found}; het contract verwacht ${expected}. De kolom is toch herkend.`,
      advice: `U hoeft nu niets te doen. Gebruik de volgende keer precies de kolomnaam ${expected} (dezelfde hoofdletters, geen spaties ervoor of erna).`,
    }),
    missingNear: (f, expected, i, found) => ({
      message: `De kolom ${expected} ontbreekt in ${f}. Kolom ${i} heet ${found}: bedoelde u ${expected}?`,
      advice: `Verander de naam van kolom ${i} van ${found} in ${expected} en ${nlAgain}.`,
    }),
    missing: (f, expected, c) => ({
      message: `De kolom ${expected} ontbreekt in ${f}.`,
      advice: `Voeg een kolom toe met de naam ${expected} en ${nlAgain}. Wordt deze kolom niet meer geleverd, vraag dan de eigenaar van het contract (${c.owner}) om het contract "${c.id}" aan te passen.`,
    }),
    extra: (f, i, found, id) => ({
      message: `Kolom ${i} van ${f}, met de naam ${found}, staat niet in het contract; de waarden erin worden genegeerd.`,
      advice: `U hoeft niets te doen als deze kolom niet nodig is. Wilt u hem laden, voeg hem dan toe aan het contract "${id}".`,
    }),
    missingByPosition: (f, n, expected, name, position) => ({
      message: `${f} heeft ${nlFmt.plural(n, 'kolom', 'kolommen')}, maar het contract verwacht er ${expected}, dus ${name} (kolom ${position}) ontbreekt.`,
      advice: `Dit bestand heeft geen kopregel, dus de kolommen worden herkend aan hun volgorde. Zet de kolommen in de volgorde van het contract en ${nlAgain}.`,
    }),
    extraByPosition: (f, n, expected) => ({
      message: `${f} heeft ${n} kolommen, maar het contract beschrijft er ${expected}; ${
        n === expected + 1 ? `kolom ${n} wordt` : `kolom ${expected + 1} tot en met ${n} worden`
      } genegeerd.`,
      advice: 'U hoeft niets te doen als deze kolommen niet nodig zijn. Wilt u ze laden, voeg ze dan toe aan het contract.',
    }),
  },
  en: {
    emptyHeading: (f, i, name, where) => ({
      message: `Column ${i} of ${f} has no heading; its values are ignored.`,
      advice: `Nothing to do if the column is not needed. If it holds data, give it the heading the contract uses, or name it ${name} in the contract (without source).${
        where === 'last'
          ? ' An empty last column usually means every line ends with an extra delimiter.'
          : where === 'first'
            ? ' A first column without a heading is usually a row number (an index) that the exporting program wrote along.'
            : ''
      }`,
    }),
    duplicateExpected: (f, shown, positions, expected) => ({
      message: `The heading ${shown} appears ${positions.length} times in ${f} (columns ${enFmt.list(positions)}), so it is not clear which one holds ${expected}.`,
      advice: `Keep one column headed ${expected}: remove or rename the others, then upload the file again.`,
    }),
    duplicateOther: (f, shown, positions) => ({
      message: `The heading ${shown} appears ${positions.length} times in ${f} (columns ${enFmt.list(positions)}). It is not in the contract, so these columns are ignored.`,
      advice: 'Nothing to do if these columns are not needed; otherwise give each column its own heading.',
    }),
    headingDiffers: (f, i, found, expected) => ({
      message: `Column ${i} of ${f} is headed ${found}; the contract expects ${expected}. It was matched anyway.`,
      advice: `Nothing to do now. Next time use the heading ${expected} exactly (same capitals, no spaces around it).`,
    }),
    missingNear: (f, expected, i, found) => ({
      message: `The column ${expected} is missing from ${f}. Column ${i} is headed ${found}: did you mean ${expected}?`,
      advice: `Change the heading of column ${i} from ${found} to ${expected} and upload the file again.`,
    }),
    missing: (f, expected, c) => ({
      message: `The column ${expected} is missing from ${f}.`,
      advice: `Add a column headed ${expected} and upload the file again. If this column is no longer supplied, ask the contract owner (${c.owner}) to change the contract "${c.id}".`,
    }),
    extra: (f, i, found, id) => ({
      message: `Column ${i} of ${f}, headed ${found}, is not in the contract; its values are ignored.`,
      advice: `Nothing to do if this column is not needed. To load it, add it to the contract "${id}".`,
    }),
    missingByPosition: (f, n, expected, name, position) => ({
      message: `${f} has ${enFmt.plural(n, 'column', 'columns')} but the contract expects ${expected}, so ${name} (column ${position}) is missing.`,
      advice: 'This file has no header line, so columns are matched by position. Put the columns in the order of the contract and upload the file again.',
    }),
    extraByPosition: (f, n, expected) => ({
      message: `${f} has ${n} columns but the contract describes ${expected}; ${n === expected + 1 ? `column ${n} is` : `columns ${expected + 1} to ${n} are`} ignored.`,
      advice: 'Nothing to do if these columns are not needed. To load them, add them to the contract.',
    }),
  },
};

export const jsonlWords: Record<Language, JsonlWords> = {
  nl: {
    fmt: nlFmt,
    notUtf8: (f, line, byte, char, count, head) => ({
      message: `${f} is niet opgeslagen als UTF-8: regel ${line} bevat de byte ${byte}, in Windows-1252 het teken ${q(char)}. In totaal ${
        count === 1 ? "1 zo'n byte" : `${nlFmt.num(count)} zulke bytes`
      }${head === undefined ? '' : ` in de eerste ${nlFmt.num(head)} bytes`}. Een JSON lines-bestand is altijd UTF-8.`,
      advice: `Exporteer het bestand opnieuw als UTF-8 (JSON is altijd UTF-8; een programma dat JSON schrijft, doet dat tenzij anders ingesteld) en ${nlAgain}.`,
    }),
    looksLikeDocument:
      'Het bestand lijkt één JSON-document (een lijst, of JSON verdeeld over meerdere regels), geen JSON lines. Zet het om naar één object per regel, ' +
      "bijvoorbeeld met `jq -c '.[]' in.json > uit.jsonl` voor een lijst van objecten, en lever het .jsonl-bestand aan.",
    fixLine: (n, example) =>
      `Verbeter regel ${n} zodat er één volledig JSON-object op staat, zoals ${example}, en ${nlAgain}. Meestal ontbreekt er een komma, aanhalingsteken of haakje; tekst staat tussen dubbele aanhalingstekens.`,
    firstLineTooLong: (f, chars) => ({
      message: `Regel 1 van ${f} is langer dan ${nlFmt.num(chars)} tekens, dus er konden vóór het laden geen rijen worden gecontroleerd.`,
      advice: 'U hoeft niets te doen als de objecten echt zo groot zijn. Controleer anders of elk object op een eigen regel staat.',
    }),
    invalidJson: (f, n, problem, character) => `Regel ${n} van ${f} is geen geldige JSON: ${problem} (teken ${nlFmt.num(character)}).`,
    notAnObject: (f, n, kind, example) =>
      `Regel ${n} van ${f} is ${kind}, geen object: elke regel van een JSON lines-bestand is één object, zoals ${example}.`,
    kind: (kind) =>
      ({ object: 'een object', array: 'een lijst (array)', text: 'een tekst', number: 'een getal', boolean: 'een waarheidswaarde (true of false)', null: 'null' })[kind] ?? kind,
    blankLines: (f, lines, count, chars) => ({
      message: `${f} heeft ${nlFmt.plural(count, 'lege regel', 'lege regels')}${chars === undefined ? '' : ` (in de eerste ${nlFmt.num(chars)} tekens)`}: regel ${nlFmt.list(
        lines,
      )}${count > lines.length ? ' en meer' : ''}. In JSON lines is elke regel één object.`,
      advice: `Haal de lege regels weg (ook die aan het eind van het bestand) en ${nlAgain}: een lege regel zou gelezen worden als een rij zonder waarden.`,
    }),
    duplicateKey: (f, line, key, times, spellings) => ({
      message: `Regel ${line} van ${f} heeft de veldnaam ${key} ${times} keer${
        spellings ? ` (als ${nlFmt.list(spellings)}; bij veldnamen tellen hoofdletters niet mee)` : ''
      }, dus het is niet duidelijk welke waarde geladen moet worden.`,
      advice: `Houd per object één ${key} over (met welke hoofdletters ook) en ${nlAgain}.`,
    }),
    why: (primary) => (primary ? 'het veld hoort bij de sleutel van de gegevens' : 'de kolom mag niet leeg zijn'),
    noneHave: (objects, truncated) => {
      const where = truncated ? ' in het eerste deel van het bestand' : '';
      return objects === 1 ? `het object${where} heeft dit veld niet` : `geen van de ${nlFmt.num(objects)} objecten${where} heeft dit veld`;
    },
    keyDiffers: (f, found, line, expected) => ({
      message: `De veldnaam ${found} (regel ${line} van ${f}) verschilt alleen in hoofdletters van ${expected} uit het contract. Bij veldnamen tellen hoofdletters niet mee, dus het veld is toch herkend.`,
      advice: `U hoeft nu niets te doen. Schrijf de veldnaam de volgende keer precies als ${expected}.`,
    }),
    missingKeyNear: (f, expected, noneHave, found, line) => ({
      message: `De veldnaam ${expected} ontbreekt in ${f}: ${noneHave}. Regel ${line} heeft de veldnaam ${found}: bedoelde u ${expected}?`,
      advice: `Verander de veldnaam ${found} in ${expected} en ${nlAgain}.`,
    }),
    missingKey: (f, expected, noneHave, why, c) => ({
      message: `De veldnaam ${expected} ontbreekt in ${f}: ${noneHave}, en ${why}.`,
      advice: `Geef elk object het veld ${expected} en ${nlAgain}. Hebben de gegevens dit veld niet meer, vraag dan de eigenaar van het contract (${c.owner}) om het contract "${c.id}" aan te passen.`,
    }),
    extraKeyNear: (f, found, line, expected, column) => ({
      message: `De veldnaam ${found} (regel ${line} van ${f}) staat niet in het contract, en geen object heeft het veld ${expected} uit het contract: bedoelde u ${expected}? De waarden van ${found} worden genegeerd.`,
      advice: `Verander de veldnaam ${found} in ${expected} en ${nlAgain}; anders blijft de kolom ${column} leeg.`,
    }),
    extraKeys: (f, keys, count, id) => ({
      message: `${nlFmt.plural(count, 'veldnaam', 'veldnamen')} in ${f} ${count === 1 ? 'staat' : 'staan'} niet in het contract, dus de waarden ervan worden genegeerd: ${nlFmt.list(
        keys,
      )}${count > keys.length ? ' en meer' : ''}.`,
      advice: `U hoeft niets te doen als ${count === 1 ? 'dit veld niet nodig is. Wilt u het laden' : 'deze velden niet nodig zijn. Wilt u er een laden'}, voeg er dan een kolom voor toe aan het contract "${id}".`,
    }),
  },
  en: {
    fmt: enFmt,
    notUtf8: (f, line, byte, char, count, head) => ({
      message: `${f} is not saved as UTF-8: line ${line} has the byte ${byte}, which is ${q(char)} in Windows-1252. ${enFmt.plural(count, 'such byte', 'such bytes')}${
        head === undefined ? '' : ` in the first ${enFmt.num(head)} bytes`
      }. JSON lines files are always UTF-8.`,
      advice: 'Export the file again as UTF-8 (JSON is always UTF-8; an export tool that writes JSON does so unless told otherwise) and upload it again.',
    }),
    looksLikeDocument:
      'The file looks like one JSON document (an array, or JSON spread over several lines), not JSON lines. Convert it to one object per line, ' +
      "e.g. with `jq -c '.[]' in.json > out.jsonl` for an array of objects, and upload the .jsonl file.",
    fixLine: (n, example) =>
      `Fix line ${n} so that it holds one complete JSON object, such as ${example}, and upload the file again. A missing comma, quote or bracket is the usual cause; text values go in double quotes.`,
    firstLineTooLong: (f, chars) => ({
      message: `Line 1 of ${f} is longer than ${enFmt.num(chars)} characters, so no rows could be checked before loading.`,
      advice: 'Nothing to do if the objects really are this large. Otherwise check that each object is on its own line.',
    }),
    invalidJson: (f, n, problem, character) => `Line ${n} of ${f} is not valid JSON: ${problem} (character ${enFmt.num(character)}).`,
    notAnObject: (f, n, kind, example) => `Line ${n} of ${f} is a JSON ${kind}, not an object: each line of a JSON lines file is one object, such as ${example}.`,
    kind: (kind) => kind,
    blankLines: (f, lines, count, chars) => ({
      message: `${enFmt.plural(count, 'empty line', 'empty lines')} in ${f}${chars === undefined ? '' : ` (first ${enFmt.num(chars)} characters)`}: line ${enFmt.list(lines)}${
        count > lines.length ? ' and more' : ''
      }. In JSON lines every line is one object.`,
      advice: 'Remove the empty lines (also those at the end of the file) and upload the file again: an empty line would be read as a row without values.',
    }),
    duplicateKey: (f, line, key, times, spellings) => ({
      message: `Line ${line} of ${f} has the key ${key} ${times} times${
        spellings ? ` (as ${enFmt.list(spellings)}; keys are matched ignoring capitals)` : ''
      }, so it is not clear which value to load.`,
      advice: `Keep one ${key} per object (whatever its capitals) and upload the file again.`,
    }),
    why: (primary) => (primary ? 'it is part of the primary key' : 'the column may not be empty'),
    noneHave: (objects, truncated) => {
      const where = truncated ? ' in the first part of the file' : '';
      return objects === 1
        ? `${truncated ? 'the one object' : 'its one object'}${where} does not have it`
        : `none of ${truncated ? 'the' : 'its'} ${enFmt.plural(objects, 'object', 'objects')}${where} has it`;
    },
    keyDiffers: (f, found, line, expected) => ({
      message: `The key ${found} (line ${line} of ${f}) differs from the contract's ${expected} only in capitals. Keys are matched ignoring capitals, so it was matched anyway.`,
      advice: `Nothing to do now. Next time write the key as ${expected} exactly.`,
    }),
    missingKeyNear: (f, expected, noneHave, found, line) => ({
      message: `The key ${expected} is missing from ${f}: ${noneHave}. Line ${line} has the key ${found}: did you mean ${expected}?`,
      advice: `Rename the key ${found} to ${expected} and upload the file again.`,
    }),
    missingKey: (f, expected, noneHave, why, c) => ({
      message: `The key ${expected} is missing from ${f}: ${noneHave}, and ${why}.`,
      advice: `Give every object the key ${expected} and upload the file again. If the data no longer has it, ask the contract owner (${c.owner}) to change the contract "${c.id}".`,
    }),
    extraKeyNear: (f, found, line, expected, column) => ({
      message: `The key ${found} (line ${line} of ${f}) is not in the contract, and no object has the contract's ${expected}: did you mean ${expected}? Its values are ignored.`,
      advice: `Rename the key ${found} to ${expected} and upload the file again, or the column ${column} stays empty.`,
    }),
    extraKeys: (f, keys, count, id) => ({
      message: `${enFmt.plural(count, 'key', 'keys')} in ${f} ${count === 1 ? 'is' : 'are'} not in the contract, so ${
        count === 1 ? 'its values are' : 'their values are'
      } ignored: ${enFmt.list(keys)}${count > keys.length ? ' and more' : ''}.`,
      advice: `Nothing to do if ${count === 1 ? 'it is not needed. To load it' : 'they are not needed. To load one'}, add a column for it to the contract "${id}".`,
    }),
  },
};

export const loadWords: Record<Language, LoadWords> = {
  nl: {
    unreadable: (f, geojson, problem, line) => ({
      message: `${f} kan niet worden gelezen als ${geojson ? 'GeoJSON' : 'JSON'}: ${problem} (regel ${line}).`,
      advice: geojson
        ? `Exporteer de kaartlaag opnieuw als GeoJSON (een FeatureCollection, UTF-8), of verbeter de plek die de melding noemt, en ${nlAgain}.`
        : `Exporteer de gegevens opnieuw als JSON (UTF-8), of verbeter de plek die de melding noemt, en ${nlAgain}.`,
    }),
    noRows: (f, geojson) => ({
      message: `${f} bevat geen ${geojson ? 'objecten (features)' : 'rijen'}.`,
      advice: `Controleer of u de juiste gegevens heeft geëxporteerd en ${nlAgain}.`,
    }),
    unknownDataset: (key) => `Lever aan bij een dataset die een contract heeft, of geef er een mee (polder upload --contract). Het bestand is bewaard als ${key}.`,
  },
  en: {
    unreadable: (f, geojson, problem, line) => ({
      message: `${f} cannot be read as ${geojson ? 'GeoJSON' : 'JSON'}: ${problem} (line ${line}).`,
      advice: geojson
        ? 'Export the map layer again as GeoJSON (a FeatureCollection, UTF-8), or fix the place the message names, and upload it again.'
        : 'Export the data again as JSON (UTF-8), or fix the place the message names, and upload it again.',
    }),
    noRows: (f, geojson) => ({
      message: `${f} holds no ${geojson ? 'features' : 'rows'}.`,
      advice: 'Check that you exported the right data and upload the file again.',
    }),
    unknownDataset: (key) => `Upload to a dataset that has a contract, or supply one (polder upload --contract). The file is kept at ${key}.`,
  },
};
