export { type CsvParseOptions, type CsvParseResult, type CsvRecord, type OpenQuote, parseCsv } from './parse';
export { Cp1252ToUtf8, cp1252CodePoints, cp1252ToUtf8, cp1252ToUtf8Stream } from './cp1252';
