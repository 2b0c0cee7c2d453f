import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import { IdParam, languageOf } from '@lib/common';
import {
  ApproveReportBody,
  DocumentLanguageQuery,
  EvaluationReportService,
  OccasionDocumentQuery,
  OccasionQuery,
  REPORT_FILLERS,
  REPORT_READERS,
  REPORT_REVIEWERS,
  ReportAnswersBody,
  ReportDetail,
  ReportDocuments,
  ReportListQuery,
  ReturnReportBody,
  ReportSummary,
  SideBySideView,
} from '@lib/evaluation/reports';

/** Documents are the reader's own: never kept by a shared cache. */
const PRIVATE = { 'cache-control': 'private, no-store' };

/**
 * Branch evaluation reports (docs/evaluation-reports.md): the branch files its report,
 * the reviewer returns or approves it and compares every branch's report side by side.
 */
@ApiTags('evaluation-reports')
@ApiBearerAuth()
@Controller()
export class EvaluationReportsController {
  constructor(
    private readonly reports: EvaluationReportService,
    private readonly documents: ReportDocuments,
  ) {}

  @Get('evaluation-reports')
  @Roles(...REPORT_READERS)
  @ApiOkResponse({ description: 'The reports you may read: of your branches, or of campaigns you own; overdue ones flagged' })
  list(@CurrentUser() user: AuthUser, @Query() query: ReportListQuery): Promise<ReportSummary[]> {
    return this.reports.list(user, query);
  }

  @Get('evaluation-reports/:id')
  @Roles(...REPORT_READERS)
  @ApiOkResponse({ description: 'One report whole: its form, answers, system figures, explanations, comments and history' })
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<ReportDetail> {
    return this.reports.get(user, id);
  }

  @Put('evaluation-reports/:id')
  @Roles(...REPORT_FILLERS)
  @ApiOkResponse({ description: 'Saves the draft; what is filled must be well-formed, and a changed figure needs its explanation' })
  save(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: ReportAnswersBody): Promise<ReportDetail> {
    return this.reports.save(user, id, body);
  }

  @Post('evaluation-reports/:id/submit')
  @HttpCode(200)
  @Roles(...REPORT_FILLERS)
  @ApiOkResponse({ description: 'Saves and submits the report; every problem is named by field' })
  submit(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: ReportAnswersBody): Promise<ReportDetail> {
    return this.reports.submit(user, id, body);
  }

  @Post('evaluation-reports/:id/return')
  @HttpCode(200)
  @Roles(...REPORT_REVIEWERS)
  @ApiOkResponse({ description: 'Returns a submitted report to its branch with an overall comment and comments on fields' })
  returnReport(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: ReturnReportBody): Promise<ReportDetail> {
    return this.reports.returnReport(user, id, body);
  }

  @Post('evaluation-reports/:id/approve')
  @HttpCode(200)
  @Roles(...REPORT_REVIEWERS)
  @ApiOkResponse({ description: 'Approves a submitted report; the last completion report approved closes the campaign' })
  approve(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: ApproveReportBody): Promise<ReportDetail> {
    return this.reports.approve(user, id, body);
  }

  @Get('evaluation-reports/:id/print')
  @Roles(...REPORT_READERS)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The report as a printable page' })
  async print(
    @CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() { lang }: DocumentLanguageQuery,
    @Headers('accept-language') acceptLanguage: string | undefined, @Res() reply: FastifyReply,
  ): Promise<void> {
    const html = this.documents.html(await this.reports.get(user, id), lang ?? languageOf(acceptLanguage));
    await reply.status(200).headers({ ...PRIVATE, 'content-type': 'text/html; charset=utf-8' }).send(html);
  }

  @Get('evaluation-reports/:id/pdf')
  @Roles(...REPORT_READERS)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The printable page as PDF (A4); 503 when the server has no Chromium' })
  async pdf(
    @CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() { lang }: DocumentLanguageQuery,
    @Headers('accept-language') acceptLanguage: string | undefined, @Res() reply: FastifyReply,
  ): Promise<void> {
    const report = await this.reports.get(user, id);
    const pdf = await this.documents.pdf(report, lang ?? languageOf(acceptLanguage));
    await reply
      .status(200)
      .headers({ ...PRIVATE, 'content-type': 'application/pdf', 'content-disposition': `inline; filename="evaluation-report-${id}.pdf"` })
      .send(pdf);
  }

  @Get('campaigns/:id/evaluation-reports')
  @Roles(...REPORT_READERS)
  @ApiOkResponse({ description: "Every visible branch's report of one occasion of the campaign, side by side" })
  sideBySide(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() query: OccasionQuery): Promise<SideBySideView> {
    return this.reports.sideBySide(user, id, query);
  }

  @Get('campaigns/:id/evaluation-reports.xlsx')
  @Roles(...REPORT_READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The reports side by side as one XLSX: a row per branch, a column per field' })
  async workbook(
    @CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() { lang, ...occasion }: OccasionDocumentQuery,
    @Headers('accept-language') acceptLanguage: string | undefined, @Res() reply: FastifyReply,
  ): Promise<void> {
    const view = await this.reports.sideBySide(user, id, occasion);
    const file = await this.documents.workbook(view, lang ?? languageOf(acceptLanguage));
    await reply
      .status(200)
      .headers({
        ...PRIVATE,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${view.campaignCode}-evaluation-reports.xlsx"`,
      })
      .send(file);
  }
}
