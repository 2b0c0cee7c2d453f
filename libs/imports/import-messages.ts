import { LocalText, renderError } from '@lib/common';
import { ImportColumn, ImportKind } from './import-columns';
import { UnreadableFile } from './text-encoding';
import type { ImportStatusName } from './import.view';

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
  notAMobile(column: ImportColumn): string;
  /** A row problem: a CR inside a record that is not followed by LF and not quoted. */
  bareCarriageReturn: string;
  headerBareCarriageReturn: string;
  headerQuoteNeverClosed: string;
  /** Why a file is not CSV text, and what to save it as instead. */
  unreadableFile(reason: UnreadableFile): string;
  /** PostgreSQL's words about a value of the file it could not read, and what to do. */
  fileProblem(detail: string): string;
}

export const IMPORT_KIND_NAMES: Record<ImportKind, LocalText> = {
  [ImportKind.Customers]: { zh: '客户', en: 'customers' },
  [ImportKind.Policies]: { zh: '保单', en: 'policies' },
  [ImportKind.Claims]: { zh: '赔案', en: 'claims' },
};

/** What to do with a file that is not CSV text: Excel's and WPS's own words for the right format. */
const SAVE_AS_CSV: LocalText = {
  zh: '请在 Excel 或 WPS 中打开它，选择“另存为”→“CSV UTF-8（逗号分隔）”，再上传该文件',
  en: 'Open it in Excel or WPS, choose Save As → "CSV UTF-8 (Comma delimited)", and upload that file',
};

const ENGLISH_UNREADABLE: Record<UnreadableFile, string> = {
  [UnreadableFile.Utf16]: 'The file is UTF-16 text (Excel\'s "Unicode Text"), not a CSV file in UTF-8 or GBK',
  [UnreadableFile.Zip]: 'The file is not text but a ZIP archive (an .xlsx workbook is one)',
  [UnreadableFile.Xls]: 'The file is not text but an Excel workbook (.xls)',
  [UnreadableFile.Pdf]: 'The file is not text but a PDF document',
  [UnreadableFile.Gzip]: 'The file is not text but a compressed (gzip) archive',
  [UnreadableFile.Binary]: 'The file is not text: it holds binary data (NUL bytes)',
  [UnreadableFile.UnknownEncoding]: 'The file is text in neither UTF-8 nor GB18030/GBK, the encodings an import reads',
};

