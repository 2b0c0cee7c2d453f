import { Readable } from 'node:stream';

/** A value of one CSV cell: text is escaped, numbers and booleans are written as they are. */
export type CsvCell = string | number | boolean | Date | null | undefined;

export interface CsvOptions {
  /** The first row. */
  header: readonly string[];
  /** Start with a UTF-8 byte order mark, so that Excel and WPS read Chinese text as UTF-8 rather than GBK. */
  bom?: boolean;
}

/**
 * Characters a spreadsheet reads as the start of a formula (or, for tab and carriage
 * return, strips before looking for one): a cell starting with one could run
 * `=HYPERLINK(...)` or `=cmd|...` on the reader's machine (CSV injection, OWASP).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * The text a spreadsheet shows as `text` and never evaluates: a leading single quote
 * makes Excel, WPS and LibreOffice take the cell as text. Every CSV or XLSX writer of
 * the platform passes its text cells through this.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell as CSV (RFC 4180): text neutralised, then quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = neutraliseFormula(value instanceof Date ? value.toISOString() : value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row as a CSV line, with the CRLF line end RFC 4180 names. */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * Streams rows as a CSV file: the header first, then each row as it comes, so an
 * export of millions of rows never sits in memory (the reader pulls, the rows follow).
 */
export function csvStream(rows: AsyncIterable<readonly CsvCell[]> | Iterable<readonly CsvCell[]>, options: CsvOptions): Readable {
  async function* lines() {
    yield `${options.bom ? '\uFEFF' : ''}${csvLine(options.header)}`;
    for await (const row of rows) yield csvLine(row);
  }
  return Readable.from(lines(), { objectMode: false });
}
