import ExcelJS from 'exceljs';
import { xlsxCell, xlsxFile } from './xlsx-writer';

describe('xlsx-writer', () => {
  it('keeps every cell that a spreadsheet would run as a formula as text', () => {
    expect(['=1+1', '+86 138', '-2', '@SUM(A1)', '\tx', 'plain', '江宁'].map(xlsxCell)).toEqual([
      "'=1+1", "'+86 138", "'-2", "'@SUM(A1)", "'\tx", 'plain', '江宁',
    ]);
    expect([12.5, true, null, undefined].map(xlsxCell)).toEqual([12.5, true, null, null]);
  });

  it('writes a sheet whose cells hold the neutralised text and no formula', async () => {
    const file = await xlsxFile('sheet', ['=name'], [['=HYPERLINK("http://x","y")', 3]]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('sheet');
    expect(sheet?.getRow(1).getCell(1).value).toBe("'=name");
    expect(sheet?.getRow(2).getCell(1).value).toBe(`'=HYPERLINK("http://x","y")`);
    expect(sheet?.getRow(2).getCell(1).formula).toBeUndefined();
    expect(sheet?.getRow(2).getCell(2).value).toBe(3);
  });
});
