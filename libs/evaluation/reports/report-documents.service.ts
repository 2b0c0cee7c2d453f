import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { DomainError, neutraliseFormula } from '@lib/common';
import type { Language, LocalText } from '@lib/common/error-messages';
import { AppConfig } from '@lib/config';
import type { FormField, FormValue, TableColumn } from '../form-schema';
import type { ReportDetail, SideBySideView } from './evaluation-report.view';
import { formFields } from '../form-validation';
import { sameFigure } from './report-answers';
import { REPORT_STATUS_NAMES } from './report-status';
import { formatDay, formatMoment, formatMoney, formatNumber } from './report-formats';
import { answerText, scalarText } from './report-text';

const WORDS = {
  title: { zh: '营销活动评估报告', en: 'Campaign evaluation report' },
  campaign: { zh: '活动', en: 'Campaign' },
  branch: { zh: '机构', en: 'Branch' },
  occasion: { zh: '评估节点', en: 'Occasion' },
  completion: { zh: '活动结束', en: 'Completion' },
  checkpoint: { zh: '阶段评估', en: 'Checkpoint' },
  status: { zh: '状态', en: 'Status' },
  dueDate: { zh: '截止日期', en: 'Due' },
  submittedAt: { zh: '提交时间', en: 'Submitted' },
  reviewComment: { zh: '审核意见：', en: "Reviewer's comment:" },
  systemFigure: { zh: '系统数据：', en: 'System figure:' },
  explanation: { zh: '修改说明：', en: 'Explanation:' },
  fieldComment: { zh: '审核意见：', en: 'Comment:' },
  printed: { zh: '打印时间', en: 'Printed' },
  system: { zh: '系统', en: 'system' },
  why: { zh: '说明', en: 'explanation' },
  empty: { zh: '未填写', en: 'Not filled in' },
} satisfies Record<string, LocalText>;

/** A 503 that says what the server lacks and what to install. */
function pdfUnavailable(path: string): DomainError {
  return new DomainError('report_pdf_unavailable', `No PDF can be made: Chromium is not installed at ${path}`, 503, undefined, { path });
}

/**
 * A report as documents: the printable page from templates/reports/evaluation-report.hbs,
 * the same page printed to PDF by Debian's Chromium (the CJK font installed by the
 * set-up renders the Chinese text), and every branch's report side by side as one XLSX.
 */
@Injectable()
export class ReportDocuments {
  private readonly page: HandlebarsTemplateDelegate;

  constructor(private readonly config: AppConfig) {
    this.page = Handlebars.compile(readFileSync(resolve(config.TEMPLATES_DIR, 'reports', 'evaluation-report.hbs'), 'utf8'), { strict: true });
  }

  /** The printable page in the reader's language: its words, and its dates, money and numbers written as that language writes them. */
  html(report: ReportDetail, language: Language): string {
    const t = Object.fromEntries(Object.entries(WORDS).map(([key, text]) => [key, text[language]]));
    const fieldView = (field: FormField) => {
      const value: FormValue | undefined = report.answers[field.key];
      const system = report.systemValues[field.key] ?? null;
      const rows = field.type === 'table' && Array.isArray(value) ? (value as Record<string, string | string[]>[]) : [];
      return {
        label: field.label[language],
        value: field.type === 'table' ? '' : printedText(field, value as string | string[] | null | undefined, language) || WORDS.empty[language],
        table: field.type === 'table'
          ? { columns: (field.columns ?? []).map((c) => c.label[language]), rows: rows.map((row) => (field.columns ?? []).map((c) => printedText(c, row[c.key], language))) }
          : null,
        system: system === null ? null : printedText(field, system, language),
        differs: system !== null && !sameFigure(value, system),
        explanation: report.explanations[field.key] ?? null,
        comment: report.fieldComments[field.key] ?? null,
      };
    };
    return this.page({
      lang: language === 'zh' ? 'zh-CN' : 'en',
      t,
      title: `${WORDS.title[language]} · ${language === 'en' ? (report.branch.nameEn ?? report.branch.name) : report.branch.name}`,
      campaignName: report.campaignName,
      campaignCode: language === 'zh' ? `（${report.campaignCode}）` : ` (${report.campaignCode})`,
      branchName: language === 'en' ? (report.branch.nameEn ?? report.branch.name) : report.branch.name,
      occasion: `${WORDS[report.occasion][language]} ${formatDay(report.occasionDate, language)}`,
      status: REPORT_STATUS_NAMES[report.status][language],
      dueDate: formatDay(report.dueDate, language),
      submittedAt: report.submittedAt ? formatMoment(report.submittedAt, language) : '—',
      reviewComment: report.reviewComment,
      sections: report.form.sections.map((section) => ({
        title: section.title[language],
        description: section.description?.[language] ?? null,
        fields: section.fields.map(fieldView),
      })),
      printedAt: formatMoment(new Date(), language),
    });
  }

  /** The printable page as A4 PDF; a 503 naming what to install when Chromium is missing. */
  async pdf(report: ReportDetail, language: Language): Promise<Buffer> {
    const path = this.config.CHROMIUM_PATH;
    if (!existsSync(path)) throw pdfUnavailable(path);
    const browser = await chromium.launch({ executablePath: path, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.setContent(this.html(report, language), { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  }

  /** A row per branch, a column per field (bound fields with their system figure and explanation beside), text cells neutralised. */
  async workbook(view: SideBySideView, language: Language): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(language === 'zh' ? '评估报告' : 'Reports');
    const fields = view.form ? formFields(view.form) : [];
    const header = [WORDS.branch[language], WORDS.status[language], WORDS.dueDate[language]];
    for (const field of fields) {
      header.push(field.label[language]);
      if (field.binding) header.push(aside(field.label[language], WORDS.system[language], language), aside(field.label[language], WORDS.why[language], language));
    }
    sheet.addRow(header.map(neutraliseFormula)).font = { bold: true };
    for (const report of view.reports) {
      const cells: (string | number)[] = [
        language === 'en' ? (report.branch.nameEn ?? report.branch.name) : report.branch.name,
        REPORT_STATUS_NAMES[report.status][language],
        report.dueDate,
      ];
      for (const field of fields) {
        const compared = report.values[field.key];
        cells.push(cellOf(field, compared.value, language));
        if (field.binding) cells.push(compared.system === null ? '' : Number(compared.system), compared.explanation ?? '');
      }
      sheet.addRow(cells.map((cell) => (typeof cell === 'string' ? neutraliseFormula(cell) : cell)));
    }
    sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 1 }];
    sheet.columns.forEach((column) => (column.width = 18));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}

/** Numbers and money as numbers, so the sheet can add them up; everything else as its text. */
function cellOf(field: FormField, value: FormValue, language: Language): string | number {
  if ((field.type === 'number' || field.type === 'money' || field.type === 'percent') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return answerText(field, value, language);
}

/** A scalar answer as the printed page writes it: numbers grouped, money in yuan, dates in words; the rest as report-text reads it. */
function printedText(spec: Pick<FormField | TableColumn, 'type' | 'options'>, value: string | string[] | null | undefined, language: Language): string {
  if (typeof value === 'string' && value !== '') {
    if (spec.type === 'number') return formatNumber(value);
    if (spec.type === 'money') return formatMoney(value);
    if (spec.type === 'percent') return `${formatNumber(value)}%`;
    if (spec.type === 'date') return formatDay(value, language);
  }
  return scalarText(spec, value, language);
}

/** A column named after a field and what it holds of it, in the parentheses of the language. */
function aside(field: string, what: string, language: Language): string {
  return language === 'zh' ? `${field}（${what}）` : `${field} (${what})`;
}
