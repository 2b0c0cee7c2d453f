import { LocalText, renderError } from '@lib/common';
import { ImportColumn, ImportKind } from './import-columns';

/** The language an import reports in: the UI's at upload time (Simplified Chinese by default). */
export enum ImportLanguage {
  Chinese = 'zh',
  English = 'en',
}

/**
 * Every sentence of an import's report: the reasons of rejected rows, header problems
 * and the job's outcome. Reasons for rows become SQL `format()` templates, so `%s`
 * marks where the offending value (or a line number) goes.
 */
export interface ImportMessages {
  /** How the reasons of one row are joined. */
  separator: string;
  required(column: ImportColumn): string;
  tooLong(column: ImportColumn): string;
  notADate(column: ImportColumn): string;
  negative(column: ImportColumn): string;
  notAnAmount(column: ImportColumn): string;
  notYesNo(column: ImportColumn): string;
  notAGender(column: ImportColumn): string;
  notOneOf(column: ImportColumn): string;
  /** Two values: the key, the line it first appeared on. */
  repeatsLine(key: ImportColumn): string;
  unknownOrgUnit: string;
  orgUnitOutsideScope: string;
  keyOutsideScope(key: ImportColumn): string;
  unknownReference(column: ImportColumn): string;
  endBeforeStart: string;
  fieldCount(expected: number, found: number): string;
  quoteNeverClosed: string;
  recordTooLong(lineNo: number): string;
  unknownColumn(header: string, position: number): string;
  repeatedColumn(column: ImportColumn): string;
  missingColumn(column: ImportColumn): string;
  headerDoesNotFit(kind: ImportKind): string;
  /** headerDoesNotFit with the problems listed after it. */
  headerProblems(kind: ImportKind, problems: string[]): string;
  nothingImported(rowsRejected: number): string;
  failedOnOurSide(errorId: string): string;
}

export const IMPORT_KIND_NAMES: Record<ImportKind, LocalText> = {
  [ImportKind.Customers]: { zh: '客户', en: 'customers' },
  [ImportKind.Policies]: { zh: '保单', en: 'policies' },
  [ImportKind.Claims]: { zh: '赔案', en: 'claims' },
};

const ENGLISH: ImportMessages = {
  separator: '; ',
  required: (c) => `${c.name} is required`,
  tooLong: (c) => `${c.name} is longer than ${c.maxLength} characters`,
  notADate: (c) => `${c.name} "%s" is not a date (YYYY-MM-DD)`,
  negative: (c) => `${c.name} "%s" must not be negative`,
  notAnAmount: (c) => `${c.name} "%s" is not an amount (digits, at most 2 decimals)`,
  notYesNo: (c) => `${c.name} "%s" is not a yes/no value (true/false, 1/0, Y/N, 是/否)`,
  notAGender: (c) => `${c.name} "%s" is not a gender (M/F, 男/女)`,
  notOneOf: (c) => `${c.name} "%s" is not one of ${c.values!.join('/')}`,
  repeatsLine: (key) => `${key.name} %s repeats line %s`,
  unknownOrgUnit: 'unknown org unit code %s',
  orgUnitOutsideScope: 'org unit %s is outside your scope',
  // Said as of a number that does not exist: a branch learns nothing of other branches' customers and policies.
  keyOutsideScope: (key) => `unknown ${key.name} %s in your scope`,
  unknownReference: (c) => `unknown ${c.name} %s`,
  endBeforeStart: 'end_date is before start_date',
  fieldCount: (expected, found) => `expected ${expected} fields, found ${found}`,
  quoteNeverClosed: 'a quoted field is never closed',
  recordTooLong: (line) => `line ${line}: a record longer than 1 MB (is a quote left open?)`,
  unknownColumn: (header, position) => `unknown column "${header}" (position ${position})`,
  repeatedColumn: (c) => `column ${c.name} appears more than once`,
  missingColumn: (c) => `required column ${c.name} (${c.chinese}) is missing`,
  headerDoesNotFit: (kind) => renderError('import_header_does_not_fit', { kind: IMPORT_KIND_NAMES[kind] }, 'en'),
  headerProblems: (kind, problems) => `${ENGLISH.headerDoesNotFit(kind)}: ${problems.join('; ')}`,
  nothingImported: (n) => `${n} row(s) were rejected, so nothing was imported`,
  failedOnOurSide: (id) => `The import failed on our side (error ${id}); it can be run again, and the worker's log has the details`,
};

const CHINESE: ImportMessages = {
  separator: '；',
  required: (c) => `${c.chinese}为必填项`,
  tooLong: (c) => `${c.chinese}超过 ${c.maxLength} 个字符`,
  notADate: (c) => `${c.chinese}“%s”不是日期（应为 YYYY-MM-DD）`,
  negative: (c) => `${c.chinese}“%s”不能为负数`,
  notAnAmount: (c) => `${c.chinese}“%s”不是金额（数字，最多两位小数）`,
  notYesNo: (c) => `${c.chinese}“%s”不是是/否值（是/否、Y/N、1/0、true/false）`,
  notAGender: (c) => `${c.chinese}“%s”不是性别（男/女、M/F）`,
  notOneOf: (c) => `${c.chinese}“%s”不是可选值之一（${c.values!.join('/')}）`,
  repeatsLine: (key) => `${key.chinese} %s 与第 %s 行重复`,
  unknownOrgUnit: '机构代码 %s 不存在',
  orgUnitOutsideScope: '机构 %s 不在您的管辖范围内',
  keyOutsideScope: (key) => `${key.chinese} %s 在您的管辖范围内不存在`,
  unknownReference: (c) => `${c.chinese} %s 不存在`,
  endBeforeStart: '终保日期早于起保日期',
  fieldCount: (expected, found) => `应有 ${expected} 列，实有 ${found} 列`,
  quoteNeverClosed: '引号未闭合',
  recordTooLong: (line) => `第 ${line} 行：一条记录超过 1 MB（是否有引号未闭合？）`,
  unknownColumn: (header, position) => `未知列“${header}”（第 ${position} 列）`,
  repeatedColumn: (c) => `列 ${c.chinese}（${c.name}）出现了不止一次`,
  missingColumn: (c) => `缺少必填列 ${c.chinese}（${c.name}）`,
  headerDoesNotFit: (kind) => renderError('import_header_does_not_fit', { kind: IMPORT_KIND_NAMES[kind] }, 'zh'),
  headerProblems: (kind, problems) => `${CHINESE.headerDoesNotFit(kind)}：${problems.join('；')}`,
  nothingImported: (n) => `${n} 行被拒绝，因此未导入任何数据`,
  failedOnOurSide: (id) => `导入因系统内部错误失败（错误编号 ${id}），可以重新运行；详情见后台任务日志`,
};

/** A file the import cannot read as a whole; its message, in the import's language, is the import's outcome. */
export class ImportFileError extends Error {}

export const IMPORT_MESSAGES: Record<ImportLanguage, ImportMessages> = {
  [ImportLanguage.Chinese]: CHINESE,
  [ImportLanguage.English]: ENGLISH,
};
