import { open } from 'node:fs/promises';
import { Transform, TransformCallback } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { ImportFileError, ImportMessages } from './import-messages';
import { TextEncoding } from './text-encoding';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** A record longer than this is taken for a runaway quote rather than data. */
const MAX_RECORD_BYTES = 1024 * 1024;
/** Longest raw text kept for a rejected row. */
const MAX_RAW_CHARS = 2000;

/**
 * Turns CSV bytes into rows for `COPY staging (line_no, problem, raw, <columns>) FROM
 * STDIN (FORMAT csv)` without parsing fields in JavaScript: PostgreSQL's C parser
 * does that. Each record only gets its file line number in front; a record whose
 * field count differs from the header's, or whose quote never closes, becomes a row
 * with a problem and its raw text instead, so it is reported and COPY never fails on
 * shape. Quote handling follows PostgreSQL's (a quote toggles quoted mode anywhere in
 * a field), so the field count here is the one COPY sees. The header record and
 * blank lines are skipped; CRLF line ends become LF; a bare CR outside quotes, which
 * COPY would fail the whole file on, makes its record a problem row.
 */
export class CsvRecordStream extends Transform {
  /** Data records seen so far (blank lines not counted). */
  rowsRead = 0;
  private pending: Buffer | null = null;
  /** File line on which the next record starts (line 1 is the header). */
  private lineNo = 1;
  private headerSeen = false;
  private out = Buffer.allocUnsafe(1 << 20);
  private outPos = 0;
  private readonly emptyColumns: string;

  constructor(
    private readonly fieldCount: number,
    private readonly messages: Pick<ImportMessages, 'fieldCount' | 'quoteNeverClosed' | 'recordTooLong' | 'bareCarriageReturn'>,
    private readonly onRows: (rowsRead: number) => void = () => undefined,
    private readonly progressEvery = 50_000,
  ) {
    super();
    this.emptyColumns = ','.repeat(fieldCount);
  }

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      const end = this.scan(data);
      this.pending = end < data.length ? Buffer.from(data.subarray(end)) : null;
      if (this.pending && this.pending.length > MAX_RECORD_BYTES) {
        throw new ImportFileError((messages) => messages.recordTooLong(this.lineNo));
      }
      done(null, this.takeOutput());
    } catch (err) {
      done(err as Error);
    }
  }

  _flush(done: TransformCallback): void {
    if (this.pending) {
      const rest = this.pending;
      this.pending = null;
      const end = this.scan(Buffer.concat([rest, Buffer.from([LF])]));
      if (end < rest.length) this.record(rest, end, rest.length, 0, this.messages.quoteNeverClosed);
    }
    this.onRows(this.rowsRead);
    done(null, this.takeOutput());
  }

  /** Emits every complete record of `data`; returns where the unfinished one starts. */
  private scan(data: Buffer): number {
    let start = 0;
    let fields = 1;
    let newlines = 0;
    let quoted = false;
    let bareCr = false;
    for (let i = 0; i < data.length; i++) {
      const byte = data[i];
      if (byte > COMMA) continue;
      if (byte === QUOTE) {
        quoted = !quoted;
      } else if (quoted) {
        if (byte === LF) newlines++;
      } else if (byte === COMMA) {
        fields++;
      } else if (byte === CR) {
        // A CR as the chunk's last byte is seen again with what follows it, as the record is rescanned.
        if (i + 1 < data.length && data[i + 1] !== LF) bareCr = true;
      } else if (byte === LF) {
        const end = i > start && data[i - 1] === CR ? i - 1 : i;
        this.record(data, start, end, fields, bareCr ? this.messages.bareCarriageReturn : undefined);
        this.lineNo += newlines + 1;
        start = i + 1;
        fields = 1;
        newlines = 0;
        bareCr = false;
      }
    }
    return start;
  }

  private record(data: Buffer, start: number, end: number, fields: number, problem?: string): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      return;
    }
    if (end === start) return;
    this.rowsRead++;
    const shapeProblem = problem ?? (fields === this.fieldCount ? undefined : this.messages.fieldCount(this.fieldCount, fields));
    if (shapeProblem) {
      const raw = data.toString('utf8', start, end).slice(0, MAX_RAW_CHARS);
      this.writeText(`${this.lineNo},${quote(shapeProblem)},${quote(raw)}${this.emptyColumns}\n`);
    } else {
      this.writeGood(data, start, end);
    }
    if (this.rowsRead % this.progressEvery === 0) this.onRows(this.rowsRead);
  }

  private writeGood(data: Buffer, start: number, end: number): void {
    this.reserve(end - start + 16);
    this.outPos += this.out.write(`${this.lineNo},,,`, this.outPos, 'latin1');
    this.outPos += data.copy(this.out, this.outPos, start, end);
    this.out[this.outPos++] = LF;
  }

  private writeText(text: string): void {
    this.reserve(Buffer.byteLength(text));
    this.outPos += this.out.write(text, this.outPos, 'utf8');
  }

  private reserve(bytes: number): void {
    if (this.outPos + bytes <= this.out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.outPos + bytes));
    this.out.copy(grown, 0, 0, this.outPos);
    this.out = grown;
  }

  private takeOutput(): Buffer {
    const output = Buffer.from(this.out.subarray(0, this.outPos));
    this.outPos = 0;
    return output;
  }
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** The header of a file: its fields, or why its line cannot be read (a message of ImportMessages). */
export type HeaderReading =
  | { fields: string[]; unreadable?: undefined }
  | { unreadable: 'headerBareCarriageReturn' | 'headerQuoteNeverClosed'; fields?: undefined };

/** The header fields of a CSV file in `encoding` (first line; a byte order mark is ignored). */
export async function readHeader(filePath: string, encoding: TextEncoding): Promise<HeaderReading> {
  const file = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    // stream: a character cut at the end of the buffer is left out instead of becoming U+FFFD.
    const text = new TextDecoder(encoding).decode(buffer.subarray(0, bytesRead), { stream: true });
    const lineEnd = text.indexOf('\n');
    const firstLine = (lineEnd < 0 ? text : text.slice(0, lineEnd)).replace(/^\uFEFF/, '').replace(/\r$/, '');
    if (firstLine.includes('\r')) return { unreadable: 'headerBareCarriageReturn' };
    if (firstLine.trim() === '') return { fields: [] };
    try {
      const [fields] = parse(firstLine, { relax_quotes: true }) as string[][];
      return { fields: fields ?? [] };
    } catch {
      return { unreadable: 'headerQuoteNeverClosed' };
    }
  } finally {
    await file.close();
  }
}
