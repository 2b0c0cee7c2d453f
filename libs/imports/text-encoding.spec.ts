import { execFileSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EncodingSniffer, EncodingVerdict, TextEncoding, toUtf8, UnreadableFile } from './text-encoding';

/** Real GB18030 bytes of a text, as Excel on Chinese Windows saves them (the system's iconv encodes). */
const gb18030 = (text: string): Buffer => execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: text });

/** The verdict on bytes that arrive in chunks of `chunkSize`, so characters are cut between chunks. */
async function verdictOn(bytes: Buffer, chunkSize = 64 * 1024): Promise<EncodingVerdict> {
  const sniffer = new EncodingSniffer();
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, i) => bytes.subarray(i * chunkSize, (i + 1) * chunkSize));
  await pipeline(Readable.from(chunks), sniffer, new Writable({ write: (_chunk, _encoding, done) => done() }));
  return sniffer.verdict();
}

const HEADER = '客户号,姓名,城市,机构代码\n';
const ROWS = 'C1,张伟,南京,PROV\nC2,王芳,苏州,PROV\nC3,欧阳·娜娜,无锡,PROV\n';

describe(EncodingSniffer.name, () => {
  it('reads Chinese text saved as GBK/GB18030 as GB18030, however its bytes are cut into chunks', async () => {
    for (const chunkSize of [1, 3, 64 * 1024]) {
      await expect(verdictOn(gb18030(HEADER + ROWS), chunkSize)).resolves.toEqual({ encoding: TextEncoding.Gb18030 });
    }
  });

  it('reads GBK names whose bytes are also valid UTF-8 as GB18030, not as the Cyrillic and Greek letters UTF-8 would make of them', async () => {
    const names = 'customer_no,name\nC1,郑肖\nC2,谢薛\nC3,卢钱\nC4,魏韦\nC5,叶毛\n';
    const bytes = gb18030(names);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toBe(names);
    await expect(verdictOn(bytes)).resolves.toEqual({ encoding: TextEncoding.Gb18030 });
    await expect(verdictOn(gb18030('customer_no,name\nC1,卢\n'))).resolves.toEqual({ encoding: TextEncoding.Gb18030 });
  });

  it('reads UTF-8 as UTF-8: with or without a byte order mark, with a middle dot in a name, with Latin letters in a word', async () => {
    for (const text of [HEADER + ROWS, `\uFEFF${HEADER}${ROWS}`, 'customer_no,name\nC1,Müller\nC2,José\n', 'customer_no,name\nC1,阿依古丽·买买提\n', 'a,b\n1,2\n']) {
      await expect(verdictOn(Buffer.from(text, 'utf8'), 2)).resolves.toEqual({ encoding: TextEncoding.Utf8 });
    }
  });

  it('says a file is not text, naming what it is', async () => {
    const cases: [Buffer, UnreadableFile][] = [
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), UnreadableFile.Zip],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), UnreadableFile.Xls],
      [Buffer.from('%PDF-1.7\n'), UnreadableFile.Pdf],
      [Buffer.from('\uFEFFcustomer_no,name\n', 'utf16le'), UnreadableFile.Utf16],
      [Buffer.from('customer_no\u0000name\n'), UnreadableFile.Binary],
      // Latin-1 "Müller": valid GB18030 only as a rare character, so neither reading is text.
      [Buffer.from('customer_no,name\nC1,M\xfcller\n', 'latin1'), UnreadableFile.UnknownEncoding],
      [Buffer.from('customer_no,name\nC1,caf\xe9\n', 'latin1'), UnreadableFile.UnknownEncoding],
    ];
    for (const [bytes, unreadable] of cases) await expect(verdictOn(bytes)).resolves.toEqual({ unreadable });
  });
});

describe(toUtf8.name, () => {
  it('turns GB18030 into UTF-8 across chunk boundaries', async () => {
    const bytes = gb18030(HEADER + ROWS);
    const out: Buffer[] = [];
    await pipeline(
      Readable.from(Array.from(bytes).map((byte) => Buffer.from([byte]))),
      toUtf8(TextEncoding.Gb18030),
      new Writable({
        write: (chunk, _encoding, done) => {
          out.push(chunk);
          done();
        },
      }),
    );
    expect(Buffer.concat(out).toString('utf8')).toBe(HEADER + ROWS);
  });
});
