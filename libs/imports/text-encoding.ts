import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { PassThrough, Transform, TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The encodings an import file is read in: UTF-8, or GB18030 (which contains GBK and GB2312), Excel's default for CSV on Chinese Windows. */
export enum TextEncoding {
  Utf8 = 'utf-8',
  Gb18030 = 'gb18030',
}

/** Why a file cannot be read as CSV text. */
export enum UnreadableFile {
  /** UTF-16, as Excel's "Unicode Text" saves. */
  Utf16 = 'utf16',
  /** A ZIP archive: an .xlsx workbook is one. */
  Zip = 'zip',
  /** An old binary Excel workbook (.xls). */
  Xls = 'xls',
  Pdf = 'pdf',
  Gzip = 'gzip',
  /** Other bytes that are not text (NUL bytes). */
  Binary = 'binary',
  /** Text neither in UTF-8 nor in GB18030, or GB18030 bytes that do not read as Chinese (Latin-1, say). */
  UnknownEncoding = 'unknown_encoding',
}

export type EncodingVerdict = { encoding: TextEncoding; unreadable?: undefined } | { unreadable: UnreadableFile; encoding?: undefined };

const SIGNATURES: [number[], UnreadableFile][] = [
  [[0xff, 0xfe], UnreadableFile.Utf16],
  [[0xfe, 0xff], UnreadableFile.Utf16],
  [[0x50, 0x4b, 0x03, 0x04], UnreadableFile.Zip],
  [[0x50, 0x4b, 0x05, 0x06], UnreadableFile.Zip],
  [[0xd0, 0xcf, 0x11, 0xe0], UnreadableFile.Xls],
  [[0x25, 0x50, 0x44, 0x46], UnreadableFile.Pdf],
  [[0x1f, 0x8b], UnreadableFile.Gzip],
];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const MIDDLE_DOT = 0xb7;

const isAsciiLetter = (byte: number) => (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a;
/** A GB18030 two-byte code in the GB2312 area of symbols (rows A1-A9) and common hanzi (B0-F7): the characters Chinese text is made of. */
const isGb2312 = (lead: number, trail: number) => ((lead >= 0xa1 && lead <= 0xa9) || (lead >= 0xb0 && lead <= 0xf7)) && trail >= 0xa1 && trail <= 0xfe;

/**
 * Decides the encoding of a file from all of its bytes, as they stream past (the
 * stream passes them on unchanged). The rule (docs/import-format.md):
 *
 * 1. A UTF-8 byte order mark: UTF-8. UTF-16 marks, and the signatures of ZIP (.xlsx),
 *    .xls, PDF and gzip files, or any NUL byte: not a text file.
 * 2. Only ASCII: UTF-8 (the two agree).
 * 3. Valid in one encoding only: that one; but GB18030 only when most of its
 *    characters are GB2312 symbols and hanzi, as Chinese text is (Latin-1 bytes are
 *    valid GB18030 too, as rare characters).
 * 4. Valid in both (GBK names such as 郑, 谢 or 卢 are also valid UTF-8, reading as
 *    Cyrillic, Greek or Latin letters): the reading with the smaller share of odd
 *    characters. Odd in the UTF-8 reading: two-byte characters (U+0080-U+07FF, Latin
 *    to Arabic) except the middle dot of minority names and letters inside a Latin
 *    word (Müller); odd in the GB18030 reading: characters outside GB2312, and hanzi
 *    inside a Latin word (M眉ller). Ties go to UTF-8.
 */
export class EncodingSniffer extends Transform {
  private head: number[] = [];
  private nul = false;
  private nonAscii = false;

  private utf8Valid = true;
  private utf8Carry: Buffer = Buffer.alloc(0);
  private utf8Chars = 0;
  private utf8Odd = 0;
  /** The lead byte of the two-byte UTF-8 character being read (0 when none). */
  private utf8Lead = 0;
  /** A two-byte character after a letter: plausible only if a letter follows it too. */
  private utf8AfterLetter = false;
  private utf8PrevLetter = false;

  private gbValid = true;
  private gbChars = 0;
  private gbOdd = 0;
  /** The bytes of the GB18030 character being read. */
  private gbBytes: number[] = [];
  /** A GB2312 character after a letter: odd if a letter follows it too. */
  private gbAfterLetter = false;
  private gbPrevLetter = false;

  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.head.length < 4) this.head.push(...chunk.subarray(0, 4 - this.head.length));
    this.checkUtf8(chunk);
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      // Most bytes of a CSV file are ASCII between characters: only whether they are letters matters.
      if (byte > 0 && byte < 0x80 && !this.utf8AfterLetter && !this.gbAfterLetter && this.gbBytes.length === 0) {
        this.utf8PrevLetter = this.gbPrevLetter = isAsciiLetter(byte);
        continue;
      }
      if (byte === 0) this.nul = true;
      if (byte >= 0x80) this.nonAscii = true;
      if (this.utf8Valid) this.readUtf8(byte);
      if (this.gbValid) this.readGb(byte);
    }
    done(null, chunk);
  }

  _flush(done: TransformCallback): void {
    if (this.utf8Carry.length > 0) this.utf8Valid = false;
    if (this.gbBytes.length > 0) this.gbValid = false;
    if (this.utf8AfterLetter) this.utf8Odd++;
    done();
  }

  /** The encoding of everything that passed, once the stream has ended. */
  verdict(): EncodingVerdict {
    const signature = SIGNATURES.find(([bytes]) => bytes.every((b, i) => this.head[i] === b));
    if (signature) return { unreadable: signature[1] };
    if (this.nul) return { unreadable: UnreadableFile.Binary };
    if (UTF8_BOM.every((b, i) => this.head[i] === b)) return this.utf8Valid ? { encoding: TextEncoding.Utf8 } : { unreadable: UnreadableFile.UnknownEncoding };
    if (!this.nonAscii) return { encoding: TextEncoding.Utf8 };
    if (this.utf8Valid && this.gbValid) {
      // Compares utf8Odd / utf8Chars with gbOdd / gbChars without dividing.
      return { encoding: this.utf8Odd * this.gbChars > this.gbOdd * this.utf8Chars ? TextEncoding.Gb18030 : TextEncoding.Utf8 };
    }
    if (this.utf8Valid) return { encoding: TextEncoding.Utf8 };
    if (this.gbValid && this.gbOdd * 2 <= this.gbChars) return { encoding: TextEncoding.Gb18030 };
    return { unreadable: UnreadableFile.UnknownEncoding };
  }

  /** Strict UTF-8 validity of the chunk, a character cut at its end carried to the next. */
  private checkUtf8(chunk: Buffer): void {
    if (!this.utf8Valid) return;
    const data = this.utf8Carry.length > 0 ? Buffer.concat([this.utf8Carry, chunk]) : chunk;
    let cut = data.length;
    for (let back = 1; back <= Math.min(3, data.length); back++) {
      const byte = data[data.length - back];
      if (byte < 0x80) break;
      if (byte >= 0xc0) {
        const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
        if (length > back) cut = data.length - back;
        break;
      }
    }
    this.utf8Valid = isUtf8(data.subarray(0, cut));
    this.utf8Carry = Buffer.from(data.subarray(cut));
  }

  /** Counts the characters of the UTF-8 reading, and the odd ones (see the class). */
  private readUtf8(byte: number): void {
    if (byte < 0x80) {
      if (this.utf8AfterLetter && !isAsciiLetter(byte)) this.utf8Odd++;
      this.utf8AfterLetter = false;
      this.utf8PrevLetter = isAsciiLetter(byte);
      return;
    }
    if (byte >= 0xc0) {
      this.utf8Chars++;
      if (this.utf8AfterLetter) this.utf8Odd++;
      this.utf8AfterLetter = false;
      this.utf8Lead = byte < 0xe0 ? byte : 0;
      if (this.utf8Lead === 0) this.utf8PrevLetter = false;
      return;
    }
    if (this.utf8Lead !== 0) {
      const middleDot = this.utf8Lead === 0xc2 && byte === MIDDLE_DOT;
      if (!middleDot) {
        if (this.utf8PrevLetter) this.utf8AfterLetter = true;
        else this.utf8Odd++;
      }
      this.utf8Lead = 0;
      this.utf8PrevLetter = false;
    }
  }

  /** Checks and counts the GB18030 reading: one or two bytes, or four (lead, digit, lead, digit). */
  private readGb(byte: number): void {
    const bytes = this.gbBytes;
    if (bytes.length === 0) {
      if (byte < 0x80) {
        if (this.gbAfterLetter && isAsciiLetter(byte)) this.gbOdd++;
        this.gbAfterLetter = false;
        this.gbPrevLetter = isAsciiLetter(byte);
      } else if (byte === 0x80 || byte === 0xff) {
        this.gbValid = false;
      } else {
        bytes.push(byte);
      }
      return;
    }
    if (bytes.length === 1) {
      if (byte >= 0x30 && byte <= 0x39) {
        bytes.push(byte);
      } else if ((byte >= 0x40 && byte <= 0x7e) || (byte >= 0x80 && byte <= 0xfe)) {
        this.gbCharacter(isGb2312(bytes[0], byte));
      } else {
        this.gbValid = false;
      }
      return;
    }
    const wanted = bytes.length === 2 ? byte >= 0x81 && byte <= 0xfe : byte >= 0x30 && byte <= 0x39;
    if (!wanted) {
      this.gbValid = false;
    } else if (bytes.length === 2) {
      bytes.push(byte);
    } else {
      this.gbCharacter(false);
    }
  }

  private gbCharacter(common: boolean): void {
    this.gbBytes = [];
    this.gbChars++;
    this.gbAfterLetter = false;
    if (!common) this.gbOdd++;
    else if (this.gbPrevLetter) this.gbAfterLetter = true;
    this.gbPrevLetter = false;
  }
}

/** The encoding of a file on disk, read through to its end. */
export async function detectFileEncoding(filePath: string): Promise<EncodingVerdict> {
  const sniffer = new EncodingSniffer();
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  await pipeline(createReadStream(filePath, { highWaterMark: 1 << 20 }), sniffer, discard);
  return sniffer.verdict();
}

/** Turns text of `encoding` into UTF-8 as it streams (UTF-8 passes untouched). */
export function toUtf8(encoding: TextEncoding): Transform {
  if (encoding === TextEncoding.Utf8) {
    return new PassThrough();
  }
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
}