const CHINESE_UNREADABLE: Record<UnreadableFile, string> = {
  [UnreadableFile.Utf16]: '该文件是 UTF-16 文本（Excel 的“Unicode 文本”），不是 UTF-8 或 GBK 编码的 CSV 文件',
  [UnreadableFile.Zip]: '该文件不是文本文件，而是 ZIP 压缩包（.xlsx 工作簿即是一种 ZIP 文件）',
  [UnreadableFile.Xls]: '该文件不是文本文件，而是 Excel 工作簿（.xls）',
  [UnreadableFile.Pdf]: '该文件不是文本文件，而是 PDF 文档',
  [UnreadableFile.Gzip]: '该文件不是文本文件，而是 gzip 压缩文件',
  [UnreadableFile.Binary]: '该文件不是文本文件，其中含有二进制数据（NUL 字节）',
  [UnreadableFile.UnknownEncoding]: '该文件既不是 UTF-8 也不是 GB18030/GBK 编码的文本，导入只能读取这两种编码',
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
  recordTooLong: (line) => `line ${line}: a record longer than 1 MB (is a quote left open?); correct the file and upload it again`,
  unknownColumn: (header, position) => `unknown column "${header}" (position ${position})`,
  repeatedColumn: (c) => `column ${c.name} appears more than once`,
  missingColumn: (c) => `required column ${c.name} (${c.chinese}) is missing`,
  headerDoesNotFit: (kind) => renderError('import_header_does_not_fit', { kind: IMPORT_KIND_NAMES[kind] }, 'en'),
  headerProblems: (kind, problems) => `${ENGLISH.headerDoesNotFit(kind)}: ${problems.join('; ')}`,
  nothingImported: (n) => `${n} row(s) were rejected, so nothing was imported`,
  failedOnOurSide: (id) => `The import failed on our side (error ${id}); it can be run again, and the worker's log has the details`,
  notAMobile: (c) => `${c.name} "%s" is not a mainland China mobile number (11 digits starting with 1; +86, 0086, spaces, dashes and parentheses are allowed)`,
  bareCarriageReturn: 'a carriage return (CR) without a line feed inside the row; quote the field or save the file with CRLF or LF line ends',
  headerBareCarriageReturn:
    'The header line holds a carriage return (CR) without a line feed: the file has old Mac line ends. Save it with Windows (CRLF) or Unix (LF) line ends and upload it again',
  headerQuoteNeverClosed: 'A quote in the header line is never closed. Correct the column names and upload the file again',
  unreadableFile: (reason) => `${ENGLISH_UNREADABLE[reason]}. ${SAVE_AS_CSV.en}`,
  fileProblem: (detail) => `The file holds a value that cannot be read (${detail}). Correct the file and upload it again`,
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
  recordTooLong: (line) => `第 ${line} 行：一条记录超过 1 MB（是否有引号未闭合？）；请改正文件后重新上传`,
  unknownColumn: (header, position) => `未知列“${header}”（第 ${position} 列）`,
  repeatedColumn: (c) => `列 ${c.chinese}（${c.name}）出现了不止一次`,
  missingColumn: (c) => `缺少必填列 ${c.chinese}（${c.name}）`,
  headerDoesNotFit: (kind) => renderError('import_header_does_not_fit', { kind: IMPORT_KIND_NAMES[kind] }, 'zh'),
  headerProblems: (kind, problems) => `${CHINESE.headerDoesNotFit(kind)}：${problems.join('；')}`,
  nothingImported: (n) => `${n} 行被拒绝，因此未导入任何数据`,
  failedOnOurSide: (id) => `导入因系统内部错误失败（错误编号 ${id}），可以重新运行；详情见后台任务日志`,
  notAMobile: (c) => `${c.chinese}“%s”不是中国大陆手机号（11 位，以 1 开头；可带 +86、0086、空格、短横线或括号）`,
  bareCarriageReturn: '行内有不带换行符的回车符（CR）；请给该字段加引号，或以 CRLF 或 LF 换行保存文件',
  headerBareCarriageReturn: '表头行中有不带换行符的回车符（CR），文件使用的是旧版 Mac 换行方式。请以 Windows（CRLF）或 Unix（LF）换行保存后重新上传',
  headerQuoteNeverClosed: '表头行中有未闭合的引号。请改正列名后重新上传文件',
  unreadableFile: (reason) => `${CHINESE_UNREADABLE[reason]}。${SAVE_AS_CSV.zh}`,
  fileProblem: (detail) => `文件中有无法读取的值（${detail}）。请改正文件后重新上传`,
};

/** The states of an import in both languages, for messages that name one. */
export const IMPORT_STATUS_NAMES: Record<ImportStatusName, LocalText> = {
  queued: { zh: '排队中', en: 'queued' },
  running: { zh: '导入中', en: 'running' },
  succeeded: { zh: '已完成', en: 'succeeded' },
  rejected: { zh: '已拒绝', en: 'rejected' },
  failed: { zh: '失败', en: 'failed' },
};

/** A sentence of an import's report, to be said in either language. */
export type ImportSentence = (messages: ImportMessages) => string;

/** A sentence in both languages, so that the outcome of an import reads in the language of whoever reads it. */
export function inBothLanguages(say: ImportSentence): LocalText {
  return { zh: say(IMPORT_MESSAGES[ImportLanguage.Chinese]), en: say(IMPORT_MESSAGES[ImportLanguage.English]) };
}

/** A file the import cannot read as a whole; its sentence, in both languages, is the import's outcome. */
export class ImportFileError extends Error {
  readonly texts: LocalText;

  constructor(say: ImportSentence) {
    const texts = inBothLanguages(say);
    super(texts.en);
    this.texts = texts;
  }
}

export const IMPORT_MESSAGES: Record<ImportLanguage, ImportMessages> = {
  [ImportLanguage.Chinese]: CHINESE,
  [ImportLanguage.English]: ENGLISH,
};
