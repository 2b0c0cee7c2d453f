import ExcelJS from 'exceljs';
import { CsvCell, neutraliseFormula } from './csv-writer';

/** One cell as an XLSX value: text neutralised as in CSV (a leading =, +, - or @ is never a formula). */
export function xlsxCell(value: CsvCell): string | number | boolean | Date | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}

/** A workbook of one sheet: the header row, then the rows, every text cell through xlsxCell. */
export async function xlsxFile(sheetName: string, header: readonly string[], rows: Iterable<readonly CsvCell[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header.map(xlsxCell));
  for (const row of rows) sheet.addRow(row.map(xlsxCell));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
