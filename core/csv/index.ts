export { type CsvParseOptions, type CsvParseResult, type CsvRecord, type OpenQuote, parseCsv } from './parse';
