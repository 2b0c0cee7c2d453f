import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { csvLine, NotFoundError, ValidationError, xlsxFile } from '@lib/common';
import { ContactPolicyService } from '@lib/contact-rules';
import { CallDesk, resultProblems } from './call-desk.service';
import { CallListLine, CallResultProblem, CallResultsImportView, Disposition, DISPOSITIONS } from './call-centre.view';

/** The export's columns, the header of both files. */
export const CALL_LIST_COLUMNS = ['contact_id', 'campaign_code', 'customer_no', 'customer_name', 'phone', 'bundle', 'due_at', 'calls'] as const;
/** The result file's columns: the dialler writes one row per call made, with the export's contact_id. */
export const CALL_RESULT_COLUMNS = ['contact_id', 'disposition', 'callback_at', 'policy_no', 'note'] as const;
/** A day's results of a branch fit well within this; a larger file is a mistake. */
export const MAX_RESULT_ROWS = 20_000;

export type CallListFormat = 'csv' | 'xlsx';

/**
 * A branch's call list for an external dialler, and the dialler's results back in
 * with the desk's disposition codes (docs/call-centre.md). The import is one
 * transaction: rows that fail their checks are reported by line and not recorded,
 * the others are recorded as the desk records a call — the contact rules checked at
 * the moment of the import.
 */
@Injectable()
export class CallListExchange {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly desk: CallDesk,
    private readonly policies: ContactPolicyService,
  ) {}

  /** The waiting calls of the branch (its lists and those of units below it), in the order the desk hands them out. */
  async lines(scope: OrgScope, branchId: number): Promise<CallListLine[]> {
    await this.branchInScope(scope, branchId);
    return this.dataSource.query(
      `SELECT e.contact_id::int AS "contactId", m.code AS "campaignCode", c.customer_no AS "customerNo", c.name AS "customerName",
              c.mobile AS phone, b.name AS "bundleName", e.due_at AS "dueAt", e.calls::int AS calls
         FROM call_list_entries e
         JOIN org_units u ON u.id = e.branch_id
         JOIN contacts k ON k.id = e.contact_id
         JOIN customers c ON c.id = k.customer_id
         JOIN campaigns m ON m.id = e.campaign_id AND m.status = 'running'
         JOIN campaign_revisions r ON r.id = m.approved_revision_id
         LEFT JOIN bundles b ON b.id = r.bundle_id
        WHERE e.state = 'waiting' AND u.path LIKE (SELECT path || '%' FROM org_units WHERE id = $1)
        ORDER BY e.due_at, e.contact_id`,
      [branchId],
    );
  }

  async exportList(scope: OrgScope, branchId: number, format: CallListFormat): Promise<Buffer> {
    const rows = (await this.lines(scope, branchId)).map((line) => [
      line.contactId,
      line.campaignCode,
      line.customerNo,
      line.customerName,
      line.phone,
      line.bundleName,
      new Date(line.dueAt).toISOString(),
      line.calls,
    ]);
    if (format === 'csv') {
      // A BOM, so that Excel and WPS read the Chinese names as UTF-8.
      return Buffer.from(`\uFEFF${[csvLine(CALL_LIST_COLUMNS), ...rows.map((row) => csvLine(row))].join('')}`, 'utf8');
    }
    return xlsxFile('call-list', CALL_LIST_COLUMNS, rows);
  }

  /** Reads a result file (CSV or XLSX by its content) and records its rows. */
  async importResults(scope: OrgScope, branchId: number, file: Buffer): Promise<CallResultsImportView> {
    await this.branchInScope(scope, branchId);
    const records = isXlsx(file) ? await xlsxRecords(file) : csvRecords(file);
    const [header, ...rows] = records;
    const missing = CALL_RESULT_COLUMNS.filter((column) => !(header ?? []).includes(column));
    if (!header || missing.length > 0) {
      throw new ValidationError([{ field: 'file', code: 'call_result_header', params: { missing: missing.join(', ') } }]);
    }
    if (rows.length > MAX_RESULT_ROWS) throw new ValidationError([{ field: 'file', code: 'above_max', params: { max: MAX_RESULT_ROWS } }]);
    const at = (row: string[], column: (typeof CALL_RESULT_COLUMNS)[number]) => (row[header.indexOf(column)] ?? '').trim();
    const problems: CallResultProblem[] = [];
    let recorded = 0;
    const now = new Date();
    const branchScope = await this.branchScope(branchId);
    const policy = await this.policies.loadDefault();
    await this.dataSource.transaction(async (manager) => {
      for (const [index, row] of rows.entries()) {
        const line = index + 2;
        const contactId = Number(at(row, 'contact_id'));
        if (!Number.isSafeInteger(contactId) || contactId < 1) {
          problems.push({ line, field: 'contact_id', code: 'not_whole_number' });
          continue;
        }
        const disposition = at(row, 'disposition') as Disposition;
        if (!DISPOSITIONS.includes(disposition)) {
          problems.push({ line, field: 'disposition', code: 'not_a_disposition', params: { codes: DISPOSITIONS.join(', ') } });
          continue;
        }
        const callbackText = at(row, 'callback_at');
        const callbackAt = callbackText ? new Date(callbackText) : undefined;
        if (callbackAt && Number.isNaN(callbackAt.getTime())) {
          problems.push({ line, field: 'callback_at', code: 'not_a_date_time' });
          continue;
        }
        const result = { disposition, callbackAt, policyNo: at(row, 'policy_no') || undefined, note: at(row, 'note').slice(0, 500) || undefined };
        const problem = resultProblems(result, now)?.details?.[0];
        if (problem) {
          problems.push({ line, field: problem.field === 'callbackAt' ? 'callback_at' : 'policy_no', code: problem.code });
          continue;
        }
        const refusal = await this.desk.recordExternal(manager, branchScope, contactId, result, now, policy);
        if (refusal === 'not_on_list') problems.push({ line, field: 'contact_id', code: 'call_not_on_list' });
        else if (refusal === 'not_waiting') problems.push({ line, field: 'contact_id', code: 'call_not_waiting' });
        else if (refusal) problems.push({ line, field: 'contact_id', code: 'call_not_allowed_now', params: { reason: refusal } });
        else recorded += 1;
      }
    });
    return { rows: rows.length, recorded, problems };
  }

  private async branchInScope(scope: OrgScope, branchId: number): Promise<void> {
    const [unit] = await this.dataSource.query(`SELECT id FROM org_units WHERE id = $1 AND path LIKE $2`, [branchId, scope.pathPattern]);
    if (!unit) throw new NotFoundError('org_unit', branchId);
  }

  private async branchScope(branchId: number): Promise<OrgScope> {
    const [unit] = await this.dataSource.query(`SELECT path FROM org_units WHERE id = $1`, [branchId]);
    return new OrgScope(branchId, unit.path);
  }
}

/** An XLSX file is a ZIP archive: it starts with PK\x03\x04. */
function isXlsx(file: Buffer): boolean {
  return file.length >= 4 && file.readUInt32LE(0) === 0x04034b50;
}

function csvRecords(file: Buffer): string[][] {
  try {
    return parse(file.toString('utf8').replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
  } catch {
    throw new ValidationError([{ field: 'file', code: 'call_result_unreadable' }]);
  }
}

async function xlsxRecords(file: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch {
    throw new ValidationError([{ field: 'file', code: 'call_result_unreadable' }]);
  }
  const sheet = workbook.worksheets[0];
  const records: string[][] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) {
      const value = row.getCell(column).value;
      cells.push(value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(typeof value === 'object' && 'text' in value ? value.text : value));
    }
    records.push(cells);
  });
  return records;
}
