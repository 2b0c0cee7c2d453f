import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { csvCell, csvStream, neutraliseFormula } from './csv-writer';

/** The text of a stream, byte order mark included (stream/consumers' text() drops it). */
const text = async (stream: Readable) => (await buffer(stream)).toString('utf8');

describe(csvStream.name, () => {
  it('escapes every text cell a spreadsheet would read as a formula', () => {
    for (const formula of ['=1+1', '+86 138', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(neutraliseFormula(formula)).toBe(`'${formula}`);
    }
    expect(neutraliseFormula('张三')).toBe('张三');
    expect(neutraliseFormula('a=1')).toBe('a=1');
  });

  it('quotes cells holding commas, quotes or line breaks, and writes numbers as they are', () => {
    expect(csvCell('李, "雷"')).toBe('"李, ""雷"""');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('streams a header and the rows, with a byte order mark when asked', async () => {
    async function* rows() {
      yield [2, '=cmd|calc', null];
      yield [3, '南京', 'x,y'];
    }
    await expect(text(csvStream(rows(), { header: ['line_no', 'reason', 'raw'], bom: true }))).resolves.toBe(
      "\uFEFFline_no,reason,raw\r\n2,'=cmd|calc,\r\n3,南京,\"x,y\"\r\n",
    );
    await expect(text(csvStream([], { header: ['a'] }))).resolves.toBe('a\r\n');
  });
});
